import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

/// A code in the database that this Lantern does not know is an error naming the table, column and
/// value, never read as a default (a grade read as "high", a status as "open").
@Suite("Stored values: unknown codes")
struct StoredValueTests {
    struct Planted: Sendable, CustomStringConvertible {
        var table: String
        var column: String
        /// The column that holds the episode's id.
        var episodeColumn: String
        var description: String { "\(table).\(column)" }
    }

    static let planted: [Planted] = [
        Planted(table: "missing_episodes", column: "grade", episodeColumn: "id"),
        Planted(table: "missing_episodes", column: "status", episodeColumn: "id"),
        Planted(table: "missing_episodes", column: "review_rank", episodeColumn: "id"),
        Planted(table: "risk_assessments", column: "grade", episodeColumn: "episode_id"),
        Planted(table: "risk_assessments", column: "kind", episodeColumn: "episode_id"),
    ]

    @Test(arguments: TestBackend.available, planted)
    func anUnknownCodeFailsTheReadAndNamesIt(backend: TestBackend, planted: Planted) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let context = test.context(officer)
            let outcome = try await test.store.missing.report(newReport(test), context: context)
            let id = outcome.episode.id
            _ = try await test.store.database.transaction { sql in
                try await sql.update(planted.table).set(SQLColumn(planted.column), to: SQLBind("extreme"))
                    .where(SQLColumn(planted.episodeColumn), .equal, SQLBind(id)).run()
            }
            await #expect(throws: StoredValueUnknown(table: planted.table, column: planted.column, value: "extreme")) {
                _ = try await test.store.missing.episode(id, purpose: .missingEpisode, context: context)
            }
        }
    }
}
