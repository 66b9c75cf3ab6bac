import Foundation
import LanternCore
import SQLKit

extension LinkStore {
    /// Runs Lantern's network rule (`NetworkDetection`) over every link still in force: the whole
    /// link graph, the people who are children, and the registered sex offenders (by record kind or
    /// by an active flag). One access-log entry, in the same transaction as the reads, names the run
    /// and the adults it flagged. `minimumChildren` defaults to the rule pack's `networkChildren`.
    public func detectNetworks(minimumChildren: Int? = nil, minimumAtPlaces: Int? = nil, actor: Actor) async throws -> NetworkDetection.Result {
        let minimum = minimumChildren ?? exploitation.networkChildren.value
        let atPlaces = minimumAtPlaces ?? exploitation.networkChildrenAtPlaces.value
        let now = Date(millisecondsSince1970: clock.now().millisecondsSince1970)
        return try await database.transaction { sql in
            var builder = LinkGraph.Builder()
            var types: [LinkType] = []
            for row in try await sql.select().columns("from_kind", "from_id", "to_kind", "to_id", "type").from("links")
                .where("ended_at_ms", .is, SQLLiteral.null).all()
            {
                let type = try StoredCode.known(LinkType.self, row, "type", table: "links")
                let fromKind = try StoredCode.known(EntityKind.self, row, "from_kind", table: "links")
                let toKind = try StoredCode.known(EntityKind.self, row, "to_kind", table: "links")
                builder.add(
                    EntityRef(fromKind, try row.decode(column: "from_id", as: String.self)),
                    EntityRef(toKind, try row.decode(column: "to_id", as: String.self)), link: Int32(types.count))
                types.append(type)
            }
            var children: Set<String> = []
            var offenders: Set<String> = []
            for row in try await sql.select().columns("id", "kind").from("people")
                .where("kind", .in, [PersonKind.child.rawValue, PersonKind.registeredSexOffender.rawValue])
                .where("erased_at_ms", .is, SQLLiteral.null).all()
            {
                let id = try row.decode(column: "id", as: String.self)
                if try row.decode(column: "kind", as: String.self) == PersonKind.child.rawValue { children.insert(id) } else { offenders.insert(id) }
            }
            for row in try await sql.select().column("entity_id").from("flags").where("flag", .equal, FlagKind.registeredSexOffender.rawValue)
                .where("entity_kind", .equal, EntityKind.person.rawValue).where("removed_at_ms", .is, SQLLiteral.null).all()
            {
                offenders.insert(try row.decode(column: "entity_id", as: String.self))
            }
            let result = NetworkDetection.detect(
                builder.build(), linkTypes: types, children: children, offenders: offenders,
                minimumChildren: minimum, minimumAtPlaces: atPlaces)
            try await AccessLogStore.append(
                AccessLogEntry(
                    at: now, actor: actor, action: .consult, recordType: PersonStore.recordType, recordIDs: result.adults.map(\.adult),
                    detail: "network detection over \(types.count) links: \(result.adults.count) adults with \(minimum) or more children in person "
                        + "or \(atPlaces) at their places, "
                        + "\(result.offenderHomeFinds.count) finds at a registered sex offender's home"), in: sql)
            return result
        }
    }
}
