import Foundation
import LanternCore
import LanternStore

// What the police powers API reads: each body turns itself into Core's types, naming the field of any bad value.

extension PolicePowersAPI {
    struct TakeBody: Decodable, AcknowledgesLanguage {
        struct Accommodation: Decodable {
            var kind: String
            var place: String
            var exceptionalReason: String?
        }
        var childId: String
        var grounds: String
        var power: String
        var accommodation: Accommodation
        var takenAt: Date
        var acknowledgedLanguage: [String]?

        func taken() throws -> ProtectionTaken {
            ProtectionTaken(
                childID: childId, grounds: grounds, power: try .parse(power, field: "power"),
                accommodation: .init(
                    kind: try .parse(accommodation.kind, field: "accommodation.kind"), place: accommodation.place,
                    exceptionalReason: accommodation.exceptionalReason),
                takenAt: takenAt)
        }
    }

    struct AppointBody: Decodable {
        var username: String
        var appointedAt: Date
        var version: Int
    }

    struct DutyBody: Decodable, AcknowledgesLanguage {
        var duty: String
        /// Who did it; the signed-in officer when left out.
        var by: String?
        var at: Date
        var note: String?
        var version: Int
        var acknowledgedLanguage: [String]?
    }

    struct EndingBody: Decodable, AcknowledgesLanguage {
        var code: String
        var at: Date
        var note: String?
        var version: Int
        var acknowledgedLanguage: [String]?
    }
}
