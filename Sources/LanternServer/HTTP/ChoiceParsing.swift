import LanternCore

/// A value chosen from a fixed list (an enum of strings) as a request names it. One place writes the
/// refusal, so every field answers the same way: the field, and every value it accepts.
extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// `text` as one of the enum's values, or a 422 on `field` saying "`name` must be one of: ...".
    /// `name` is the field's own name when it differs from the field the error marks (an element of a list).
    static func parse(_ text: String, field: String, name: String? = nil) throws -> Self {
        guard let value = Self(rawValue: text) else { throw ValidationFailure(field, mustBeOneOf(name ?? field)) }
        return value
    }

    /// The optional form: absent stays absent, present must be one of the values.
    static func parse(_ text: String?, field: String, name: String? = nil) throws -> Self? {
        try text.map { try parse($0, field: field, name: name) }
    }

    /// "`name` must be one of: a, b, c".
    static func mustBeOneOf(_ name: String) -> String { name + " must be one of: " + acceptedValues }

    /// Every accepted value, in declaration order, comma separated.
    static var acceptedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
