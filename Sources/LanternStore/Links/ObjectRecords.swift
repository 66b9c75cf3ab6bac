import Foundation
import LanternCore
import SQLKit

/// An object as stored: a vehicle, phone, email address or handle, one row per ObjectKey.
public struct ObjectRecord: Sendable, Equatable, Codable {
    public var id: String
    public var kind: ObjectKind
    public var value: String
    public var display: String
    public var createdBy: String
    public var createdAt: Date
}

extension LinkStore {
    /// The object for a key, created the first time it is seen: two officers typing one number two
    /// ways reach the same record.
    package static func locateObject(_ key: ObjectKey, by actor: Actor, at now: Date, in sql: any SQLDatabase) async throws -> String {
        if let row = try await sql.select().column("id").from("objects").where("object_key", .equal, key.key).first() {
            return try row.decode(column: "id", as: String.self)
        }
        let id = StoredID.new()
        try await sql.insert(into: ObjectRow.table).model(ObjectRow(id: id, key, createdBy: actor.userID, at: now), with: StoredRow.encoder).run()
        return id
    }

    static func loadObject(_ id: String, in sql: any SQLDatabase) async throws -> ObjectRecord? {
        guard id.count <= 64, let row = try await sql.select().column("*").from("objects").where("id", .equal, id).first() else { return nil }
        return try row.decode(model: ObjectRow.self, with: StoredRow.decoder).record()
    }

    /// Records (or finds) an object. Creating one changes no one's record, so it is not a disclosure;
    /// it is logged as a creation all the same.
    public func recordObject(_ kind: ObjectKind, _ value: String, context: AccessContext) async throws -> ObjectRecord {
        try await authoriser.require(.linkRecords, context, recordType: "object")
        let key: ObjectKey
        switch ObjectKey.make(kind, value) {
        case .success(let made): key = made
        case .failure(let error): throw ValidationFailure([error])
        }
        let now = clock.now().roundedUpToMillisecond
        return try await database.transaction { sql in
            let id = try await Self.locateObject(key, by: context.actor, at: now, in: sql)
            try await AccessLogStore.append(
                context.entry(at: now, .create, recordType: "object", recordIDs: [id], detail: key.kind.rawValue),
                in: sql)
            return try await Self.loadObject(id, in: sql)!
        }
    }

    /// The Location for an address, created the first time it is seen (typed any way, one record).
    public func recordLocation(_ address: String, postcode: String?, context: AccessContext) async throws -> String {
        try await authoriser.require(.linkRecords, context, recordType: "location")
        var errors = FieldErrorCollector()
        errors.require(address, "address", label: "the address", maxLength: 500)
        let canonical = Postcode.validate(postcode, into: &errors)
        try errors.throwIfAny()
        guard AddressKey.make(address, postcode: canonical) != nil else {
            throw ValidationFailure("address", "Give a building number or name with the street, or a postcode, so the place can be found again")
        }
        let now = clock.now().roundedUpToMillisecond
        return try await database.transaction { sql in
            let id = try await Self.locate(address, postcode: canonical, by: context.actor, at: now, in: sql)!
            try await AccessLogStore.append(context.entry(at: now, .create, recordType: "location", recordIDs: [id], detail: "located"), in: sql)
            return id
        }
    }

    /// Links the child to where and with whom (and which vehicles and phones) they were found or
    /// seen, and checks all of it against the flags register in the same transaction. A match raises
    /// a high-priority alert on the episode that a supervisor must review, and puts the child on the
    /// exploitation-screening queue; so does a place or person from a police powers record. Returns the flag matches.
    static func recordEncounter(
        _ verb: Encounter.Verb, child: String, episode: MissingEpisode, place: String, postcode: String?,
        people: [Person], vehicles: [String], phones: [String], at: Date, source: (String, String),
        context: AccessContext, now: Date, in sql: any SQLDatabase
    ) async throws -> [FlagMatch] {
        let childRef = EntityRef(.person, child)
        let withType: LinkType = verb == .found ? .foundWith : .seenWith
        let location = try await locate(place, postcode: postcode, by: context.actor, at: now, in: sql)
        if let location {
            try await link(
                childRef, EntityRef(.location, location), verb == .found ? .foundAt : .seenAt, at: at, source: source,
                by: context.actor, now: now, in: sql)
        }
        for person in people {
            try await link(childRef, EntityRef(.person, person.id), withType, at: at, source: source, by: context.actor, now: now, in: sql)
        }
        var objects: [(id: String, key: ObjectKey)] = []
        for key in ObjectList.keys(vehicles: vehicles, phones: phones) {
            let id = try await locateObject(key, by: context.actor, at: now, in: sql)
            try await link(childRef, EntityRef(.object, id), withType, at: at, source: source, by: context.actor, now: now, in: sql)
            objects.append((id, key))
        }
        let address = [place, postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
        let encounter = Encounter(verb: verb, location: location, address: address, people: people, objects: objects)
        let matches = try await FlagCheck.matches(encounter, in: sql)
        let flaggedPeople = Array(Set(matches.filter { $0.flagged.kind == .person }.map(\.flagged.id))).sorted()
        if !flaggedPeople.isEmpty {
            // The alert names them: that is a consultation of their records, for this episode.
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: PersonStore.recordType, recordIDs: flaggedPeople,
                    purpose: .missingEpisode, detail: "flag check on \(source.0) \(source.1)"), in: sql)
        }
        for match in matches {
            let kind: EpisodeAlert.Kind = verb == .seen ? .seenWithFlagged : match.route == .place ? .foundAtFlaggedPlace : .foundWithFlaggedPerson
            try await MissingRows.raise(
                kind, on: episode.id, detail: match.explanation + ". Review the risk and the safeguarding response now.",
                at: now, in: sql)
            try await MissingRows.queueForScreening(
                child, episode: episode.id, reason: match.explanation + " (\(episode.reference))",
                at: now, in: sql)
        }
        try await raisePowersHistory(
            try await PowersHistoryCheck.matches(encounter, child: child, in: sql), child: child, episode: episode,
            saying: ". Review the risk and the safeguarding response now.", context: context, now: now, in: sql)
        return matches
    }
}

extension LinkStore {
    /// Where a child lives, from their profile: the home and the placement addresses each become a
    /// Location with a lives-at link, so the network, hotspots and flag checks see them. A changed or
    /// cleared address ends the old link (kept, with the reason) rather than deleting it.
    static func recordResidence(
        of person: String, address: String, postcode: String?, role: String, by actor: Actor, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let location = address.isEmpty ? nil : try await locate(address, postcode: postcode, by: actor, at: now, in: sql)
        let current = try await sql.select().columns("id", "to_id").from("links").where("from_id", .equal, person)
            .where("type", .equal, LinkType.livesAt.rawValue).where("source_type", .equal, "child-profile").where("source_id", .equal, role)
            .where("ended_at_ms", .is, SQLLiteral.null).all()
        var kept = false
        for row in current {
            if try row.decode(column: "to_id", as: String.self) == location, !kept {
                kept = true
                continue
            }
            try await end(
                try row.decode(column: "id", as: String.self), reason: "\(role) address changed on the child's profile",
                by: actor, at: now, in: sql)
        }
        if let location, !kept {
            try await link(
                EntityRef(.person, person), EntityRef(.location, location), .livesAt, at: now, source: ("child-profile", role),
                by: actor, now: now, note: role == "home" ? "Home address (child's profile)" : "Placement address (child's profile)", in: sql)
        }
    }
}
