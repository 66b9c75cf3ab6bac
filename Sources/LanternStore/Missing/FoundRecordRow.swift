import Foundation
import LanternCore

/// A row of `found_records`. Who the child was with are JSON lists; vehicles and phones are JSON lists,
/// NULL on rows written before those columns were added (read as none).
package struct FoundRecordRow: Codable, Equatable {
    package static let table = "found_records"

    var episodeId: String
    var foundAtMs: Int64
    var place: String
    var postcode: String?
    var withWhom: String
    var withPersonIds: String
    var condition: String
    var howFound: String
    var childSaid: String
    var recordedBy: String
    var recordedAtMs: Int64
    var vehicles: String?
    var phones: String?
}

extension FoundRecordRow {
    package init(_ f: FoundRecord, episodeId: String, recordedBy: String, at now: Date) throws {
        self.init(
            episodeId: episodeId, foundAtMs: f.foundAt.millisecondsSince1970, place: f.place, postcode: f.postcode,
            withWhom: try StoredJSON.encode(f.withWhom), withPersonIds: try StoredJSON.encode(f.withPersonIDs), condition: f.condition,
            howFound: f.howFound.rawValue, childSaid: f.childSaid, recordedBy: recordedBy, recordedAtMs: now.millisecondsSince1970,
            vehicles: try StoredJSON.encode(f.vehicles), phones: try StoredJSON.encode(f.phones))
    }

    func found() throws -> FoundRecord {
        FoundRecord(
            foundAt: Date(millisecondsSince1970: foundAtMs), place: place, postcode: postcode,
            withWhom: try StoredJSON.decode([String].self, withWhom), withPersonIDs: try StoredJSON.decode([String].self, withPersonIds),
            condition: condition, howFound: try StoredCode.known(HowFound.self, howFound, table: Self.table, column: "how_found"),
            childSaid: childSaid, vehicles: try StoredJSON.list(vehicles), phones: try StoredJSON.list(phones))
    }
}
