import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test(arguments: TestBackend.available)
    func appliesEveryStepOnceInOrder(backend: TestBackend) async throws {
        try await TestStore.with(backend, migrate: false) { test in
            let applied = try await test.store.migrate()
            #expect(applied == Schema.migrations.map(\.version))
            #expect(try await test.store.migrate().isEmpty, "a second run applies nothing")
            #expect(try await Migrator().appliedVersions(test.store.database) == Schema.migrations.map(\.version))
            #expect(try await Migrator().isCurrent(test.store.database))
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesADatabaseNewerThanTheBinary(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.execute("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, 'from the future', 0)")
            await #expect(throws: Migrator.SchemaTooNew.self) { try await test.store.migrate() }
            do {
                try await test.store.migrate()
            } catch let error as Migrator.SchemaTooNew {
                #expect(error.databaseVersion == 999)
                #expect(error.description.contains("older than the database"))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func accessLogIsAppendOnlyInTheDatabase(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let user = try await test.addUser("officer1", role: .responseOfficer)
            _ = try await test.store.people.create(PersonDraft(kind: .child, givenName: "A", familyName: "B"), context: test.context(user))
            await #expect(throws: (any Error).self) { try await test.execute("UPDATE access_log SET detail = 'x' WHERE seq = 1") }
            await #expect(throws: (any Error).self) { try await test.execute("DELETE FROM access_log WHERE seq = 1") }
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test func sqliteRunsWithWALAndFullSync() async throws {
        try await TestStore.with(.sqlite) { test in
            let (mode, sync, keys) = try await test.store.database.transaction { sql in
                let mode = try await sql.raw("PRAGMA journal_mode").first()!.decode(column: "journal_mode", as: String.self)
                let sync = try await sql.raw("PRAGMA synchronous").first()!.decode(column: "synchronous", as: Int.self)
                let keys = try await sql.raw("PRAGMA foreign_keys").first()!.decode(column: "foreign_keys", as: Int.self)
                return (mode, sync, keys)
            }
            #expect(mode == "wal")
            #expect(sync == 2, "synchronous must be FULL (2)")
            #expect(keys == 1)
        }
    }

    @Test func sqliteFileIsCreatedOnFirstRun() async throws {
        let folder = NSTemporaryDirectory() + "lantern-first-run-" + UUID().uuidString + "/nested"
        let store = try await Store.open(
            location: .sqlite(path: folder + "/lantern.sqlite"), clock: ManualClock(),
            logger: TestStore.logger, hasher: TestStore.fastHasher)
        try await store.migrate()
        await store.close()
        #expect(FileManager.default.fileExists(atPath: folder + "/lantern.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder + "/access-log-signing.key"))
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test(arguments: [
        ("sqlite:./lantern-data/lantern.sqlite", DatabaseLocation.sqlite(path: "./lantern-data/lantern.sqlite")),
        ("sqlite:///tmp/x.sqlite", .sqlite(path: "/tmp/x.sqlite")),
        ("postgres://u:p@localhost:5432/db", .postgres(url: "postgres://u:p@localhost:5432/db")),
        ("postgresql://u@db.internal/lantern", .postgres(url: "postgresql://u@db.internal/lantern")),
    ])
    func parsesDatabaseURLs(text: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation.parse(text) == expected)
    }

    @Test(arguments: [
        ("sqlite:", "needs a file path"),
        ("mysql://u:p@h/db", "must start with sqlite: or postgres://"),
        ("postgres://nohost", "must look like"),
        ("", "must start with"),
    ])
    func refusesBadDatabaseURLs(text: String, message: String) {
        #expect {
            _ = try DatabaseLocation.parse(text)
        } throws: { error in
            (error as? DatabaseLocation.Invalid)?.description.contains(message) == true
        }
    }

    @Test func hidesThePasswordWhenPrinted() {
        #expect(DatabaseLocation.postgres(url: "postgres://lantern:secret@h:5432/db").description == "postgres://lantern:***@h:5432/db")
    }
}
