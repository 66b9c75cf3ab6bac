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

    @Test("The coverage list decides every table in the live schema", arguments: TestBackend.available)
    func everyTableInTheSchemaIsCovered(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let tables = Set(try await Self.liveSchema(test).map(\.tableName))
            #expect(tables.count > 30, "the schema was read")
            #expect(tables.subtracting(PersonErasure.coverage.map(\.table)).sorted() == [], "tables erasure has not been decided for")
        }
    }

    @Test("The coverage list names only tables that exist, each once", arguments: TestBackend.available)
    func theCoverageNamesOnlyRealTablesOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let tables = Set(try await Self.liveSchema(test).map(\.tableName))
            let covered = PersonErasure.coverage.map(\.table)
            #expect(Set(covered).subtracting(tables).sorted() == [], "tables the coverage names that do not exist")
            #expect(covered.count == Set(covered).count, "each table named once")
        }
    }

    @Test("Every column the coverage replaces names in exists in its table", arguments: TestBackend.available)
    func theColumnsNamesAreReplacedInExist(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let live = try await Self.liveSchema(test)
            for entry in PersonErasure.coverage {
                let columns = Set(live.filter { $0.tableName == entry.table }.map(\.columnName))
                #expect(Set(entry.namesReplacedIn).subtracting(columns).isEmpty, "\(entry.table): \(entry.namesReplacedIn)")
            }
        }
    }

    /// Random values (salted password hashes, token hashes) can spell a marker by chance: bcrypt's alphabet holds "ZQx".
    static let randomColumns: Set<String> = ["users.password_hash", "sessions.id_hash", "sessions.csrf_token"]

    /// Every text cell outside the access log that still holds a marker, as "table.column: value".
    static func markerHits(_ test: TestStore) async throws -> [String] {
        let textColumns = try await liveSchema(test).filter {
            $0.dataType.lowercased() == "text" && $0.tableName != "access_log" && !randomColumns.contains("\($0.tableName).\($0.columnName)")
        }
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

    /// The planted child erased by an inspector for a retention review.
    static func erasedPlantedChild(_ test: TestStore) async throws -> (planted: ErasurePlanting.Planted, inspector: AccessContext) {
        let planted = try await ErasurePlanting.plant(test)
        let inspector = test.context(try await test.addUser("insp1", role: .supervisor, rank: .inspector))
        try await test.store.people.erase(planted.childID, reason: .retentionReviewDue, reference: "RR-1", context: inspector)
        return (planted, inspector)
    }

    @Test("Planting puts the marker words in more than 40 text cells", arguments: TestBackend.available)
    func theWordsArePlanted(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await ErasurePlanting.plant(test)
            #expect(try await Self.markerHits(test).count > 40, "the words were planted")
        }
    }

    @Test("Erasure leaves no planted word in any table outside the access log", arguments: TestBackend.available)
    func plantedWordsAreGoneFromEveryTable(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.erasedPlantedChild(test)
            let hits = try await Self.markerHits(test)
            #expect(hits == [], "personal data left after erasure")
        }
    }

    @Test("Other people's records keep their text, with the erased child's name replaced", arguments: TestBackend.available)
    func otherRecordsKeepTheirTextWithTheNameReplaced(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (planted, _) = try await Self.erasedPlantedChild(test)
            let sibling = try await test.store.database.read { sql in
                try await sql.select().column("circumstances").from("missing_episodes").where("id", .equal, planted.siblingEpisodeID)
                    .first()?.decode(column: "circumstances", as: String.self)
            }
            #expect(sibling == "Left school with [erased] at three.")
        }
    }

    @Test("The erased child's record stays as a tombstone with no name", arguments: TestBackend.available)
    func theErasedChildIsATombstone(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (planted, _) = try await Self.erasedPlantedChild(test)
            let tombstone = try await test.inspect(planted.childID)
            #expect(tombstone.erasedAt != nil)
            #expect(tombstone.givenName.isEmpty)
            #expect(tombstone.familyName.isEmpty)
        }
    }

    @Test("The access log keeps the erasure", arguments: TestBackend.available)
    func theAccessLogKeepsTheErasure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (planted, inspector) = try await Self.erasedPlantedChild(test)
            let erasures = try await test.store.accessLog.entries(requestID: inspector.requestID).filter { $0.entry.action == .erase }
            #expect(!erasures.isEmpty, "the access log keeps the erasure")
            #expect(erasures.contains { $0.entry.recordIDs == [planted.childID] }, "the access log keeps the erasure")
        }
    }

    @Test("Erasure cancels the erased child's clocks and leaves the sibling's running", arguments: TestBackend.available)
    func erasureCancelsOnlyTheErasedChildsClocks(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (planted, _) = try await Self.erasedPlantedChild(test)
            let siblingClocks = try await ErasurePlanting.siblingClocks(test, planted)
            #expect(
                try await ClockJobs.pending(database: test.store.database) == siblingClocks,
                "the erased child's clocks are cancelled; the sibling's run on")
        }
    }

    @Test("An erased child's episode takes no new sighting", arguments: TestBackend.available)
    func anErasedChildsEpisodeTakesNoSighting(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let inspector = try await test.anInspector()
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
            #expect(try await count(test, "sightings") == 0, "nothing was written")
        }
    }

    @Test("An erased child's episode takes no new review", arguments: TestBackend.available)
    func anErasedChildsEpisodeTakesNoReview(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let inspector = try await test.anInspector()
            let outcome = try await test.reportedEpisode(by: officer)
            try await test.store.people.erase(outcome.child.id, reason: .recordedInError, context: inspector)
            await #expect(throws: RecordErased.self) {
                _ = try await test.store.missing.review(
                    outcome.episode.id, grade: .medium, rationale: "", direction: "Check her phone",
                    context: inspector)
            }
        }
    }
}
