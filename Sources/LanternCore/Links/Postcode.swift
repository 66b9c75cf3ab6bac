/// UK postcodes in their canonical form: upper case, one space before the inward code
/// ("sw1a1aa" -> "SW1A 1AA"), so the same address typed two ways is one Location.
public enum Postcode {
    /// The canonical form, or nil when the text is not shaped like a UK postcode.
    public static func normalise(_ text: String) -> String? {
        let compact = String(text.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace })
        guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let outward = compact.dropLast(3)
        let inward = compact.suffix(3)
        // Inward code: a digit then two letters (never C, I, K, M, O, V).
        let letters = Array(inward.dropFirst())
        guard inward.first!.isNumber, letters.allSatisfy({ $0.isLetter && !"CIKMOV".contains($0) }) else { return nil }
        // Outward code: one or two letters, a digit, then optionally a digit or letter (A9, A99, A9A, AA9, AA99, AA9A).
        let o = Array(outward)
        guard o.first!.isLetter else { return nil }
        let shapes: Set<String> = ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"]
        let shape = String(o.map { $0.isLetter ? "A" : "9" })
        guard shapes.contains(shape) else { return nil }
        return "\(outward) \(inward)"
    }

    /// An optional postcode field: blank is nil, a bad one is reported against `field`.
    public static func validate(_ text: String?, field: String = "postcode", into errors: inout FieldErrorCollector) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let canonical = normalise(text) else {
            errors.add(field, "'\(text.prefix(20))' is not a UK postcode; write it like SW1A 1AA")
            return nil
        }
        return canonical
    }
}
