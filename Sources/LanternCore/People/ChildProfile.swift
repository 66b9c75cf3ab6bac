import Foundation

/// Concerns about exploitation recorded on a child (the flags that change risk grading).
public enum ExploitationFlag: String, Sendable, Codable, CaseIterable, Hashable {
    case sexual = "cse"
    case criminal = "cce"
    case countyLines = "county-lines"
    case online
    case trafficking

    public var title: String {
        switch self {
        case .sexual: "Child sexual exploitation"
        case .criminal: "Child criminal exploitation"
        case .countyLines: "County lines"
        case .online: "Online exploitation"
        case .trafficking: "Trafficking or modern slavery"
        }
    }
}

/// What Lantern holds about a child beyond the person record: who they are, where they live,
/// who is responsible for them, and their own words.
public struct ChildProfile: Sendable, Equatable, Codable {
    public var personID: String
    public var aliases: [String]
    /// When the date of birth is not known, an estimated age in years at `estimatedAgeAt`.
    public var estimatedAge: Int?
    public var estimatedAgeAt: Date?
    public var sex: String
    public var description: String
    public var homeAddress: String
    public var homePostcode: String?
    public var placementAddress: String
    public var placementPostcode: String?
    public var school: String
    public var lookedAfter: Bool
    public var responsibleAuthority: String
    public var placement: String
    /// A looked-after child placed outside their responsible (placing) authority: the host authority must be told too.
    public var placedOutOfArea: Bool
    public var hostAuthority: String
    public var childProtectionPlan: Bool
    public var exploitationFlags: Set<ExploitationFlag>
    /// The child's own wishes and feelings, in their words ("voice of the child").
    public var wishes: String
    public var updatedAt: Date
    public var updatedBy: String

    public init(
        personID: String, aliases: [String] = [], estimatedAge: Int? = nil, estimatedAgeAt: Date? = nil, sex: String = "",
        description: String = "", homeAddress: String = "", homePostcode: String? = nil, placementAddress: String = "",
        placementPostcode: String? = nil, school: String = "", lookedAfter: Bool = false, responsibleAuthority: String = "",
        placement: String = "", placedOutOfArea: Bool = false, hostAuthority: String = "", childProtectionPlan: Bool = false,
        exploitationFlags: Set<ExploitationFlag> = [], wishes: String = "", updatedAt: Date, updatedBy: String
    ) {
        self.personID = personID
        self.aliases = aliases
        self.estimatedAge = estimatedAge
        self.estimatedAgeAt = estimatedAgeAt
        self.sex = sex
        self.description = description
        self.homeAddress = homeAddress
        self.homePostcode = homePostcode
        self.placementAddress = placementAddress
        self.placementPostcode = placementPostcode
        self.school = school
        self.lookedAfter = lookedAfter
        self.responsibleAuthority = responsibleAuthority
        self.placement = placement
        self.placedOutOfArea = placedOutOfArea
        self.hostAuthority = hostAuthority
        self.childProtectionPlan = childProtectionPlan
        self.exploitationFlags = exploitationFlags
        self.wishes = wishes
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// The child's age in whole years: from the date of birth when known, else the estimate carried forward.
    public func age(dateOfBirth: String?, on date: Date) -> Int? {
        if let dob = dateOfBirth, let age = PersonDraft.age(ofBirthDate: dob, on: date), age >= 0 { return age }
        guard let estimate = estimatedAge else { return nil }
        let years = estimatedAgeAt.map { Int(date.timeIntervalSince($0) / (365.25 * 86_400)) } ?? 0
        return estimate + max(0, years)
    }

    public func validated() throws(ValidationFailure) -> ChildProfile {
        var errors = FieldErrorCollector()
        var clean = self
        clean.aliases = aliases.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        // Counted as sent, blanks included: the limit is on what a client may send, as documented.
        if aliases.count > 20 || clean.aliases.contains(where: { $0.unicodeScalars.count > 100 }) {
            errors.add("aliases", "List up to 20 aliases, each 100 characters or fewer")
        }
        if let age = estimatedAge, !(0...17).contains(age) {
            errors.add("estimatedAge", "An estimated age must be a whole number from 0 to 17")
        }
        errors.limit([
            ("sex", sex, 50), ("description", description, 5_000), ("homeAddress", homeAddress, 500),
            ("placementAddress", placementAddress, 500), ("school", school, 200),
            ("responsibleAuthority", responsibleAuthority, 200), ("placement", placement, 500),
            ("hostAuthority", hostAuthority, 200), ("wishes", wishes, 10_000),
        ])
        clean.homePostcode = Postcode.validate(homePostcode, field: "homePostcode", into: &errors)
        clean.placementPostcode = Postcode.validate(placementPostcode, field: "placementPostcode", into: &errors)
        if lookedAfter && responsibleAuthority.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("responsibleAuthority", "Enter the responsible local authority for a looked-after child")
        }
        if placedOutOfArea && !lookedAfter {
            errors.add("placedOutOfArea", "Only a looked-after child is placed out of area; tick 'looked after' too, or untick this")
        }
        if placedOutOfArea && hostAuthority.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("hostAuthority", "Enter the local authority the child is placed in (the host authority)")
        }
        clean.hostAuthority = hostAuthority.trimmingCharacters(in: .whitespacesAndNewlines)
        try errors.throwIfAny()
        return clean
    }
}

