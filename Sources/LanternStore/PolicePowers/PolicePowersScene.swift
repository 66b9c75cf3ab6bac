import Foundation
import LanternCore
import SQLKit

/// The place and people a police powers record names, as one reader may see them: the place always (an address is
/// not a person's record), the people the reader may open by name, the rest only counted.
public struct PolicePowersScene: Sendable, Equatable {
    public var place: EntityLabel?
    public var people: [EntityLabel]
    public var withheld: Int

    public static let none = PolicePowersScene(place: nil, people: [], withheld: 0)

    /// The people shown, for the access log.
    public var personIDs: [String] { people.map(\.ref.id) }
}

/// Police powers records in the POLE layer: each record's place and people become links from the child, made in the
/// record's own transaction and sourced to it, so the network, the location's page and the missing-episode checks
/// (``PowersHistoryCheck``) find them.
package enum PolicePowersLinks {
    /// Links the child to the place (`placeType`) and to each person (`personType`) in `scene`, already validated.
    /// Each person must be a record the actor may open, or the whole record is refused on `field`.
    static func record(
        _ scene: PlaceAndPeople, field: String, child: String, placeType: LinkType, personType: LinkType, at: Date,
        source: (String, String), actor: Actor, policy: AccessPolicy, now: Date, in sql: any SQLDatabase
    ) async throws {
        for person in scene.withPersonIDs {
            try await LinkStore.requireEntity(EntityRef(.person, person), field: "\(field).withPersonIds", actor: actor, policy: policy, in: sql)
        }
        try await link(scene, child: child, placeType: placeType, personType: personType, at: at, source: source, by: actor, now: now, in: sql)
    }

    /// The links themselves, for a scene already checked (or generated whole by the scale demo).
    package static func link(
        _ scene: PlaceAndPeople, child: String, placeType: LinkType, personType: LinkType, at: Date, source: (String, String), by actor: Actor,
        now: Date, in sql: any SQLDatabase
    ) async throws {
        let childRef = EntityRef(.person, child)
        if !scene.place.isEmpty, let location = try await LinkStore.locate(scene.place, postcode: scene.postcode, by: actor, at: now, in: sql) {
            try await LinkStore.link(childRef, EntityRef(.location, location), placeType, at: at, source: source, by: actor, now: now, in: sql)
        }
        for person in scene.withPersonIDs {
            try await LinkStore.link(childRef, EntityRef(.person, person), personType, at: at, source: source, by: actor, now: now, in: sql)
        }
    }

    /// The record's place and people from its links (ended ones left out), labelled for `actor`.
    static func scene(
        of source: (String, String), actor: Actor, policy: AccessPolicy, now: Date, in sql: any SQLDatabase
    ) async throws
        -> PolicePowersScene
    {
        let links = try await sql.select().column("*").from(LinkRow.table).where("source_type", .equal, source.0)
            .where("source_id", .equal, source.1).where("ended_at_ms", .is, SQLLiteral.null).orderBy("added_at_ms")
            .all(decoding: LinkRow.self, with: StoredRow.decoder).map { try $0.record() }
        let labels = try await LinkStore.labels(links.map(\.to), actor: actor, policy: policy, now: now, in: sql)
        let people = links.filter { $0.to.kind == .person }.compactMap { labels[$0.to] }
        return PolicePowersScene(
            place: links.first { $0.to.kind == .location }.flatMap { labels[$0.to] }, people: people.filter { !$0.restricted },
            withheld: people.filter(\.restricted).count)
    }
}
