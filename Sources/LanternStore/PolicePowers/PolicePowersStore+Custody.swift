import Foundation
import LanternCore
import SQLKit

extension PolicePowersStore {
    public static let custodyRecordType = "child-in-custody"

    /// Records a child detained in custody: on record, open to the officer, not already in custody, and a child under
    /// PACE Code C (the date of birth on the record decides; without one, how the child appears does). Where the child
    /// was arrested, and who with, become links from the child.
    public func detain(_ detained: ChildDetained, context: AccessContext) async throws -> CustodyRecord {
        try await authoriser.require(.usePolicePowers, context, recordType: Self.custodyRecordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        let actor = context.actor
        let arrest = try detained.arrest.validated(field: "arrest", childID: detained.childID)
        let outcome: Result<String, any Error> = try await database.transaction { sql in
            guard let child = try await PersonStore.load(sql, detained.childID), child.erasedAt == nil else {
                return .failure(ValidationFailure("childId", "No record with id '\(detained.childID.prefix(64))' is available to you"))
            }
            if case .deny(let reason) = policy.decide(actor, .usePolicePowers, on: child.scope) {
                return .failure(AccessDenied(permission: .usePolicePowers, reason: reason))
            }
            let detention = detained.detention(id: StoredID.new(), dateOfBirth: child.dateOfBirth)
            try detention.check(now: now, rules: rules)
            if !detention.isChild(rules: rules) {
                return .failure(
                    ValidationFailure("childId", "\(child.displayName) was 18 or over when detained: this record is for children in custody"))
            }
            if let open = try await Self.openDetention(ofChild: child.id, in: sql) {
                return .failure(
                    ValidationFailure("childId", "\(child.displayName) is already in custody (\(open.reference)); record the release first"))
            }
            let reference = try await MissingStore.nextReference("CC", counter: "child-in-custody", now, in: sql)
            let row = try CustodyDetentionRow(
                detention, reference: reference, team: actor.team, borough: actor.borough, createdBy: actor.userID, createdAt: now)
            try await sql.insert(into: CustodyDetentionRow.table).model(row, with: StoredRow.encoder).run()
            try await PolicePowersLinks.record(
                arrest, field: "arrest", child: child.id, placeType: .arrestedAt, personType: .arrestedWith, at: detention.detainedAt,
                source: (Self.custodyRecordType, detention.id), actor: actor, policy: policy, now: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .create, recordType: Self.custodyRecordType, recordIDs: [detention.id, child.id] + arrest.withPersonIDs,
                    purpose: .policePowers,
                    detail: "child in custody \(reference) recorded"), in: sql)
            return .success(detention.id)
        }
        let id = try await authoriser.settle(
            outcome, permission: .usePolicePowers, context: context, recordType: Self.custodyRecordType, id: detained.childID, shownAs: "child")
        return try await custodyRecord(id, context: context, logged: false)
    }

    /// The person responsible for the child's welfare told of the arrest, its reason and where the child is (Code C 3.13).
    public func welfareInformed(_ id: String, person: String, at: Date, version: Int, context: AccessContext) async throws -> CustodyRecord {
        try await changeDetention(id, version: version, context: context, detail: "welfare person told") { detention in
            detention.welfarePerson = person.trimmingCharacters(in: .whitespacesAndNewlines)
            detention.welfareInformedAt = at
        }
    }

    /// The appropriate adult asked for (or a different one, when the first cannot come), with their arrival when known.
    public func appropriateAdult(_ id: String, _ adult: AppropriateAdult, version: Int, context: AccessContext) async throws -> CustodyRecord {
        try await changeDetention(id, version: version, context: context, detail: "appropriate adult recorded") { detention in
            var adult = adult
            adult.name = adult.name.trimmingCharacters(in: .whitespacesAndNewlines)
            detention.appropriateAdult = adult
        }
    }