/// A Philomena Protocol profile (Part 1): what carers prepare in advance for a looked-after child
/// at risk of going missing. Every save is a new version; reports show how old the latest is.
public struct PhilomenaProfile: Sendable, Equatable, Codable {
    public var personID: String
    public var version: Int
    public var description: String
    public var photoReference: String
    public var associates: String
    public var placesFrequented: String
    public var previousMissing: String
    public var vulnerabilities: String
    public var medical: String
    public var phoneAndSocialMedia: String
    public var transport: String
    public var completedBy: String
    public var updatedAt: Date
    public var updatedBy: String

    public init(
        personID: String, version: Int, description: String, photoReference: String = "", associates: String = "",
        placesFrequented: String = "", previousMissing: String = "", vulnerabilities: String = "", medical: String = "",
        phoneAndSocialMedia: String = "", transport: String = "", completedBy: String, updatedAt: Date, updatedBy: String
    ) {
        self.personID = personID
        self.version = version
        self.description = description
        self.photoReference = photoReference
        self.associates = associates
        self.placesFrequented = placesFrequented
        self.previousMissing = previousMissing
        self.vulnerabilities = vulnerabilities
        self.medical = medical
        self.phoneAndSocialMedia = phoneAndSocialMedia
        self.transport = transport
        self.completedBy = completedBy
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// Whole days since the profile was last updated.
    public func ageInDays(at now: Date) -> Int { max(0, Int(now.timeIntervalSince(updatedAt) / 86_400)) }

    public func isStale(at now: Date, rules: MissingRules) -> Bool { ageInDays(at: now) > rules.philomenaStaleAfterDays.value }

    public func validated() throws(ValidationFailure) -> PhilomenaProfile {
        var errors = FieldErrorCollector()
        errors.require(description, "description", label: "a physical description", maxLength: 5_000)
        errors.require(completedBy, "completedBy", label: "who completed the profile (carer and organisation)", maxLength: 200)
        errors.limit(
            [
                ("photoReference", photoReference), ("associates", associates), ("placesFrequented", placesFrequented),
                ("previousMissing", previousMissing), ("vulnerabilities", vulnerabilities), ("medical", medical),
                ("phoneAndSocialMedia", phoneAndSocialMedia), ("transport", transport),
            ].map { ($0, $1, 5_000) })
        try errors.throwIfAny()
        return self
    }
}

/// Something a child said, wherever they were seen: found, prevention interview, return home
/// interview, or their profile. Shown together on the child's record.
public struct ChildVoice: Sendable, Equatable, Codable {
    public var personID: String
    public var at: Date
    public var context: String
    public var words: String
    public var recordedBy: String

    public init(personID: String, at: Date, context: String, words: String, recordedBy: String) {
        self.personID = personID
        self.at = at
        self.context = context
        self.words = words
        self.recordedBy = recordedBy
    }
}
