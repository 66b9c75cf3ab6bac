import Foundation
import LanternCore

/// A row of `links` as written when a link is added (ending one sets `ended_at_ms`, `ended_by` and `end_reason`).
struct LinkRow: Codable, Equatable {
    static let table = "links"

    var id: String
    var fromKind: String
    var fromId: String
    var toKind: String
    var toId: String
    var type: String
    var atMs: Int64
    var sourceType: String
    var sourceId: String
    var addedBy: String
    var addedAtMs: Int64
    var endedAtMs: Int64?
    var note: String?
}

extension LinkRow {
    /// The row for a new link from `from` to `to`, added by `addedBy` at `now`.
    init(
        id: String, _ from: EntityRef, _ to: EntityRef, _ type: LinkType, at: Date, source: (String, String), addedBy: String, now: Date,
        note: String?
    ) {
        self.init(
            id: id, fromKind: from.kind.rawValue, fromId: from.id, toKind: to.kind.rawValue, toId: to.id, type: type.rawValue,
            atMs: at.millisecondsSince1970, sourceType: source.0, sourceId: source.1, addedBy: addedBy,
            addedAtMs: now.millisecondsSince1970, endedAtMs: nil, note: note)
    }

    func record() throws -> LinkRecord {
        LinkRecord(
            id: id, from: EntityRef(try StoredCode.known(EntityKind.self, fromKind, table: Self.table, column: "from_kind"), fromId),
            to: EntityRef(try StoredCode.known(EntityKind.self, toKind, table: Self.table, column: "to_kind"), toId),
            type: try StoredCode.known(LinkType.self, type, table: Self.table, column: "type"), at: Date(millisecondsSince1970: atMs),
            sourceType: sourceType, sourceID: sourceId, addedBy: addedBy, note: note ?? "")
    }
}
