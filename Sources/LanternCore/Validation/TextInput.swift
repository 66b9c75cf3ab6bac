import Foundation

/// Rules every piece of text input meets, whatever field it arrives in.
public enum TextInput {
    /// `value` with the named text fields' surrounding spaces and line breaks removed, as every draft is before its
    /// checks, so a field of spaces counts as empty.
    public static func trimmed<Value>(_ value: Value, _ fields: WritableKeyPath<Value, String>...) -> Value {
        var clean = value
        for field in fields { clean[keyPath: field] = clean[keyPath: field].trimmingCharacters(in: .whitespacesAndNewlines) }
        return clean
    }

    /// NUL (U+0000) ends a string in C and in some database drivers, so a note holding one
    /// would be stored or read back cut short: it is refused rather than silently truncated.
    public static func containsNUL(_ text: String) -> Bool {
        text.unicodeScalars.contains("\u{0}")
    }

    /// The refusal for a field holding NUL, naming the field.
    public static func nulError(field: String) -> FieldError {
        FieldError(field, "The field '\(field)' contains a NUL character (U+0000), which cannot be stored. Remove it and send again")
    }

    /// The first field (by name) holding NUL, as a refusal; nil when every value is clean.
    public static func nulError(in fields: [String: String]) -> FieldError? {
        fields.keys.sorted().first { containsNUL(fields[$0]!) || containsNUL($0) }.map { nulError(field: $0) }
    }
}
