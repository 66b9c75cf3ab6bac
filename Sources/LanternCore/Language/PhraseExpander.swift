/// Turns rule patterns into the concrete, normalised phrases the matcher looks for.
///
/// Normalised form: lower case, words separated by single spaces, hyphens as spaces,
/// curly apostrophes as straight ones. Each hyphenated or two-word compound also gets its
/// joined spelling ("risk-taking" -> "risk taking", "risktaking").
public enum PhraseExpander {
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func expand(_ pattern: String, macros: [String: [String]]) throws(Invalid) -> [String] {
        var results: [String] = [""]
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            let literal = String(rest[..<open])
            results = results.map { $0 + literal }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw Invalid(description: "pattern '\(pattern)' has an unclosed {")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let forms = macros[name], !forms.isEmpty else {
                throw Invalid(description: "pattern '\(pattern)' uses an unknown macro {\(name)}")
            }
            results = results.flatMap { prefix in forms.map { prefix + $0 } }
            rest = rest[rest.index(after: close)...]
        }
        results = results.map { $0 + rest }
        var phrases: [String] = []
        for result in results {
            let normal = normalise(result)
            guard !normal.isEmpty else { continue }
            phrases.append(normal)
            if result.contains("-") {
                phrases.append(normalise(result.replacingOccurrences(of: "-", with: "")))
            }
        }
        var seen = Set<String>()
        return phrases.filter { seen.insert($0).inserted }
    }

    /// The normal form the matcher compares: the same steps the matcher applies to text.
    public static func normalise(_ text: String) -> String {
        var out = ""
        var lastWasSpace = true
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            case "'", "\u{2019}":
                if !lastWasSpace { out.append("'") }
            default:
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            }
        }
        while out.hasSuffix(" ") || out.hasSuffix("'") { out.removeLast() }
        return out
    }
}
