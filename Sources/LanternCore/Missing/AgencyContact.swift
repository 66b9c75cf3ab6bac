import Foundation

/// The agencies Lantern records contact with during an episode.
public enum Agency: String, Sendable, Codable, CaseIterable, Hashable {
    case childrensSocialCare = "childrens-social-care"
    case emergencyDutyTeam = "emergency-duty-team"
    case health
    case education
    case anotherForce = "another-force"
    case voluntarySector = "voluntary-sector"
    case other

    public var title: String {
        switch self {
        case .childrensSocialCare: "Children's social care"
        case .emergencyDutyTeam: "Social care emergency duty team"
        case .health: "Health"
        case .education: "Education"
        case .anotherForce: "Another police force"
        case .voluntarySector: "Voluntary sector"
        case .other: "Other"
        }
    }

    /// Contact with these counts as telling the local authority.
    public var isLocalAuthority: Bool { self == .childrensSocialCare || self == .emergencyDutyTeam }
}

public enum ContactMethod: String, Sendable, Codable, CaseIterable, Hashable {
    case phone
    case email
    case secureEmail = "secure-email"
    case inPerson = "in-person"
    case meeting
    case portal

    public var title: String {
        switch self {
        case .phone: "Phone"
        case .email: "Email"
        case .secureEmail: "Secure email"
        case .inPerson: "In person"
        case .meeting: "Meeting or strategy discussion"
        case .portal: "Online portal"
        }
    }
}

/// One communication with another agency during an episode: the record HMICFRS found missing.
public struct AgencyContact: Sendable, Equatable, Codable {
    public var id: String
    public var episodeID: String
    public var agency: Agency
    /// Which local authority or organisation (e.g. "Lambeth Children's Services").
    public var organisation: String
    public var personName: String
    public var at: Date
    public var method: ContactMethod
    public var summary: String
    public var reference: String
    /// This contact told the local authority the child is missing (or found).
    public var notifiesLocalAuthority: Bool
    public var recordedBy: String
    public var recordedAt: Date

    public init(
        id: String, episodeID: String, agency: Agency, organisation: String, personName: String, at: Date,
        method: ContactMethod, summary: String, reference: String, notifiesLocalAuthority: Bool, recordedBy: String,
        recordedAt: Date
    ) {
        self.id = id
        self.episodeID = episodeID
        self.agency = agency
        self.organisation = organisation
        self.personName = personName
        self.at = at
        self.method = method
        self.summary = summary
        self.reference = reference
        self.notifiesLocalAuthority = notifiesLocalAuthority
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// Checks a contact before it is stored: it happened, not in the future, with someone named.
    public func validated(now: Date, lastSeenAt: Date) throws(ValidationFailure) -> AgencyContact {
        var errors = FieldErrorCollector()
        let clean = TextInput.trimmed(self, \.organisation, \.personName, \.summary, \.reference)
        Self.checkDetails(
            organisation: clean.organisation, organisationLabel: "the organisation contacted", personName: clean.personName,
            summary: clean.summary, reference: clean.reference, into: &errors)
        if at > now { errors.add("at", "The time of the contact cannot be in the future") }
        if at < lastSeenAt.addingTimeInterval(-86_400) {
            errors.add("at", "The contact is more than a day before the child was last seen; record it on the right episode")
        }
        if notifiesLocalAuthority && !agency.isLocalAuthority {
            errors.add("notifiesLocalAuthority", "Only a contact with children's social care or its emergency duty team notifies the local authority")
        }
        try errors.throwIfAny()
        return clean
    }

    /// What every contact with another agency needs, wherever it is logged: who was contacted, who was spoken to,
    /// what was said, and a reference of a sensible length.
    public static func checkDetails(
        organisation: String, organisationLabel: String, personName: String, summary: String, reference: String,
        into errors: inout FieldErrorCollector
    ) {
        errors.require(organisation, "organisation", label: organisationLabel, maxLength: 200)
        errors.require(personName, "personName", label: "who you spoke to (name or role)", maxLength: 200)
        errors.require(summary, "summary", label: "what was said", maxLength: 10_000)
        if reference.unicodeScalars.count > 100 { errors.add("reference", "The reference must be 100 characters or fewer") }
    }
}
