import Foundation
import LanternCore

/// A row of `philomena_profiles`: one version of a child's Philomena profile, the profile itself as JSON.
struct PhilomenaProfileRow: Codable, Equatable {
    static let table = "philomena_profiles"

    var personId: String
    var version: Int
    var body: String
    var updatedAtMs: Int64
    var updatedBy: String
}

extension PhilomenaProfileRow {
    init(_ p: PhilomenaProfile, personID: String) throws {
        self.init(
            personId: personID, version: p.version, body: try StoredJSON.encode(p), updatedAtMs: p.updatedAt.millisecondsSince1970,
            updatedBy: p.updatedBy)
    }

    func profile() throws -> PhilomenaProfile {
        try StoredJSON.decode(PhilomenaProfile.self, body)
    }
}
