import Foundation
import LanternCore

/// A row of `objects`: one per ``ObjectKey``.
struct ObjectRow: Codable, Equatable {
    static let table = "objects"

    var id: String
    var kind: String
    var value: String
    var display: String
    var objectKey: String
    var createdBy: String
    var createdAtMs: Int64

    init(id: String, _ key: ObjectKey, createdBy: String, at: Date) {
        self.id = id
        kind = key.kind.rawValue
        value = key.value
        display = key.display
        objectKey = key.key
        self.createdBy = createdBy
        createdAtMs = at.millisecondsSince1970
    }

    func record() throws -> ObjectRecord {
        ObjectRecord(
            id: id, kind: try StoredCode.known(ObjectKind.self, kind, table: Self.table, column: "kind"), value: value,
            display: display, createdBy: createdBy, createdAt: Date(millisecondsSince1970: createdAtMs))
    }
}
