import Foundation

/// The part a person plays in Lantern's records (the P of POLE).
public enum PersonKind: String, Sendable, Codable, CaseIterable, Hashable {
    case child
    case parentOrCarer = "parent-or-carer"
    case associate
    case suspect
    case registeredSexOffender = "registered-sex-offender"
    /// An adult reported missing because they are at risk (dementia, mental health, a learning disability).
    case adultAtRisk = "adult-at-risk"

    public var title: String {
        switch self {
        case .child: "Child"
        case .parentOrCarer: "Parent or carer"
        case .associate: "Associate"
        case .suspect: "Suspect"
        case .registeredSexOffender: "Registered sex offender"
        case .adultAtRisk: "Adult at risk"
        }
    }
}

/// A person held in Lantern: the base record later features (missing episodes,
/// links, exploitation) hang from.
public struct Person: Sendable, Equatable, Encodable {
    public var id: String
    public var kind: PersonKind
    public var givenName: String
    public var familyName: String
    /// ISO 8601 calendar date (`YYYY-MM-DD`), when known.
    public var dateOfBirth: String?
    public var notes: String
    public var team: String
    public var borough: String
    public var restricted: Bool
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    /// Increases with every change; a change made against an older version is refused (no lost updates).
    public var version: Int
    /// Set when the record's personal data has been erased; the row remains as a tombstone.
    public var erasedAt: Date?

    /// The fields the API publishes: who created the record is for the access policy.
    private enum CodingKeys: String, CodingKey {
        case id, kind, givenName, familyName, dateOfBirth, notes, team, borough, restricted, createdAt, updatedAt, version, erasedAt
    }

    public init(
        id: String, kind: PersonKind, givenName: String, familyName: String, dateOfBirth: String?, notes: String,
        team: String, borough: String, restricted: Bool, createdBy: String, createdAt: Date, updatedAt: Date,
        version: Int, erasedAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.notes = notes
        self.team = team
        self.borough = borough
        self.restricted = restricted
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.erasedAt = erasedAt
    }

    public var scope: RecordScope {
        RecordScope(team: team, borough: borough, createdBy: createdBy, restricted: restricted)
    }

    public var displayName: String {
        erasedAt != nil ? "(erased record)" : "\(givenName) \(familyName)".trimmingCharacters(in: .whitespaces)
    }

    /// A child's record needs a stated purpose before it is opened (DPA 2018 s62(2)).
    public func isChild(on date: Date) -> Bool {
        if kind == .child { return true }
        guard let dob = dateOfBirth, let age = PersonDraft.age(ofBirthDate: dob, on: date) else { return false }
        return age < 18
    }
}

/// The fields a person can be created or changed with, checked before anything is stored.
public struct PersonDraft: Sendable, Equatable, Codable {
    public var kind: PersonKind
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: String?
    public var notes: String
    public var restricted: Bool

    public init(
        kind: PersonKind, givenName: String, familyName: String, dateOfBirth: String? = nil, notes: String = "",
        restricted: Bool = false
    ) {
        self.kind = kind
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.notes = notes
        self.restricted = restricted
    }

    public static let maximumNotesLength = 20_000

    /// Normalises and checks the draft; `today` bounds the date of birth.
    public func validated(today: Date) throws(ValidationFailure) -> PersonDraft {
        var errors = FieldErrorCollector()
        var clean = TextInput.trimmed(self, \.givenName, \.familyName)
        errors.require(clean.givenName, "givenName", label: "a given name", maxLength: 100)
        errors.require(clean.familyName, "familyName", label: "a family name", maxLength: 100)
        for (field, value) in [("givenName", clean.givenName), ("familyName", clean.familyName)]
        where value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            errors.add(field, "Name must not contain control characters")
        }
        if let dob = dateOfBirth?.trimmingCharacters(in: .whitespaces), !dob.isEmpty {
            if let age = Self.age(ofBirthDate: dob, on: today) {
                if age < 0 {
                    errors.add("dateOfBirth", "Date of birth must be today or in the past")
                } else if age > 120 {
                    errors.add("dateOfBirth", "Date of birth must be within the last 120 years")
                }
                clean.dateOfBirth = dob
            } else {
                errors.add("dateOfBirth", "Date of birth must be a real date written as YYYY-MM-DD, for example 2011-03-27")
            }
        } else {
            clean.dateOfBirth = nil
        }
        if notes.unicodeScalars.count > Self.maximumNotesLength {
            errors.add("notes", "Notes must be \(Self.maximumNotesLength) characters or fewer")
        }
        try errors.throwIfAny()
        return clean
    }

    /// Calendar is a value type: one shared copy saves building one per call (an import checks a million dates).
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Whole years between a `YYYY-MM-DD` birth date and `date` (UTC); nil when the text is not a real date.
    public static func age(ofBirthDate text: String, on date: Date) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        let calendar = Self.utc
        guard let birth = calendar.date(from: DateComponents(year: y, month: m, day: d)),
            calendar.component(.day, from: birth) == d, calendar.component(.month, from: birth) == m
        else { return nil }
        if birth > date { return -1 }
        return calendar.dateComponents([.year], from: birth, to: date).year
    }
}
