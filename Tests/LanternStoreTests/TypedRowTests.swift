import Foundation
import LanternCore
import Testing

@testable import LanternStore

/// Typed rows write the same columns the column arrays did, in the same order, with NULL for nil.
@Suite("Typed rows")
struct TypedRowTests {
    static let at = Date(millisecondsSince1970: 1_765_000_000_123)

    /// The cached column names are SQLKit's snake case, digits included, the same on every call.
    @Test(arguments: [
        ("takenAtMs", "taken_at_ms"), ("protectionId", "protection_id"), ("id", "id"),
        ("line2Postcode", "line2_postcode"), ("reportedAtMs", "reported_at_ms"),
    ])
    func aPropertyIsItsSnakeCaseColumn(property: String, column: String) {
        #expect(SnakeCaseColumns.column(for: property) == column)
        #expect(SnakeCaseColumns.column(for: property) == column)
    }

    @Test func anEpisodeRowWritesEveryEpisodeColumn() throws {
        let report = MissingReport(
            reportedAt: Self.at, lastSeenAt: Self.at, lastSeenPlace: "Acre Lane", circumstances: "",
            reporterName: "", reporterRelationship: "", reporterContact: "")
        let episode = MissingEpisode(
            id: "e1", reference: "MP-1", childID: "c1", status: .open, report: report, grade: .medium, gradedAt: Self.at,
            nextReview: ReviewDue(dueAt: Self.at, rank: .sergeant), foundAt: nil, closedAt: nil, localAuthorityNotifiedAt: nil,
            repeatCount: 0, rulesVersion: 1, team: "t", borough: "b", createdBy: "u", createdAt: Self.at, updatedAt: Self.at, version: 1,
            awaitingDowngradeFrom: nil, returnReviewedAt: nil, recordedAsHistory: false, subject: .child)
        #expect(try StoredRow.columns(of: MissingEpisodeRow(episode)) == MissingRows.episodeColumns)
        #expect(try MissingEpisodeRow(episode).episode() == episode)
    }

    @Test func aTaskRowWritesEveryTaskColumn() throws {
        let task = EpisodeTask(
            id: "t1", episodeID: "e1", kind: .preventionInterview, title: "Interview", owner: "u", dueAt: Self.at,
            outcome: nil, result: "", childSaid: "", completedBy: "", completedAt: nil, createdAt: Self.at)
        #expect(try StoredRow.columns(of: EpisodeTaskRow(task, createdBy: "u")) == MissingRows.taskColumns)
        #expect(try EpisodeTaskRow(task, createdBy: "u").task() == task)
    }

    @Test func aConcernRowWritesEveryConcernColumn() throws {
        let concern = ExploitationConcern(
            id: "c1", reference: "EC-1", type: .criminal, status: .open, summary: "s", leadInvestigator: "u",
            team: "t", borough: "b", openedBy: "u", openedAt: Self.at)
        #expect(try StoredRow.columns(of: ConcernRow(concern)) == ExploitationRows.concernColumns)
        #expect(try ConcernRow(concern).concern() == concern)
    }
}
