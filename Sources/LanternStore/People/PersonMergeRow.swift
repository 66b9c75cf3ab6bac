import Foundation
import LanternCore

/// A row of `person_merges`: what one merge moved (a JSON `MergeMoves`), and its undoing once undone.
struct PersonMergeRow: Codable, Equatable {
    static let table = "person_merges"

    var id: String
    var survivorId: String
    var duplicateId: String
    var moved: String
    var reason: String
    var mergedBy: String
    var mergedAtMs: Int64
    var undoneBy: String?
    var undoneAtMs: Int64?
    var undoReason: String?
}

extension PersonMergeRow {
    init(_ m: PersonMerge) throws {
        self.init(
            id: m.id, survivorId: m.survivorID, duplicateId: m.duplicateID, moved: try StoredJSON.encode(m.moved), reason: m.reason,
            mergedBy: m.mergedBy, mergedAtMs: m.mergedAt.millisecondsSince1970, undoneBy: m.undoneBy,
            undoneAtMs: m.undoneAt?.millisecondsSince1970, undoReason: m.undoReason)
    }

    func merge() throws -> PersonMerge {
        PersonMerge(
            id: id, survivorID: survivorId, duplicateID: duplicateId, moved: try StoredJSON.decode(MergeMoves.self, moved), reason: reason,
            mergedBy: mergedBy, mergedAt: Date(millisecondsSince1970: mergedAtMs), undoneBy: undoneBy,
            undoneAt: undoneAtMs.map(Date.init(millisecondsSince1970:)), undoReason: undoReason)
    }
}
