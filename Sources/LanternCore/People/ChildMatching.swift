import Foundation

/// A possible existing record for a child being reported, with the score and the reasons.
public struct ChildMatch: Sendable, Equatable, Codable {
    public var personID: String
    public var score: Int
    public var reasons: [String]

    public init(personID: String, score: Int, reasons: [String]) {
        self.personID = personID
        self.score = score
        self.reasons = reasons
    }
}

/// Suggests existing children before a new one is created, so one child does not become
/// several unlinked records (the failure behind missed repeat-missing patterns).
public enum ChildMatching {
    /// Scores a candidate against what the reporter typed. 0 means no match worth showing.
    public static func score(givenName: String, familyName: String, dateOfBirth: String?, candidateGiven: String,
                             candidateFamily: String, candidateDateOfBirth: String?, aliases: [String]) -> ChildMatch? {
        var score = 0
        var reasons: [String] = []
        let given = fold(givenName), family = fold(familyName)
        let cGiven = fold(candidateGiven), cFamily = fold(candidateFamily)
        if !family.isEmpty && family == cFamily { score += 40; reasons.append("same family name") }
        else if !family.isEmpty && cFamily.hasPrefix(family) { score += 20; reasons.append("family name starts the same") }
        if !given.isEmpty && given == cGiven { score += 30; reasons.append("same given name") }
        else if !given.isEmpty && cGiven.hasPrefix(given) { score += 15; reasons.append("given name starts the same") }
        let typed = fold(givenName + " " + familyName)
        if let alias = aliases.first(where: { fold($0) == typed || fold($0) == given }), !given.isEmpty {
            score += 35; reasons.append("matches alias “\(alias)”")
        }
        if let dob = dateOfBirth, !dob.isEmpty, let other = candidateDateOfBirth {
            if dob == other { score += 30; reasons.append("same date of birth") }
            else if dob.prefix(4) == other.prefix(4) { score += 10; reasons.append("same year of birth") }
            else { score -= 20; reasons.append("different date of birth") }
        }
        return score >= 40 ? ChildMatch(personID: "", score: min(score, 100), reasons: reasons) : nil
    }

    /// Lower case, no accents, letters and spaces only: "Zoë O'Neil" and "zoe oneil" compare equal.
    public static func fold(_ text: String) -> String {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(plain.unicodeScalars.filter { CharacterSet.letters.contains($0) || $0 == " " }.map(Character.init))
            .split(separator: " ").joined(separator: " ")
    }
}
