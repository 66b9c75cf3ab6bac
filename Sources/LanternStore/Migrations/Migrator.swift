import Foundation
import LanternCore
import Logging
import SQLKit

/// Brings a database up to the schema this binary knows, one recorded step at a time.
///
/// It refuses to touch a database whose schema is newer than the binary: an old
/// Lantern writing to a newer schema could lose data silently.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Schema.migrations) {
        precondition(
            zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version },
            "migrations must be in increasing version order")
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database is newer than this binary.
    public struct SchemaTooNew: Error, CustomStringConvertible, Sendable {
        public var databaseVersion: Int
        public var binaryVersion: Int
        public var description: String {
            "The database schema is at version \(databaseVersion), but this Lantern binary only knows versions up to \(binaryVersion). "
                + "It is older than the database: install the newer Lantern release instead of running this one."
        }
    }

    /// The versions recorded as applied, in order.
    public func appliedVersions(_ db: LanternDatabase) async throws -> [Int] {
        try await ensureTable(db)
        return try await db.read { sql in
            try await sql.select().column("version").from("schema_migrations").orderBy("version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    /// Applies every pending step; returns the versions applied now.
    @discardableResult
    public func migrate(_ db: LanternDatabase, clock: any WallClock, logger: Logger) async throws -> [Int] {
        try await ensureTable(db)
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await db.transaction { sql in
                try await Self.lockForMigration(sql, engine: db.engine)
                let row = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "v")
                    .from("schema_migrations").first()
                let current = try row?.decode(column: "v", as: Int?.self) ?? 0
                if current > latestVersion {
                    throw SchemaTooNew(databaseVersion: current, binaryVersion: latestVersion)
                }
                let exists =
                    try await sql.select().column("version").from("schema_migrations")
                    .where("version", .equal, migration.version).first() != nil
                if exists { return false }
                try await migration.apply(sql, db.engine)
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at_ms")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(clock.now().millisecondsSince1970))
                    .run()
                return true
            }
            if didApply {
                logger.info("Applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        if migrations.isEmpty || applied.isEmpty {
            // Still refuse a newer database even when nothing was pending.
            let versions = try await appliedVersions(db)
            if let newest = versions.last, newest > latestVersion {
                throw SchemaTooNew(databaseVersion: newest, binaryVersion: latestVersion)
            }
        }
        return applied
    }

    /// Checks without changing anything that the database is exactly at this binary's schema.
    public func isCurrent(_ db: LanternDatabase) async throws -> Bool {
        try await appliedVersions(db).last == latestVersion
    }

    private func ensureTable(_ db: LanternDatabase) async throws {
        _ = try await db.transaction { sql in
            try await Self.lockForMigration(sql, engine: db.engine)
            try await sql.create(table: "schema_migrations").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at_ms", type: .bigint, .notNull)
                .run()
            return true
        }
    }

    /// Several servers may start at once against one PostgreSQL; only one migrates at a time.
    /// (SQLite's single writer already serialises this.)
    private static func lockForMigration(_ sql: any SQLDatabase, engine: DatabaseEngine) async throws {
        if engine == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(7405226)").run()
        }
    }
}
