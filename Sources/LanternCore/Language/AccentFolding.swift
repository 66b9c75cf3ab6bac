import Foundation

/// Latin letters with accents read as their plain letter ("fiancé" as "fiance", "Zoë" as "zoe"), in rule
/// patterns and in the text checked alike, so a phrase written either way matches text written either way.
/// Letters with no plain ASCII base ("ß", "æ", and every non-Latin script) stay opaque letters.
enum AccentFolding {
    /// For each scalar below U+0250 (Latin-1 Supplement and Latin Extended-A and -B), the plain lower-case
    /// ASCII letter it folds to, or 0.
    private static let table: [UInt8] = (0..<0x250).map { value in
        guard value >= 0xC0, let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
        let folded = String(Character(scalar)).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        guard folded.utf8.count == 1, let byte = folded.utf8.first, byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return 0 }
        return byte
    }

    /// The plain lower-case ASCII letter `scalar` folds to, if it is an accented Latin letter.
    static func plainLetter(_ scalar: UInt32) -> UInt8? {
        guard scalar >= 0xC0, scalar < 0x250 else { return nil }
        let letter = table[Int(scalar)]
        return letter == 0 ? nil : letter
    }
}
