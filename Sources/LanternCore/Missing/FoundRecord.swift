import Foundation

public enum HowFound: String, Sendable, Codable, CaseIterable, Hashable {
    case returnedThemselves = "returned-themselves"
    case foundByPolice = "found-by-police"
    case foundByFamilyOrCarer = "found-by-family-or-carer"
    case foundByOtherAgency = "found-by-other-agency"
    case other

    public var title: String {
        switch self {
        case .returnedThemselves: "Returned by themselves"
        case .foundByPolice: "Found by police"
        case .foundByFamilyOrCarer: "Found by family or carer"
        case .foundByOtherAgency: "Found by another agency"
        case .other: "Other"
        }
    }
}

/// What a find and a sighting both hold of who and what the child was with: checked against the flags register,
/// so checked one way here.
protocol FlagCheckedLeads {
    var postcode: String? { get set }
    var withPersonIDs: [String] { get }
    var vehicles: [String] { get set }
    var phones: [String] { get set }
}

extension FlagCheckedLeads {
    /// The limit on linked people, and the postcode, vehicles and phones put in their stored forms.
    mutating func checkLeads(into errors: inout FieldErrorCollector) {
        if withPersonIDs.count > 20 { errors.add("withPersonIds", "Link up to 20 person records") }
        postcode = Postcode.validate(postcode, into: &errors)
        vehicles = ObjectList.validate(vehicles, kind: .vehicle, field: "vehicles", into: &errors)
        phones = ObjectList.validate(phones, kind: .phone, field: "phones", into: &errors)
    }
}

/// When, where, with whom and in what state a child was found: the record that
/// starts the prevention interview and return home interview clocks.
public struct FoundRecord: Sendable, Equatable, Codable, FlagCheckedLeads {
    public var foundAt: Date
    public var place: String
    public var postcode: String?
    /// The people the child was with, as named by the officer (linked to person records where known).
    public var withWhom: [String]
    public var withPersonIDs: [String]
    public var condition: String
    public var howFound: HowFound
    /// What the child said, in their own words.
    public var childSaid: String
    /// Vehicle registrations and phone numbers the child was found with (checked against the flags register).
    public var vehicles: [String]
    public var phones: [String]

    public init(
        foundAt: Date, place: String, postcode: String? = nil, withWhom: [String] = [], withPersonIDs: [String] = [],
        condition: String, howFound: HowFound, childSaid: String = "", vehicles: [String] = [], phones: [String] = []
    ) {
        self.vehicles = vehicles
        self.phones = phones
        self.foundAt = foundAt
        self.place = place
        self.postcode = postcode
        self.withWhom = withWhom
        self.withPersonIDs = withPersonIDs
        self.condition = condition
        self.howFound = howFound
        self.childSaid = childSaid
    }

    public func validated(now: Date, lastSeenAt: Date) throws(ValidationFailure) -> FoundRecord {
        var errors = FieldErrorCollector()
        var clean = TextInput.trimmed(self, \.place, \.condition, \.childSaid)
        clean.withWhom = withWhom.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if foundAt > now { errors.add("foundAt", "The time found cannot be in the future") }
        if foundAt < lastSeenAt { errors.add("foundAt", "The time found cannot be before the child was last seen") }
        errors.require(clean.place, "place", label: "where the child was found", maxLength: 500)
        errors.require(clean.condition, "condition", label: "the child's condition when found", maxLength: 5_000)
        if clean.withWhom.count > 20 || clean.withWhom.contains(where: { $0.unicodeScalars.count > 200 }) {
            errors.add("withWhom", "List up to 20 people, each 200 characters or fewer")
        }
        errors.limit(clean.childSaid, "childSaid", maxLength: 10_000)
        clean.checkLeads(into: &errors)
        try errors.throwIfAny()
        return clean
    }
}

/// A sighting while the child is missing: a lead, not a finding.
public struct Sighting: Sendable, Equatable, Codable, FlagCheckedLeads {
    public var at: Date
    public var place: String
    public var reportedBy: String
    public var detail: String
    public var postcode: String?
    /// Person records of whoever the child was seen with; with the place, vehicles and phones, checked
    /// against the flags register.
    public var withPersonIDs: [String]
    public var vehicles: [String]
    public var phones: [String]
    /// What the child said to whoever saw them, in the child's words; it joins the child's record.
    public var childSaid: String

    public init(
        at: Date, place: String, reportedBy: String, detail: String, postcode: String? = nil, withPersonIDs: [String] = [],
        vehicles: [String] = [], phones: [String] = [], childSaid: String = ""
    ) {
        self.childSaid = childSaid
        self.postcode = postcode
        self.withPersonIDs = withPersonIDs
        self.vehicles = vehicles
        self.phones = phones
        self.at = at
        self.place = place
        self.reportedBy = reportedBy
        self.detail = detail
    }

    public func validated(now: Date, lastSeenAt: Date) throws(ValidationFailure) -> Sighting {
        var errors = FieldErrorCollector()
        var clean = TextInput.trimmed(self, \.place, \.reportedBy, \.detail, \.childSaid)
        errors.limit(clean.childSaid, "childSaid", maxLength: 5_000)
        if at > now { errors.add("at", "The time of the sighting cannot be in the future") }
        if at < lastSeenAt { errors.add("at", "A sighting cannot be before the child was last seen") }
        errors.require(clean.place, "place", label: "where the child was seen", maxLength: 500)
        errors.require(clean.reportedBy, "reportedBy", label: "who saw the child", maxLength: 200)
        errors.limit(clean.detail, "detail", maxLength: 5_000)
        clean.checkLeads(into: &errors)
        try errors.throwIfAny()
        return clean
    }
}
