import Foundation
import LanternCore
import LanternTestSupport
import SQLKit
import Testing

@testable import LanternStore

/// Erasure must reach every table that holds a person's data. These tests read the live schema, so a table
/// added later without a decision in `PersonErasure.coverage` fails here, and planted words prove the steps.
@Suite("Erasure")
struct ErasureTests {
    /// Words planted in every personal field; none may survive erasure outside the access log.
    static let markers = ["zqx", "zz9 9", "900417"]
    static let fullName = "Zqxgiven Zqxfamily"

    struct ColumnRow: Codable {
        var tableName: String
        var columnName: String
        var dataType: String
    }

    /// Every table of the test database with its columns and their types, as the engine reports them.
    static func liveSchema(_ test: TestStore) async throws -> [ColumnRow] {
        let query: String
        switch test.backend {
        case .sqlite:
            query = """
                SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type
                FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                """
        case .postgres:
            query = """
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema()
                """
        }
        return try await test.store.database.read { sql in
            try await sql.raw("\(unsafeRaw: query)").all().map {
                try $0.decode(model: ColumnRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func everyTableInTheSchemaIsCovered(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let live = try await Self.liveSchema(test)
            let tables = Set(live.map(\.tableName))
            let covered = PersonErasure.coverage.map(\.table)
            #expect(tables.count > 30, "the schema was read")
            #expect(tables.subtracting(covered).sorted() == [], "tables erasure has not been decided for")
            #expect(Set(covered).subtracting(tables).sorted() == [], "tables the coverage names that do not exist")
            #expect(covered.count == Set(covered).count, "each table named once")
            for entry in PersonErasure.coverage {
                let columns = Set(live.filter { $0.tableName == entry.table }.map(\.columnName))
                #expect(Set(entry.namesReplacedIn).subtracting(columns).isEmpty, "\(entry.table): \(entry.namesReplacedIn)")
            }
        }
    }

    /// Every text cell outside the access log that still holds a marker, as "table.column: value".
    static func markerHits(_ test: TestStore) async throws -> [String] {
        let textColumns = try await liveSchema(test).filter { $0.dataType.lowercased() == "text" && $0.tableName != "access_log" }
        return try await test.store.database.read { sql in
            var hits: [String] = []
            for column in textColumns {
                for marker in markers {
                    let rows = try await sql.select().column(SQLColumn(column.columnName)).from(column.tableName)
                        .where(SQLFunction("LOWER", args: SQLColumn(column.columnName)), .like, SQLBind("%\(marker)%")).all()
                    hits += try rows.map {
                        "\(column.tableName).\(column.columnName): " + (try $0.decode(column: column.columnName, as: String.self))
                    }
                }
            }
            return hits
        }
    }

    @Test(arguments: TestBackend.available)
    func plantedWordsAreGoneFromEveryTable(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let planted = try await ErasurePlanting.plant(test)
            #expect(try await Self.markerHits(test).count > 40, "the words were planted")
            let inspector = test.context(try await test.addUser("insp1", role: .supervisor, rank: .inspector))
            try await test.store.people.erase(planted.childID, reason: .retentionReviewDue, reference: "RR-1", context: inspector)
            let hits = try await Self.markerHits(test)
            #expect(hits == [], "personal data left after erasure")
            // Other people's records keep their text, with the erased name replaced.
            let sibling = try await test.store.database.read { sql in
                try await sql.select().column("circumstances").from("missing_episodes").where("id", .equal, planted.siblingEpisodeID)
                    .first()?.decode(column: "circumstances", as: String.self)
            }
            #expect(sibling == "Left school with [erased] at three.")
            let tombstone = try await test.inspect(planted.childID)
            #expect(tombstone.erasedAt != nil && tombstone.givenName.isEmpty && tombstone.familyName.isEmpty)
            let erasures = try await test.store.accessLog.entries(requestID: inspector.requestID)
            #expect(erasures.contains { $0.entry.action == .erase && $0.entry.recordIDs == [planted.childID] }, "the access log keeps the erasure")
            let siblingClocks = try await ErasurePlanting.siblingClocks(test, planted)
            #expect(
                try await ClockJobs.pending(database: test.store.database) == siblingClocks,
                "the erased child's clocks are cancelled; the sibling's run on")
        }
    }

    @Test(arguments: TestBackend.available)
    func anErasedChildsEpisodesRefuseNewWrites(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = test.context(try await test.addUser("officer1", role: .responseOfficer))
            let inspector = test.context(try await test.addUser("insp1", role: .supervisor, rank: .inspector))
            let outcome = try await test.reportedEpisode(by: officer)
            try await test.store.people.erase(outcome.child.id, reason: .recordedInError, context: inspector)
            await #expect(throws: RecordErased(recordType: "missing episode", reference: outcome.episode.reference)) {
                _ = try await test.store.missing.addSighting(
                    outcome.episode.id,
                    Sighting(
                        at: test.clock.now(), place: "Acre Lane",
                        reportedBy: "Shopkeeper", detail: "Seen walking"),
                    context: officer)
            }
            await #expect(throws: RecordErased.self) {
                _ = try await test.store.missing.review(
                    outcome.episode.id, grade: .medium, rationale: "", direction: "Check her phone",
                    context: inspector)
            }
            #expect(try await count(test, "sightings") == 0, "nothing was written")
        }
    }
}
