import SQLKit

/// One step of the schema, applied once and recorded in `schema_migrations`.
///
/// Steps are written with SQLKit's builders so one definition serves SQLite and
/// PostgreSQL; the few statements SQL dialects disagree on (triggers) branch on
/// ``DatabaseEngine`` inside the step, nowhere else.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let apply: @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void

    public init(version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}
