import SQLKit

/// A value in the database that this binary does not know: an error, never a silent default.
public struct StoredValueUnknown: Error, Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var column: String
    public var value: String

    public init(table: String, column: String, value: String) {
        self.table = table
        self.column = column
        self.value = value
    }

    public var description: String { "\(table).\(column) holds '\(value.prefix(60))', which this Lantern does not know" }
}
