import Foundation

/// How an adult took part in the incident.
public enum IncidentAdultRole: String, Sendable, Codable, CaseIterable, Hashable {
    case victim
    case suspect
    case otherAdult = "other-adult"

    public var title: String {
        switch self {
        case .victim: "Victim"
        case .suspect: "Suspect"
        case .otherAdult: "Other adult present"
        }
    }
}

/// How a child was at the incident. Every one of them is a victim in their own right when they see, hear or
/// experience the effects of the abuse (Domestic Abuse Act 2021 s3); the role says how.
public enum ChildPresence: String, Sendable, Codable, CaseIterable, Hashable {
    case present
    case witnessed
    case livesThere = "lives-there"
    case livesElsewhere = "lives-elsewhere"

    public var title: String {
        switch self {
        case .present: "Present"
        case .witnessed: "Saw or heard it"
        case .livesThere: "Lives there, not present"
        case .livesElsewhere: "Normally lives elsewhere"
        }
    }
}

public struct IncidentAdult: Sendable, Equatable, Codable, Hashable {
    public var personID: String
    public var role: IncidentAdultRole

    public init(personID: String, role: IncidentAdultRole) {
        self.personID = personID
        self.role = role
    }
}

public struct IncidentChild: Sendable, Equatable, Codable, Hashable {
    public var childID: String
    public var presence: ChildPresence
    /// What the child said or showed, in their words where possible: the child's voice on their own record.
    public var voice: String

    public init(childID: String, presence: ChildPresence, voice: String = "") {
        self.childID = childID
        self.presence = presence
        self.voice = voice
    }
}

/// What the attending officer records: the event, its place, who attended, the adults and each child.
public struct IncidentReport: Sendable, Equatable, Codable {
    public var occurredAt: Date
    public var address: String
    public var postcode: String?
    public var whatHappened: String
    /// The officers who attended, by collar number or name.
    public var attendedBy: [String]
    public var adults: [IncidentAdult]
    public var children: [IncidentChild]

    public init(
        occurredAt: Date, address: String, postcode: String? = nil, whatHappened: String, attendedBy: [String], adults: [IncidentAdult],
        children: [IncidentChild]
    ) {
        self.occurredAt = occurredAt
        self.address = address
        self.postcode = postcode
        self.whatHappened = whatHappened
        self.attendedBy = attendedBy
        self.adults = adults
        self.children = children
    }

    /// Every reason the report cannot be saved, by field; nothing is saved while any remain.
    public func check(now: Date) throws(ValidationFailure) {
        var errors = FieldErrorCollector()
        if occurredAt > now.addingTimeInterval(300) { errors.add("occurredAt", "The incident cannot be in the future") }
        errors.require(address, "address", label: "the address of the incident", maxLength: 300)
        errors.require(whatHappened, "whatHappened", label: "what happened", maxLength: 8000)
        errors.limit(postcode ?? "", "postcode", maxLength: 10)
        if attendedBy.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            errors.add("attendedBy", "Name at least one officer who attended")
        }
        if attendedBy.count > 20 || attendedBy.contains(where: { $0.unicodeScalars.count > 100 }) {
            errors.add("attendedBy", "Name at most 20 officers, each in 100 characters or fewer")
        }
        checkPeople(&errors)
        try errors.throwIfAny()
    }

    private func checkPeople(_ errors: inout FieldErrorCollector) {
        if !adults.contains(where: { $0.role == .victim }) { errors.add("adults", "Add the adult victim") }
        if !adults.contains(where: { $0.role == .suspect }) { errors.add("adults", "Add the suspect") }
        if Set(adults.map(\.personID)).count != adults.count { errors.add("adults", "Each adult appears once, with one role") }
        if children.isEmpty { errors.add("children", "Add each child who lives there or was present") }
        // A household, not a list: more than this is a mistake or an attack, and each one is checked against the record.
        if adults.count > 12 { errors.add("adults", "An incident names at most 12 adults") }
        if children.count > 20 { errors.add("children", "An incident names at most 20 children") }
        if Set(children.map(\.childID)).count != children.count { errors.add("children", "Each child appears once") }
        if let both = children.first(where: { child in adults.contains { $0.personID == child.childID } }) {
            errors.add("children", "\(both.childID.prefix(40)) is listed as both a child and an adult")
        }
        for (index, child) in children.enumerated() where child.voice.unicodeScalars.count > 4000 {
            errors.add("children[\(index)].voice", "What the child said or showed must be 4000 characters or fewer")
        }
    }

    /// The victim and suspect pairs, unordered, so "the same adults" matches whichever way round they were recorded.
    public var victimSuspectPairs: Set<Set<String>> {
        let victims = adults.filter { $0.role == .victim }.map(\.personID)
        let suspects = adults.filter { $0.role == .suspect }.map(\.personID)
        return Set(victims.flatMap { v in suspects.map { Set([v, $0]) } })
    }
}

/// An incident as recorded: the report with its reference, its scope and its version.
public struct DomesticAbuseIncident: Sendable, Equatable, Codable {
    public var id: String
    public var reference: String
    public var report: IncidentReport
    public var team: String
    public var borough: String
    public var createdBy: String
    public var createdAt: Date
    public var version: Int

    public init(
        id: String, reference: String, report: IncidentReport, team: String, borough: String, createdBy: String, createdAt: Date,
        version: Int = 1
    ) {
        self.id = id
        self.reference = reference
        self.report = report
        self.team = team
        self.borough = borough
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }
}
