import SQLKit

/// Stored codes (enum raw values) read back: a code this Lantern does not know is a ``StoredValueUnknown``
/// naming the table and column, never a default.
enum StoredCode {
    /// The code `text` read from `table`.`column`.
    static func known<T: RawRepresentable>(_ type: T.Type, _ text: String, table: String, column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw StoredValueUnknown(table: table, column: column, value: text) }
        return value
    }

    /// A nullable code: NULL is none; any other value must be known.
    static func knownIfAny<T: RawRepresentable>(_ type: T.Type, _ text: String?, table: String, column: String) throws -> T?
    where T.RawValue == String {
        guard let text else { return nil }
        return try known(type, text, table: table, column: column)
    }

    /// The code in `column` of `row`.
    static func known<T: RawRepresentable>(_ type: T.Type, _ row: any SQLRow, _ column: String, table: String) throws -> T
    where T.RawValue == String {
        try known(type, try row.decode(column: column, as: String.self), table: table, column: column)
    }

    /// The nullable code in `column` of `row`.
    static func knownIfAny<T: RawRepresentable>(_ type: T.Type, _ row: any SQLRow, _ column: String, table: String) throws -> T?
    where T.RawValue == String {
        try knownIfAny(type, try row.decode(column: column, as: String?.self), table: table, column: column)
    }
}
