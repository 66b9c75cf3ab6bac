import Foundation
import LanternCore
import SQLKit

extension PolicePowersStore {
    /// Opens a protection: it names a child, so a purpose is required; logged before it is returned. A protection of
    /// a child the reader may not open is, to them, not there.
    public func protection(
        _ id: String, purpose: AccessPurpose?, purposeNote: String = "", context: AccessContext
    ) async throws -> PoliceProtectionRecord {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        return try await record(id, context: context, logged: true, purpose: purpose, purposeNote: purposeNote)
    }

    func record(
        _ id: String, context: AccessContext, logged: Bool, purpose: AccessPurpose? = nil, purposeNote: String = ""
    ) async throws -> PoliceProtectionRecord {
        let now = now()
        let policy = self.policy
        let rules = self.rules
        let outcome: Result<PoliceProtectionRecord, any Error> = try await database.transaction { sql in
            guard let (row, child) = try await Self.load(id, in: sql) else {
                return .failure(RecordNotFound(recordType: "police protection", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: child.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            // Asked only once the reader may open it, so the question says nothing about a record they may not.
            if logged && purpose == nil { return .failure(PurposeRequired()) }
            var record = try await Self.assemble([row], children: [child.id: child], rules: rules, at: now, in: sql)[0]
            record.takenFrom = try await PolicePowersLinks.scene(
                of: (Self.recordType, id), actor: context.actor, policy: policy, now: now, in: sql)
            if logged {
                // The adults it names are shown too, so they are consulted with it.
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: Self.recordType, recordIDs: [id, child.id] + (record.takenFrom?.personIDs ?? []),
                        purpose: purpose, purposeNote: purposeNote),
                    in: sql)
            }
            return .success(record)
        }
        return try await authoriser.settle(
            outcome, permission: .consultPersonRecord, context: context, recordType: Self.recordType, id: id, shownAs: "police protection")
    }

    /// Every police protection of a child, newest first, for the child's own record (whose read is logged already).
    public func protections(ofChild child: Person) async throws -> [PoliceProtectionRecord] {
        let now = now()
        let rules = self.rules
        return try await database.read { sql in
            let rows = try await sql.select().column("*").from(PoliceProtectionRow.table).where("child_id", .equal, child.id)
                .orderBy("taken_at_ms", .descending).all(decoding: PoliceProtectionRow.self, with: StoredRow.decoder)
            return try await Self.assemble(rows, children: [child.id: child], rules: rules, at: now, in: sql)
        }
    }

    /// Children in police protection now, the soonest to expire first: only those the reader may open. The queue lists
    /// names and clocks, not the grounds, so it is not logged as a consultation (as the other queues).
    public func inProtectionNow(context: AccessContext) async throws -> [PoliceProtectionRecord] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        return try await database.read { sql in
            let rows = try await sql.select().column("*").from(PoliceProtectionRow.table).where("ending_code", .is, SQLLiteral.null)
                .orderBy("taken_at_ms").all(decoding: PoliceProtectionRow.self, with: StoredRow.decoder)
            var children: [String: Person] = [:]
            for person in try await PersonStore.loadMany(sql, Set(rows.map(\.childId))) { children[person.id] = person }
            let open = rows.filter { row in
                guard let child = children[row.childId] else { return false }
                return policy.decide(context.actor, .consultPersonRecord, on: child.scope).isAllowed
            }
            return try await Self.assemble(open, children: children, rules: rules, at: now, in: sql)
        }
    }

    static func load(_ id: String, forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> (PoliceProtectionRow, Person)? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().column("*").from(PoliceProtectionRow.table).where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        guard let row = try await query.first()?.decode(model: PoliceProtectionRow.self, with: StoredRow.decoder),
            let child = try await PersonStore.load(sql, row.childId)
        else { return nil }
        return (row, child)
    }

    /// The protection in `row` with its duties; an ending or duty the pack does not know is an error, never dropped.
    static func protection(_ row: PoliceProtectionRow, in sql: any SQLDatabase) async throws -> PoliceProtection {
        let duties = try await sql.select().column("*").from(PoliceProtectionDutyRow.table).where("protection_id", .equal, row.id)
            .orderBy("done_at_ms").all(decoding: PoliceProtectionDutyRow.self, with: StoredRow.decoder)
        return try row.protection(duties: duties)
    }

    /// Records for `rows`, with their duties and designated officers' names loaded in one query each.
    static func assemble(
        _ rows: [PoliceProtectionRow], children: [String: Person], rules: PolicePowersRules, at now: Date, in sql: any SQLDatabase
    ) async throws -> [PoliceProtectionRecord] {
        guard !rows.isEmpty else { return [] }
        let duties = Dictionary(
            grouping: try await sql.select().column("*").from(PoliceProtectionDutyRow.table).where("protection_id", .in, rows.map(\.id))
                .orderBy("done_at_ms").all(decoding: PoliceProtectionDutyRow.self, with: StoredRow.decoder), by: \.protectionId)
        let officerIDs = Array(Set(rows.compactMap(\.designatedOfficer)))
        var names: [String: String] = [:]
        if !officerIDs.isEmpty {
            for user in try await sql.select().columns("id", "display_name").from("users").where("id", .in, officerIDs).all() {
                names[try user.decode(column: "id", as: String.self)] = try user.decode(column: "display_name", as: String.self)
            }
        }
        return try rows.map { row in
            let protection = try row.protection(duties: duties[row.id] ?? [])
            if let code = protection.ending?.code, rules.ending(code) == nil {
                throw StoredValueUnknown(table: PoliceProtectionRow.table, column: "ending_code", value: code)
            }
            if let unknown = protection.duties.first(where: { rules.duty($0.duty) == nil }) {
                throw StoredValueUnknown(table: PoliceProtectionDutyRow.table, column: "duty", value: unknown.duty)
            }
            return PoliceProtectionRecord(
                protection: protection, reference: row.reference, childName: children[row.childId]?.displayName ?? "", team: row.team,
                borough: row.borough, designatedOfficerName: protection.designatedOfficer.flatMap { names[$0.userID] }, asOf: now, rules: rules)
        }
    }
}
