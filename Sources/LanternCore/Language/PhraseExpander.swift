/// Turns rule patterns into the concrete, normalised phrases the matcher looks for.
///
/// Normalised form: lower case, accents folded (see `AccentFolding`), words separated by single spaces, hyphens as spaces,
/// curly apostrophes as straight ones. Each hyphenated or two-word compound also gets its
/// joined spelling ("risk-taking" -> "risk taking", "risktaking").
public enum PhraseExpander {
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func expand(_ pattern: String, macros: [String: [String]]) throws(Invalid) -> [String] {
        let results = try substitute(pattern, macros: macros, depth: 0)
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

    /// A macro's forms may name other macros (`adultref` holds `{adultage} year old`), so a setting is
    /// written once and reused; nesting stops at four levels, which also catches a macro naming itself.
    static func substitute(_ pattern: String, macros: [String: [String]], depth: Int) throws(Invalid) -> [String] {
        guard depth < 4 else { throw Invalid(description: "pattern '\(pattern)' nests macros more than four deep") }
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
            var expanded: [String] = []
            for form in forms {
                expanded += form.contains("{") ? try substitute(form, macros: macros, depth: depth + 1) : [form]
            }
            results = results.flatMap { prefix in expanded.map { prefix + $0 } }
            rest = rest[rest.index(after: close)...]
        }
        return results.map { $0 + rest }
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
            case _ where AccentFolding.plainLetter(scalar.value) != nil:
                out.unicodeScalars.append(Unicode.Scalar(AccentFolding.plainLetter(scalar.value)!))
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
