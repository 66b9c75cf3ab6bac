import Foundation
import LanternCore

/// A row of `sightings`. The people, vehicles and phones are JSON lists, NULL on rows written before
/// those columns were added (read as none), as is what the child said.
struct SightingRow: Codable, Equatable {
    static let table = "sightings"

    var id: String
    var episodeId: String
    var atMs: Int64
    var place: String
    var reportedBy: String
    var detail: String
    var recordedBy: String
    var recordedAtMs: Int64
    var postcode: String?
    var withPersonIds: String?
    var vehicles: String?
    var phones: String?
    var childSaid: String?
}

extension SightingRow {
    init(_ recorded: RecordedSighting, episodeId: String) throws {
        let s = recorded.sighting
        self.init(
            id: recorded.id, episodeId: episodeId, atMs: s.at.millisecondsSince1970, place: s.place, reportedBy: s.reportedBy,
            detail: s.detail, recordedBy: recorded.recordedBy, recordedAtMs: recorded.recordedAt.millisecondsSince1970,
            postcode: s.postcode, withPersonIds: try StoredJSON.encode(s.withPersonIDs), vehicles: try StoredJSON.encode(s.vehicles),
            phones: try StoredJSON.encode(s.phones), childSaid: s.childSaid)
    }

    func sighting() throws -> RecordedSighting {
        RecordedSighting(
            id: id,
            sighting: Sighting(
                at: Date(millisecondsSince1970: atMs), place: place, reportedBy: reportedBy, detail: detail,
                postcode: postcode, withPersonIDs: try StoredJSON.list(withPersonIds), vehicles: try StoredJSON.list(vehicles),
                phones: try StoredJSON.list(phones), childSaid: childSaid ?? ""),
            recordedBy: recordedBy, recordedAt: Date(millisecondsSince1970: recordedAtMs))
    }
}
