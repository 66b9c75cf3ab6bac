import Foundation
import LanternCore
import LanternStore

// What the police powers API reads: each body turns itself into Core's types, naming the field of any bad value.

/// Where a police power was used and who the child was with, as both APIs take it.
struct PlaceAndPeopleBody: Decodable {
    var place: String?
    var postcode: String?
    var withPersonIds: [String]?

    var value: PlaceAndPeople { PlaceAndPeople(place: place ?? "", postcode: postcode, withPersonIDs: withPersonIds ?? []) }
}

/// A record's place and people as the API answers them: the people the reader may open, the rest counted.
struct PlaceAndPeopleOut: Encodable {
    struct Entity: Encodable {
        var id: String
        var title: String
    }
    var place: Entity?
    var people: [Entity]
    var withheld: Int

    init?(_ scene: PolicePowersScene?) {
        guard let scene else { return nil }
        place = scene.place.map { Entity(id: $0.ref.id, title: $0.title) }
        people = scene.people.map { Entity(id: $0.ref.id, title: $0.title) }
        withheld = scene.withheld
    }
}

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
        var takenFrom: PlaceAndPeopleBody?
        var acknowledgedLanguage: [String]?

        func taken() throws -> ProtectionTaken {
            ProtectionTaken(
                childID: childId, grounds: grounds, power: try .parse(power, field: "power"),
                accommodation: .init(
                    kind: try .parse(accommodation.kind, field: "accommodation.kind"), place: accommodation.place,
                    exceptionalReason: accommodation.exceptionalReason),
                takenAt: takenAt, takenFrom: takenFrom?.value ?? .none)
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
