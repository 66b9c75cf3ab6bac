import Foundation

/// HTML escaping by Unicode scalar, not by grapheme cluster. A `"` followed by a combining mark
/// (U+0301) is one Character in Swift, so an escape that looks at Characters lets it through and a
/// name or search term can add attributes. Everything here looks at scalars.
enum HTMLText {
    static let special: Set<Unicode.Scalar> = ["<", ">", "&", "\"", "'"]

    /// Escapes the five HTML-special scalars wherever they stand.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The text with every special scalar made its own grapheme cluster, for the template engine,
    /// which escapes per Character: a zero-width space before it (nothing prepends to it) and a dotted
    /// circle after it (the base Unicode gives an orphaned combining mark). Text without such a
    /// cluster, which is all text people type, comes back unchanged.
    static func isolatingSpecials(_ text: String) -> String {
        guard text.contains(where: { $0.unicodeScalars.count > 1 && $0.unicodeScalars.contains(where: special.contains) }) else {
            return text
        }
        var out = ""
        for character in text {
            guard character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: special.contains) else {
                out.append(character)
                continue
            }
            var scalars = String.UnicodeScalarView()
            for scalar in character.unicodeScalars {
                if special.contains(scalar) {
                    scalars.append("\u{200B}")
                    scalars.append(scalar)
                    scalars.append("\u{25CC}")
                } else {
                    scalars.append(scalar)
                }
            }
            out.append(String(scalars))
        }
        return out
    }
}
