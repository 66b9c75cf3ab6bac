import SQLKit

/// Typed rows: each table has a `Codable` row struct whose camelCase properties are its snake_case
/// columns (`reportedAtMs` is `reported_at_ms`), written with `SQLInsertBuilder.model(_:with:)` and read with
/// `SQLRow.decode(model:with:)`. Row structs hold exactly what is stored: instants as `Int64` milliseconds,
/// flags as `Int` 0 or 1, codes and JSON as `String`, so both engines store what the column arrays did.
/// A nil property is written as an explicit NULL (never left out), so every insert names every column.
package enum StoredRow {
    package static let encoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
    package static let decoder = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)

    /// The columns `row` writes, in order, and their values.
    static func columns(of row: some Encodable) throws -> [String] {
        try encoder.encode(row).map(\.0)
    }
}
