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
    static func matches(_ encounter: Encounter, in sql: any SQLDatabase) async throws -> [FlagMatch] {
        let verb = encounter.verb.rawValue
        var matches: [FlagMatch] = []
        if let location = encounter.location {
            for row in try await LinkStore.activeFlags(location, in: sql) {
                matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.location, location), route: .place,
                                         explanation: "\(verb) at \(encounter.address), a \(describe(row))",
                                         reference: row.reference))
            }
            for resident in try await linked(to: location, by: [.livesAt], in: sql) {
                for (person, row) in try await flagged(resident, in: sql) {
                    matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, resident), route: .place,
                                             explanation: "\(verb) at \(encounter.address), where \(person.displayName) lives: \(describe(row))",
                                             reference: row.reference))
                }
            }
        }
        for person in encounter.people {
            for (_, row) in try await flagged(person.id, in: sql, known: person) {
                matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, person.id), route: .person,
                                         explanation: "\(verb) with \(person.displayName): \(describe(row))",
                                         reference: row.reference))
            }
        }
        for object in encounter.objects {
            let through = EntityRef(.object, object.id)
            let what = "\(object.key.kind.title.lowercased()) \(object.key.display)"
            for row in try await LinkStore.activeFlags(object.id, in: sql) {
                matches.append(FlagMatch(flag: row.flag, flagged: through, route: .object, through: through,
                                         explanation: "\(verb) with \(what): \(describe(row))",
                                         reference: row.reference))
            }
            for user in try await linked(to: object.id, by: [.drives, .usesPhone, .usesAccount], in: sql) {
                for (person, row) in try await flagged(user, in: sql) {
                    matches.append(FlagMatch(flag: row.flag, flagged: EntityRef(.person, user), route: .object, through: through,
                                             explanation: "\(verb) with \(what), \(object.key.kind.usedBy.title) by \(person.displayName): \(describe(row))",
                                             reference: row.reference))
                }
            }
        }
        return matches
    }

    /// "registered sex offender (flag RSO-0193)"; a person record's own kind has no register reference.
    static func describe(_ row: (flag: FlagKind, reference: String)) -> String {
        row.reference.isEmpty ? "recorded as a \(row.flag.title.lowercased())" : "\(row.flag.title.lowercased()) (flag \(row.reference))"
    }

    /// The people linked to an entity by one of `types`, in either direction, by links still standing.
    static func linked(to entity: String, by types: [LinkType], in sql: any SQLDatabase) async throws -> [String] {
        let kinds = types.map(\.rawValue)
        let outgoing = try await sql.select().column("to_id", as: "other").from("links").where("from_id", .equal, entity)
            .where("to_kind", .equal, EntityKind.person.rawValue).where("type", .in, kinds).where("ended_at_ms", .is, SQLLiteral.null).all()
        let incoming = try await sql.select().column("from_id", as: "other").from("links").where("to_id", .equal, entity)
            .where("from_kind", .equal, EntityKind.person.rawValue).where("type", .in, kinds).where("ended_at_ms", .is, SQLLiteral.null).all()
        var seen = Set<String>()
        return try (outgoing + incoming).map { try $0.decode(column: "other", as: String.self) }.filter { seen.insert($0).inserted }
    }

    /// A person's active flags; a person recorded as a registered sex offender counts as flagged even
    /// before the register is imported.
    static func flagged(_ personID: String, in sql: any SQLDatabase, known: Person? = nil)
        async throws -> [(Person, (flag: FlagKind, reference: String))] {
        var loaded = known
        if loaded == nil { loaded = try await PersonStore.load(sql, personID) }
        guard let person = loaded, person.erasedAt == nil else { return [] }
        let flags = try await LinkStore.activeFlags(personID, in: sql)
        if flags.isEmpty && person.kind == .registeredSexOffender {
            return [(person, (FlagKind.registeredSexOffender, ""))]
        }
        return flags.map { (person, $0) }
    }
}
