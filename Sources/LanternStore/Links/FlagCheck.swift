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

    /// Three or four queries whatever the encounter: who lives at the place and who uses each object
    /// (one), every flag on any of them with anyone recorded as a registered sex offender (one per 500),
    /// and the names of the flagged (one per 500, only when there are any). Links to people always start
    /// at the person (see LinkType.allowedEnds), so one direction is enough.
    static func matches(_ encounter: Encounter, in sql: any SQLDatabase) async throws -> [FlagMatch] {
        let targets = (encounter.location.map { [$0] } ?? []) + encounter.objects.map(\.id)
        let (residents, users) = try await linkedPeople(encounter, targets: targets, in: sql)
        let given = Set(encounter.people.map(\.id))
        let others = Array(Set(residents + users.values.flatMap { $0 }).subtracting(given))
        let candidates = Array(Set(others).union(given).union(targets))
        let (flags, recordedRSO) = try await flagRows(candidates, in: sql)
        // Only the people who matter are loaded: flagged ones, and anyone recorded as a registered sex offender.
        var people: [String: Person] = Dictionary(encounter.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let wanted = others.filter { flags[$0] != nil || recordedRSO.contains($0) }
        for chunk in LinkStore.chunks(wanted, of: 500) {
            for person in try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, Array(chunk)).all().map(
                PersonStore.decode)
            {
                people[person.id] = person
            }
        }
        let found = Flagged(flags: flags, people: people)
        return placeMatches(encounter, residents: residents, found) + personMatches(encounter, found)
            + objectMatches(encounter, users: users, found)
    }

    /// Who lives at the place (`residents`) and who uses each object (`users`, by object id).
    static func linkedPeople(
        _ encounter: Encounter, targets: [String],
        in sql: any SQLDatabase
    ) async throws -> (residents: [String], users: [String: [String]]) {
        var residents: [String] = []
        var users: [String: [String]] = [:]
        guard !targets.isEmpty else { return (residents, users) }
        let objectTypes = [LinkType.drives, .usesPhone, .usesAccount].map(\.rawValue)
        let rows = try await sql.select().columns("from_id", "to_id", "type").from("links").where("to_id", .in, targets)
            .where("type", .in, [LinkType.livesAt.rawValue] + objectTypes).where("from_kind", .equal, EntityKind.person.rawValue)
            .where("ended_at_ms", .is, SQLLiteral.null).all()
        for row in rows {
            let from = try row.decode(column: "from_id", as: String.self)
            let to = try row.decode(column: "to_id", as: String.self)
            let type = try row.decode(column: "type", as: String.self)
            if to == encounter.location && type == LinkType.livesAt.rawValue {
                residents.append(from)
            } else if objectTypes.contains(type) {
                users[to, default: []].append(from)
            }
        }
        return (residents, users)
    }

    /// The flags on each of `candidates` (sorted by reference), and which of them are people recorded as a
    /// registered sex offender.
    static func flagRows(_ candidates: [String], in sql: any SQLDatabase) async throws -> (flags: [String: [FlagRow]], recordedRSO: Set<String>) {
        var flags: [String: [FlagRow]] = [:]
        var recordedRSO: Set<String> = []
        for chunk in LinkStore.chunks(candidates, of: 500) {
            let ids = Array(chunk).map { $0 as any Encodable & Sendable }
            // A person recorded as a registered sex offender counts even before the register is imported.
            let rows = try await sql.raw(
                """
                SELECT entity_id, flag, reference FROM flags WHERE entity_id IN (\(binds: ids)) AND removed_at_ms IS NULL
                UNION ALL
                SELECT id, '', '' FROM people WHERE id IN (\(binds: ids)) AND kind = \(bind: PersonKind.registeredSexOffender.rawValue)
                AND erased_at_ms IS NULL
                """
            ).all()
            for row in rows {
                let id = try row.decode(column: "entity_id", as: String.self)
                let flagText = try row.decode(column: "flag", as: String.self)
                if flagText.isEmpty {
                    recordedRSO.insert(id)
                    continue
                }
                let flag = try StoredCode.known(FlagKind.self, flagText, table: "flags", column: "flag")
                flags[id, default: []].append((flag, try row.decode(column: "reference", as: String.self)))
            }
        }
        for key in flags.keys { flags[key]?.sort { $0.reference < $1.reference } }
        return (flags, recordedRSO)
    }

    /// The flags found and the people they name.
    struct Flagged {
        var flags: [String: [FlagRow]]
        var people: [String: Person]

        /// The flags on the person `id` (a person recorded as a registered sex offender counts as one); none once erased.
        func person(_ id: String) -> [(Person, FlagRow)] {
            guard let person = people[id], person.erasedAt == nil else { return [] }
            let rows = flags[id] ?? []
            if rows.isEmpty && person.kind == .registeredSexOffender { return [(person, (FlagKind.registeredSexOffender, ""))] }
            return rows.map { (person, $0) }
        }
    }

    /// The place is flagged, or a flagged person lives there.
    static func placeMatches(_ encounter: Encounter, residents: [String], _ found: Flagged) -> [FlagMatch] {
        guard let location = encounter.location else { return [] }
        let verb = encounter.verb.rawValue
        var matches: [FlagMatch] = []
        for row in found.flags[location] ?? [] {
            matches.append(
                FlagMatch(
                    flag: row.flag, flagged: EntityRef(.location, location), route: .place,
                    explanation: "\(verb) at \(encounter.address), a \(describe(row))", reference: row.reference))
        }
        for resident in residents {
            for (person, row) in found.person(resident) {
                matches.append(
                    FlagMatch(
                        flag: row.flag, flagged: EntityRef(.person, resident), route: .place,
                        explanation: "\(verb) at \(encounter.address), where \(PersonMention.token(person.id)) lives: \(describe(row))",
                        reference: row.reference))
            }
        }
        return matches
    }

    /// The child was with a flagged person.
    static func personMatches(_ encounter: Encounter, _ found: Flagged) -> [FlagMatch] {
        let verb = encounter.verb.rawValue
        return encounter.people.flatMap { person in
            found.person(person.id).map { _, row in
                FlagMatch(
                    flag: row.flag, flagged: EntityRef(.person, person.id), route: .person,
                    explanation: "\(verb) with \(PersonMention.token(person.id)): \(describe(row))", reference: row.reference)
            }
        }
    }

    /// The child was with a vehicle, phone or account that is flagged or that a flagged person uses.
    static func objectMatches(_ encounter: Encounter, users: [String: [String]], _ found: Flagged) -> [FlagMatch] {
        let verb = encounter.verb.rawValue
        var matches: [FlagMatch] = []
        for object in encounter.objects {
            let through = EntityRef(.object, object.id)
            let what = "\(object.key.kind.title.lowercased()) \(object.key.display)"
            for row in found.flags[object.id] ?? [] {
                matches.append(
                    FlagMatch(
                        flag: row.flag, flagged: through, route: .object, through: through,
                        explanation: "\(verb) with \(what): \(describe(row))", reference: row.reference))
            }
            for user in users[object.id] ?? [] {
                for (person, row) in found.person(user) {
                    matches.append(
                        FlagMatch(
                            flag: row.flag, flagged: EntityRef(.person, user), route: .object, through: through,
                            explanation: "\(verb) with \(what), \(object.key.kind.usedByPhrase) \(PersonMention.token(person.id)): \(describe(row))",
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
    public static func matchFlags(
        place: String, postcode: String?, personIDs: [String], vehicles: [String], phones: [String],
        in sql: any SQLDatabase
    ) async throws -> [FlagMatch] {
        let keys = ObjectList.keys(vehicles: vehicles, phones: phones)
        let addressKey = AddressKey.make(place, postcode: postcode)?.value ?? ""
        // The place and the objects in one round trip.
        let found = try await sql.raw(
            """
            SELECT id, '' AS object_key FROM locations WHERE address_key = \(bind: addressKey)
            UNION ALL
            SELECT id, object_key FROM objects WHERE object_key IN (\(binds: (keys.map(\.key) + [""]).map { $0 as any Encodable & Sendable }))
            """
        ).all()
        var location: String?
        var objects: [(id: String, key: ObjectKey)] = []
        for row in found {
            let id = try row.decode(column: "id", as: String.self)
            let objectKey = try row.decode(column: "object_key", as: String.self)
            if objectKey.isEmpty { location = id } else if let key = keys.first(where: { $0.key == objectKey }) { objects.append((id, key)) }
        }
        var people: [Person] = []
        if !personIDs.isEmpty {
            people = try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, personIDs).all().map(PersonStore.decode)
        }
        return try await FlagCheck.matches(Encounter(verb: .found, location: location, address: place, people: people, objects: objects), in: sql)
    }
}
