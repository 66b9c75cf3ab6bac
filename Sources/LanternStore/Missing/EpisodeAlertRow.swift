import Foundation
import LanternCore

/// A row of `episode_alerts`.
struct EpisodeAlertRow: Codable, Equatable {
    static let table = "episode_alerts"

    var id: String
    var episodeId: String
    var kind: String
    var level: Int
    var detail: String
    var raisedAtMs: Int64
    var resolvedAtMs: Int64?

    init(id: String, episodeId: String, kind: EpisodeAlert.Kind, level: Int, detail: String, raisedAt: Date) {
        self.id = id
        self.episodeId = episodeId
        self.kind = kind.rawValue
        self.level = level
        self.detail = detail
        raisedAtMs = raisedAt.millisecondsSince1970
        resolvedAtMs = nil
    }

    func alert() throws -> EpisodeAlert {
        EpisodeAlert(
            id: id, episodeID: episodeId, kind: try StoredCode.known(EpisodeAlert.Kind.self, kind, table: Self.table, column: "kind"),
            level: level, detail: detail, raisedAt: Date(millisecondsSince1970: raisedAtMs),
            resolvedAt: resolvedAtMs.map(Date.init(millisecondsSince1970:)))
    }
}
