import Foundation
import LanternCore

/// A row of `locations`: one per normalised address (its `AddressKey`); the postcode is NULL when none was given.
struct LocationRow: Codable, Equatable {
    static let table = "locations"

    var id: String
    var address: String
    var postcode: String?
    var addressKey: String
    var uprn: String?
    var createdBy: String
    var createdAtMs: Int64
}

extension LocationRow {
    /// The row for a newly seen address.
    init(id: String, address: String, key: AddressKey, createdBy: String, at now: Date) {
        self.init(
            id: id, address: address, postcode: key.postcode.isEmpty ? nil : key.postcode, addressKey: key.value, uprn: nil,
            createdBy: createdBy, createdAtMs: now.millisecondsSince1970)
    }
}