    /// A search of the child: a strip or intimate search with the appropriate adult present, or the urgent exception.
    public func recordSearch(
        _ id: String, _ search: CustodySearch, version: Int, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> CustodyRecord {
        try await changeDetention(
            id, version: version, acknowledgedLanguage: acknowledgedLanguage, context: context, detail: "\(search.kind.rawValue) search recorded"
        ) { detention in
            detention.searches.append(search)
        }
    }

    /// The s38(6) transfer as it now stands: charge, bail refused, the request and the authority's answer, the transfer
    /// or the custody officer's certificate.
    public func recordTransfer(
        _ id: String, _ transfer: TransferRequest, version: Int, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> CustodyRecord {
        try await changeDetention(
            id, version: version, acknowledgedLanguage: acknowledgedLanguage, context: context, detail: "s38(6) transfer recorded"
        ) { detention in
            detention.transfer = transfer
        }
    }

    /// One step of the s38(6) transfer (bail refused, the request, the answer, the transfer, the certificate), applied to
    /// the transfer as it stands; the whole transfer is checked again.
    public func changeTransfer(
        _ id: String, version: Int, detail: String, acknowledgedLanguage: Set<String> = [], context: AccessContext,
        _ step: @Sendable @escaping (inout TransferRequest?) throws -> Void
    ) async throws -> CustodyRecord {
        try await changeDetention(id, version: version, acknowledgedLanguage: acknowledgedLanguage, context: context, detail: detail) {
            detention in try step(&detention.transfer)
        }
    }

    /// The child left custody.
    public func release(_ id: String, at: Date, version: Int, context: AccessContext) async throws -> CustodyRecord {
        try await changeDetention(id, version: version, context: context, detail: "left custody") { detention in
            if detention.releasedAt != nil { throw ValidationFailure("at", "The child's leaving custody is already recorded") }
            detention.releasedAt = at
        }
    }

    /// One change: the detention locked, the officer allowed to use the power on its child, the version current; then
    /// the change checked whole, any new or changed free text language-checked, the new version and the access-log
    /// entry, in one transaction.
    private func changeDetention(
        _ id: String, version: Int, acknowledgedLanguage: Set<String> = [], context: AccessContext, detail: String,
        _ apply: @Sendable @escaping (inout ChildInCustody) throws -> Void
    ) async throws -> CustodyRecord {
        try await authoriser.require(.usePolicePowers, context, recordType: Self.custodyRecordType)
        let now = now()
        let rules = self.rules
        let policy = self.policy
        let outcome: Result<Void, any Error> = try await database.transaction { sql in
            guard let (row, child) = try await Self.loadDetention(id, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "child in custody", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .usePolicePowers, on: child.scope) {
                return .failure(AccessDenied(permission: .usePolicePowers, reason: reason))
            }
            var detention = try row.detention()
            if detention.version != version {
                throw VersionConflict(
                    recordType: "child in custody", id: id, expectedVersion: version, currentVersion: detention.version, changedFields: ["detention"])
            }
            let written = detention.narratives
            try apply(&detention)
            try detention.check(now: now, rules: rules)
            detention.version += 1
            for (field, text) in detention.narratives where !written.contains(where: { $0 == (field, text) }) {
                let review = try NarrativeReview.review(text, field: field, acknowledged: acknowledgedLanguage, checker: checker)
                try await recordLanguage(
                    review, recordType: Self.custodyRecordType, record: id, version: detention.version, actor: context.actor, at: now, in: sql)
            }
            let updated = try CustodyDetentionRow(
                detention, reference: row.reference, team: row.team, borough: row.borough, createdBy: row.createdBy,
                createdAt: Date(millisecondsSince1970: row.createdAtMs))
            try await sql.update(CustodyDetentionRow.table).set(model: updated, with: StoredRow.encoder).where("id", .equal, id).run()
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.custodyRecordType, recordIDs: [id, child.id], purpose: .policePowers,
                    detail: "\(detail): \(row.reference)"), in: sql)
            return .success(())
        }
        try await authoriser.settle(
            outcome, permission: .usePolicePowers, context: context, recordType: Self.custodyRecordType, id: id, shownAs: "child in custody")
        return try await custodyRecord(id, context: context, logged: false)
    }

    /// The child's detention not yet ended, if any.
    static func openDetention(ofChild childID: String, in sql: any SQLDatabase) async throws -> CustodyDetentionRow? {
        try await sql.select().column("*").from(CustodyDetentionRow.table).where("child_id", .equal, childID)
            .where("released_at_ms", .is, SQLLiteral.null).first(decoding: CustodyDetentionRow.self, with: StoredRow.decoder)
    }

    static func loadDetention(_ id: String, forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> (CustodyDetentionRow, Person)? {
        guard id.count <= 64 else { return nil }
        var query = sql.select().column("*").from(CustodyDetentionRow.table).where("id", .equal, id)
        if forUpdate { query = query.for(.update) }
        guard let row = try await query.first()?.decode(model: CustodyDetentionRow.self, with: StoredRow.decoder),
            let child = try await PersonStore.load(sql, row.childId)
        else { return nil }
        return (row, child)
    }
}
