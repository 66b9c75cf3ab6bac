import Foundation
import LanternCore

/// A row of `episode_tasks`.
struct EpisodeTaskRow: Codable, Equatable {
    static let table = "episode_tasks"

    var id: String
    var episodeId: String
    var kind: String
    var title: String
    var owner: String
    var dueAtMs: Int64
    var outcome: String?
    var result: String
    var childSaid: String
    var completedBy: String
    var completedAtMs: Int64?
    var createdBy: String
    var createdAtMs: Int64

    init(_ task: EpisodeTask, createdBy: String) {
        id = task.id
        episodeId = task.episodeID
        kind = task.kind.rawValue
        title = task.title
        owner = task.owner
        dueAtMs = task.dueAt.millisecondsSince1970
        outcome = task.outcome?.rawValue
        result = task.result
        childSaid = task.childSaid
        completedBy = task.completedBy
        completedAtMs = task.completedAt?.millisecondsSince1970
        self.createdBy = createdBy
        createdAtMs = task.createdAt.millisecondsSince1970
    }

    func task() throws -> EpisodeTask {
        EpisodeTask(
            id: id, episodeID: episodeId, kind: try StoredCode.known(EpisodeTaskKind.self, kind, table: Self.table, column: "kind"),
            title: title, owner: owner, dueAt: Date(millisecondsSince1970: dueAtMs),
            outcome: try StoredCode.knownIfAny(TaskOutcome.self, outcome, table: Self.table, column: "outcome"),
            result: result, childSaid: childSaid, completedBy: completedBy,
            completedAt: completedAtMs.map(Date.init(millisecondsSince1970:)), createdAt: Date(millisecondsSince1970: createdAtMs))
    }
}
