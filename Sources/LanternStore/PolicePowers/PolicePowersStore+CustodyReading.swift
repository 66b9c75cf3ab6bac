import Foundation
import LanternCore
import SQLKit

extension PolicePowersStore {
    /// Opens a child's detention: it names a child, so a purpose is required; logged before it is returned.
    public func detention(_ id: String, purpose: AccessPurpose?, purposeNote: String = "", context: AccessContext) async throws -> CustodyRecord {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.custodyRecordType)
        return try await custodyRecord(id, context: context, logged: true, purpose: purpose, purposeNote: purposeNote)
    }

    func custodyRecord(
        _ id: String, context: AccessContext, logged: Bool, purpose: AccessPurpose? = nil, purposeNote: String = ""
    ) async throws -> CustodyRecord {
        let now = now()
        let policy = self.policy
        let rules = self.rules
        let outcome: Result<CustodyRecord, any Error> = try await database.transaction { sql in
            guard let (row, child) = try await Self.loadDetention(id, in: sql) else {
                return .failure(RecordNotFound(recordType: "child in custody", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .consultPersonRecord, on: child.scope) {
                return .failure(AccessDenied(permission: .consultPersonRecord, reason: reason))
            }
            if logged && purpose == nil { return .failure(PurposeRequired()) }
            var record = try Self.custodyRecord(row, childName: child.displayName, rules: rules, at: now)
            record.arrest = try await PolicePowersLinks.scene(
                of: (Self.custodyRecordType, id), actor: context.actor, policy: policy, now: now, in: sql)
            if logged {
                // The people it names are shown too, so they are consulted with it.
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: Self.custodyRecordType, recordIDs: [id, child.id] + (record.arrest?.personIDs ?? []),
                        purpose: purpose, purposeNote: purposeNote), in: sql)
            }
            return .success(record)
        }
        return try await authoriser.settle(
            outcome, permission: .consultPersonRecord, context: context, recordType: Self.custodyRecordType, id: id, shownAs: "child in custody")
    }

    /// Every detention of a child, newest first, for the child's own record (whose read is logged already).
    public func detentions(ofChild child: Person) async throws -> [CustodyRecord] {
        let now = now()
        let rules = self.rules
        return try await database.read { sql in
            try await sql.select().column("*").from(CustodyDetentionRow.table).where("child_id", .equal, child.id)
                .orderBy("detained_at_ms", .descending).all(decoding: CustodyDetentionRow.self, with: StoredRow.decoder)
                .map { try Self.custodyRecord($0, childName: child.displayName, rules: rules, at: now) }
        }
    }

    /// Children in custody now, the longest held first: only those the reader may open.
    public func inCustodyNow(context: AccessContext) async throws -> [CustodyRecord] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.custodyRecordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        return try await database.read { sql in
            let rows = try await sql.select().column("*").from(CustodyDetentionRow.table).where("released_at_ms", .is, SQLLiteral.null)
                .orderBy("detained_at_ms").all(decoding: CustodyDetentionRow.self, with: StoredRow.decoder)
            var children: [String: Person] = [:]
            for person in try await PersonStore.loadMany(sql, Set(rows.map(\.childId))) { children[person.id] = person }
            return try rows.compactMap { row in
                guard let child = children[row.childId], policy.decide(context.actor, .consultPersonRecord, on: child.scope).isAllowed else {
                    return nil
                }
                return try Self.custodyRecord(row, childName: child.displayName, rules: rules, at: now)
            }
        }
    }

    /// The Concordat's queue: children refused bail in the last `days` who were held overnight or whose transfer was
    /// certified, newest first, with the month-by-month figures over the same detentions. Only records the reader may open.
    public func overnightAndCertified(
        days: Int = 366, context: AccessContext
    ) async throws -> (
        records: [CustodyRecord], months: [ConcordatFigures.Month]
    ) {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.custodyRecordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        let since = now.addingTimeInterval(-Double(days) * 86_400).millisecondsSince1970
        let records: [CustodyRecord] = try await database.read { sql in
            let rows = try await sql.select().column("*").from(CustodyDetentionRow.table).where("transfer", .isNot, SQLLiteral.null)
                .where("detained_at_ms", .greaterThanOrEqual, since).orderBy("detained_at_ms", .descending)
                .all(decoding: CustodyDetentionRow.self, with: StoredRow.decoder)
            var children: [String: Person] = [:]
            for person in try await PersonStore.loadMany(sql, Set(rows.map(\.childId))) { children[person.id] = person }
            return try rows.compactMap { row in
                guard let child = children[row.childId], policy.decide(context.actor, .consultPersonRecord, on: child.scope).isAllowed else {
                    return nil
                }
                return try Self.custodyRecord(row, childName: child.displayName, rules: rules, at: now)
            }
        }
        return (
            records.filter { $0.heldOvernight || $0.detention.transfer?.certificate != nil },
            ConcordatFigures.byMonth(records.map(\.detention), at: now)
        )
    }

    static func custodyRecord(_ row: CustodyDetentionRow, childName: String, rules: PolicePowersRules, at now: Date) throws -> CustodyRecord {
        CustodyRecord(
            detention: try row.detention(), reference: row.reference, childName: childName, team: row.team, borough: row.borough, asOf: now,
            rules: rules)
    }
}
