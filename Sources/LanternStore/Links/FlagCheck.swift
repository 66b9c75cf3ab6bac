import Foundation
import LanternCore
import SQLKit

/// A child found or seen somewhere, with someone, or with a vehicle or phone: what the flags
/// register is checked against.
struct Encounter {
    enum Verb: String {
        case found = "Found"
        case seen = "Seen"
    }

    var verb: Verb
    var location: String?
    /// The address as the officer wrote it, for the explanation.
    var address: String
    var people: [Person]
    var objects: [(id: String, key: ObjectKey)]
}

/// Every way an encounter touches the flags register, explained: the place itself is flagged, a
/// flagged person lives there, the child was with a flagged person (a flag, or a registered sex
/// offender record), or with a vehicle, phone or account that is flagged or that a flagged person uses.
enum FlagCheck {
    typealias FlagRow = (flag: FlagKind, reference: String)

    /// A handful of queries whatever the encounter: who lives at the place and who uses each object
    /// (two), every flag on any of them (one per 500), and the flagged people's records (one per 500).
    /// Links to people always start at the person (see LinkType.allowedEnds), so one direction is enough.
    static func matches(_ encounter: Encounter, in sql: any SQLDatabase) async throws -> [FlagMatch] {
        let verb = encounter.verb.rawValue
        var residents: [String] = []
        if let location = encounter.location {
            residents = try await sql.select().column("from_id").from("links").where("to_id", .equal, location)
                .where("type", .equal, LinkType.livesAt.rawValue).where("from_kind", .equal, EntityKind.person.rawValue)
                .where("ended_at_ms", .is, SQLLiteral.null).all().map { try $0.decode(column: "from_id", as: String.self) }
        }
        var users: [String: [String]] = [:]
        if !encounter.objects.isEmpty {
            let rows = try await sql.select().columns("from_id", "to_id").from("links").where("to_id", .in, encounter.objects.map(\.id))
                .where("type", .in, [LinkType.drives, .usesPhone, .usesAccount].map(\.rawValue))
                .where("from_kind", .equal, EntityKind.person.rawValue).where("ended_at_ms", .is, SQLLiteral.null).all()
            for row in rows { users[try row.decode(column: "to_id", as: String.self), default: []].append(try row.decode(column: "from_id", as: String.self)) }
        }
        let others = Set(residents + users.values.flatMap { $0 }).subtracting(encounter.people.map(\.id))
        let candidates = Array(Set(others).union(encounter.people.map(\.id)).union(encounter.objects.map(\.id))
            .union(encounter.location.map { [$0] } ?? []))
        var flags: [String: [FlagRow]] = [:]
        for chunk in LinkStore.chunks(candidates, of: 500) {
            for row in try await sql.select().columns("entity_id", "flag", "reference").from("flags").where("entity_id", .in, Array(chunk))
                .where("removed_at_ms", .is, SQLLiteral.null).orderBy("reference").all() {
                guard let flag = FlagKind(rawValue: try row.decode(column: "flag", as: String.self)) else { continue }
                flags[try row.decode(column: "entity_id", as: String.self), default: []].append((flag, try row.decode(column: "reference", as: String.self)))
            }
        }
        // Only the people who matter are loaded: flagged ones, and anyone recorded as a registered sex offender.
        var people: [String: Person] = Dictionary(encounter.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for chunk in LinkStore.chunks(Array(others), of: 500) {
            let ids = Array(chunk)
            let flagged = ids.filter { flags[$0] != nil }
            let rows = try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, ids)
                .where { group in
                    var g = group.orWhere("kind", .equal, PersonKind.registeredSexOffender.rawValue)
                    if !flagged.isEmpty { g = g.orWhere("id", .in, flagged) }
                    return g
                }.all()
            for person in try rows.map(PersonStore.decode) { people[person.id] = person }
        }
        func flagged(_ id: String) -> [(Person, FlagRow)] {
            guard let person = people[id], person.erasedAt == nil else { return [] }
            let rows = flags[id] ?? []
            if rows.isEmpty && person.kind == .registeredSexOffender { return [(person, (FlagKind.registeredSexOffender, ""))] }
            return rows.map { (person, $0) }
        }

        var matches: [FlagMatch] = []
        if let location = encounter.location {
            for row in flags[location] ?? [] {
                matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.location, location), route: .place,
                                         explanation: "\(verb) at \(encounter.address), a \(describe(row))", reference: row.reference))
            }
            for resident in residents {
                for (person, row) in flagged(resident) {
                    matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, resident), route: .place,
                                             explanation: "\(verb) at \(encounter.address), where \(person.displayName) lives: \(describe(row))",
                                             reference: row.reference))
                }
            }
        }
        for person in encounter.people {
            for (_, row) in flagged(person.id) {
                matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, person.id), route: .person,
                                         explanation: "\(verb) with \(person.displayName): \(describe(row))", reference: row.reference))
            }
        }
        for object in encounter.objects {
            let through = EntityRef(.object, object.id)
            let what = "\(object.key.kind.title.lowercased()) \(object.key.display)"
            for row in flags[object.id] ?? [] {
                matches.append(FlagMatch(flag: row.flag, flagged: through, route: .object, through: through,
                                         explanation: "\(verb) with \(what): \(describe(row))", reference: row.reference))
            }
            for user in users[object.id] ?? [] {
                for (person, row) in flagged(user) {
                    matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, user), route: .object, through: through,
                                             explanation: "\(verb) with \(what), \(object.key.kind.usedByPhrase) \(person.displayName): \(describe(row))",
                                             reference: row.reference))
                }
            }
        }
        return matches
    }

    /// "registered sex offender (flag RSO-0193)"; a person record's own kind has no register reference.
    static func describe(_ row: FlagRow) -> String {
        row.reference.isEmpty ? "recorded as a \(row.flag.title.lowercased())" : "\(row.flag.title.lowercased()) (flag \(row.reference))"
    }
}

extension LinkStore {
    /// What a found record at `place` with these people, vehicles and phones would match on the
    /// flags register, without recording anything: the read the found record makes, for the
    /// benchmark and for checks made before a visit. A caller that shows the result must log it.
    public static func matchFlags(place: String, postcode: String?, personIDs: [String], vehicles: [String], phones: [String],
                                  in sql: any SQLDatabase) async throws -> [FlagMatch] {
        var location: String?
        if let key = AddressKey.make(place, postcode: postcode) {
            location = try await sql.select().column("id").from("locations").where("address_key", .equal, key.value).first()?
                .decode(column: "id", as: String.self)
        }
        var people: [Person] = []
        for id in personIDs { if let person = try await PersonStore.load(sql, id) { people.append(person) } }
        var objects: [(id: String, key: ObjectKey)] = []
        for key in ObjectList.keys(vehicles: vehicles, phones: phones) {
            if let row = try await sql.select().column("id").from("objects").where("object_key", .equal, key.key).first() {
                objects.append((try row.decode(column: "id", as: String.self), key))
            }
        }
        return try await FlagCheck.matches(Encounter(verb: .found, location: location, address: place, people: people, objects: objects), in: sql)
    }
}
