import Foundation

/// What is known of a person being entered, or of one already on record, for matching.
public struct IdentityFacts: Sendable, Equatable {
    public var givenName: String
    public var familyName: String
    /// `YYYY-MM-DD` when known.
    public var dateOfBirth: String?
    public var aliases: [String]
    /// AddressKey values of the addresses the person is linked to.
    public var addressKeys: Set<String>

    public init(givenName: String, familyName: String, dateOfBirth: String? = nil, aliases: [String] = [], addressKeys: Set<String> = []) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.aliases = aliases
        self.addressKeys = addressKeys
    }
}

/// A possible existing record for a person being entered, with the score and the reasons.
public struct IdentityMatch: Sendable, Equatable, Codable {
    public var personID: String
    public var score: Int
    public var reasons: [String]

    public init(personID: String, score: Int, reasons: [String]) {
        self.personID = personID
        self.score = score
        self.reasons = reasons
    }
}

/// Suggests existing people before a new one is created, so one person does not become several
/// unlinked records (the failure behind missed repeat-missing patterns and unseen offenders).
/// Each kind of evidence counts once, at its strongest: a nickname and a phonetic likeness of
/// the same given name are one piece of evidence, not two.
///
/// ```swift
/// let typed = IdentityFacts(givenName: "Bill", familyName: "Thomson", dateOfBirth: "1980-02-03")
/// let onRecord = IdentityFacts(givenName: "William", familyName: "Thompson", dateOfBirth: "1980-03-02")
/// PersonMatching.score(typed, against: onRecord, rules: rules)
/// // score 65: family name sounds the same, Bill is a form of William, day and month swapped
/// ```
public enum PersonMatching {
    public static func score(_ typed: IdentityFacts, against candidate: IdentityFacts, rules: IdentityRules) -> IdentityMatch? {
        var score = 0
        var reasons: [String] = []
        func add(_ weight: String, _ reason: String) {
            score += rules.points(weight)
            reasons.append(reason)
        }
        let family = fold(typed.familyName)
        let cFamily = fold(candidate.familyName)
        if !family.isEmpty && family == cFamily {
            add("familyExact", "same family name")
        } else if !family.isEmpty && phoneticKey(family) == phoneticKey(cFamily) {
            add("familyPhonetic", "family name sounds the same (\(phoneticKey(family)))")
        }

        let given = fold(typed.givenName)
        let cGiven = fold(candidate.givenName)
        let typedFull = fold(typed.givenName + " " + typed.familyName)
        if !given.isEmpty {
            if given == cGiven {
                add("givenExact", "same given name")
            } else if let alias = candidate.aliases.first(where: { fold($0) == given || fold($0) == typedFull }) {
                add("givenAlias", "known as “\(alias)”")
            } else if sharesGroup(given, cGiven, rules) {
                add("givenNickname", "\(typed.givenName) is a form of \(candidate.givenName)")
            } else if phoneticKey(given) == phoneticKey(cGiven) {
                add("givenPhonetic", "given name sounds the same (\(phoneticKey(given)))")
            } else if given.first == cGiven.first {
                add("givenInitial", "same initial")
            }
        }

        if let dob = typed.dateOfBirth, let other = candidate.dateOfBirth, let a = BirthDate(dob), let b = BirthDate(other) {
            if a == b {
                add("birthExact", "same date of birth")
            } else if a.year == b.year && a.month == b.day && a.day == b.month {
                add("birthTransposed", "date of birth with day and month swapped")
            } else if a.month == b.month && a.day == b.day && abs(a.year - b.year) == 1 {
                add("birthYearApart", "same birthday a year apart")
            } else if abs(a.dayNumber - b.dayNumber) <= rules.birthToleranceDays.value {
                add("birthClose", "dates of birth \(abs(a.dayNumber - b.dayNumber)) days apart")
            } else {
                add("birthDifferent", "different date of birth")
            }
        }
        if !typed.addressKeys.isDisjoint(with: candidate.addressKeys) { add("sharedAddress", "linked to the same address") }
        guard score >= rules.suggestAtLeast.value else { return nil }
        return IdentityMatch(personID: "", score: min(score, 100), reasons: reasons)
    }

    static func sharesGroup(_ a: String, _ b: String, _ rules: IdentityRules) -> Bool {
        rules.nicknames.contains { $0.contains(a) && $0.contains(b) }
    }

    /// Lower case, no accents, letters and spaces only: "Zoë O'Neil" and "zoe oneil" compare equal.
    public static func fold(_ text: String) -> String {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(plain.unicodeScalars.filter { CharacterSet.letters.contains($0) || $0 == " " }.map(Character.init))
            .split(separator: " ").joined(separator: " ")
    }

    /// The phonetic key names are compared by: Soundex after folding spellings English names are
    /// often written both ways ("ph" as "f", "mps" as "ms"), so Thompson and Thomson, Philips and
    /// Filips share a key.
    public static func phoneticKey(_ name: String) -> String {
        var text = fold(name)
        for (variant, common) in [("ph", "f"), ("mps", "ms"), ("ck", "k")] { text = text.replacingOccurrences(of: variant, with: common) }
        return soundex(text)
    }

    /// American Soundex (the National Archives rules, including the H/W rule) of a folded name;
    /// spaces and hyphens are ignored so "Smith-Jones" and "Smithjones" agree.
    public static func soundex(_ name: String) -> String {
        let letters = Array(name.lowercased().unicodeScalars.filter { $0.value >= 97 && $0.value <= 122 })
        guard let first = letters.first else { return "" }
        func code(_ c: Unicode.Scalar) -> Character? {
            switch c {
            case "b", "f", "p", "v": "1"
            case "c", "g", "j", "k", "q", "s", "x", "z": "2"
            case "d", "t": "3"
            case "l": "4"
            case "m", "n": "5"
            case "r": "6"
            default: nil
            }
        }
        var result = String(Character(first)).uppercased()
        var previous = code(first)
        for c in letters.dropFirst() {
            let current = code(c)
            if let current, current != previous { result.append(current) }
            if result.count == 4 { break }
            // H and W do not separate letters with the same code; vowels do.
            if c != "h" && c != "w" { previous = current }
        }
        return result.padding(toLength: 4, withPad: "0", startingAt: 0)
    }
}

/// A `YYYY-MM-DD` date as numbers, for tolerance checks.
struct BirthDate: Equatable {
    var year: Int, month: Int, day: Int

    init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    /// Days since a fixed epoch (civil-from-days inverse), so differences are exact across months.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }
}
