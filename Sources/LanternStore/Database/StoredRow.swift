import SQLKit
import Synchronization

/// Typed rows: each table has a `Codable` row struct whose camelCase properties are its snake_case
/// columns (`reportedAtMs` is `reported_at_ms`), written with `SQLInsertBuilder.model(_:with:)` and read with
/// `SQLRow.decode(model:with:)`. Row structs hold exactly what is stored: instants as `Int64` milliseconds,
/// flags as `Int` 0 or 1, codes and JSON as `String`, so both engines store what the column arrays did.
/// A nil property is written as an explicit NULL (never left out), so every insert names every column.
package enum StoredRow {
    package static let encoder = SQLQueryEncoder(
        keyEncodingStrategy: .custom { path in ColumnKey(SnakeCaseColumns.column(for: path.last?.stringValue ?? "")) }, nilEncodingStrategy: .asNil)
    package static let decoder = SQLRowDecoder(
        keyDecodingStrategy: .custom { path in ColumnKey(SnakeCaseColumns.column(for: path.last?.stringValue ?? "")) })

    /// The columns `row` writes, in order, and their values.
    static func columns(of row: some Encodable) throws -> [String] {
        try encoder.encode(row).map(\.0)
    }
}

/// The snake_case column for each camelCase property, worked out once per name. SQLKit's own snake-case strategies
/// convert every key of every row again (Unicode case tests per character): a third of the time of a 300-row
/// queue in a profile. The conversion itself is SQLKit's, so the columns are exactly those it would name.
package enum SnakeCaseColumns {
    private static let known = Mutex<[String: String]>([:])
    private static let sqlKit = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase)

    package static func column(for property: String) -> String {
        if let column = known.withLock({ $0[property] }) { return column }
        let column = (try? sqlKit.encode([property: 0]).first?.0) ?? property
        known.withLock { $0[property] = column }
        return column
    }
}

/// A coding key that is a column name.
struct ColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ column: String) { stringValue = column }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
