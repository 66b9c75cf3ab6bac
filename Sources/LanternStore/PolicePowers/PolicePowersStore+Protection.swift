import Foundation
import LanternCore
import SQLKit

extension PolicePowersStore {
    /// Appoints the designated officer (s46(3)(e)) by account name: a different officer from the one who took the
    /// child, of the pack's rank or above. Records the duty to secure the inquiry as done by the appointing officer.
    public func appointDesignatedOfficer(
        _ id: String, username: String, at: Date, version: Int, context: AccessContext
    ) async throws -> PoliceProtectionRecord {
        try await change(id, version: version, context: context, detail: "designated officer appointed") { protection, sql in
            guard let account = try await AccountStore.loadUser(sql, username: username), !account.isDisabled
            else {
                throw ValidationFailure("designatedOfficer", "No active account is named '\(username.prefix(64))'")
            }
            if protection.ending != nil { throw ValidationFailure("designatedOfficer", "This police protection has ended") }
            protection.designatedOfficer = .init(userID: account.id, rank: account.rank, appointedAt: at)
            let secured = PoliceProtection.DutyDone(duty: "designated-officer", by: context.actor.displayName, at: at, note: account.displayName)
            let newlySecured = !protection.duties.contains { $0.duty == secured.duty }
            if newlySecured { protection.duties.append(secured) }
            try protection.check(now: now(), rules: rules)
            if newlySecured { try await insert(secured, on: protection.id, actor: context.actor, in: sql) }
            try await sql.update(PoliceProtectionRow.table).set("designated_officer", to: account.id).set(
                "designated_rank", to: account.rank.rawValue
            )
            .set("designated_at_ms", to: at.millisecondsSince1970).where("id", .equal, protection.id).run()
        }
    }

    /// One s46 duty done, by whom and when; the child's wishes and feelings (and any note) are language-checked.
    public func recordDuty(
        _ id: String, duty: String, by: String, at: Date, note: String, version: Int, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> PoliceProtectionRecord {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = note.isEmpty ? nil : try NarrativeReview.review(note, field: "note", acknowledged: acknowledgedLanguage, checker: checker)
        return try await change(id, version: version, context: context, detail: "police protection duty '\(duty.prefix(40))' done", narrative: review)
        {
            protection, sql in
            if protection.duties.contains(where: { $0.duty == duty }) { throw ValidationFailure("duty", "This duty is already recorded as done") }
            let done = PoliceProtection.DutyDone(duty: duty, by: by, at: at, note: note)
            protection.duties.append(done)
            try protection.check(now: now(), rules: rules)
            try await insert(done, on: protection.id, actor: context.actor, in: sql)
        }
    }

    /// Ends the protection with one of the pack's endings, by the recording officer, no later than the 72-hour expiry.
    public func end(
        _ id: String, code: String, at: Date, note: String, version: Int, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> PoliceProtectionRecord {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = note.isEmpty ? nil : try NarrativeReview.review(note, field: "note", acknowledged: acknowledgedLanguage, checker: checker)
        return try await change(id, version: version, context: context, detail: "police protection ended (\(code.prefix(40)))", narrative: review) {
            protection, sql in
            if protection.ending != nil { throw ValidationFailure("code", "This police protection has already ended") }
            protection.ending = .init(code: code, by: context.actor.userID, at: at, note: note)
            try protection.check(now: now(), rules: rules)
            try await sql.update(PoliceProtectionRow.table).set("ending_code", to: code).set("ending_by", to: context.actor.userID)
                .set("ending_at_ms", to: at.millisecondsSince1970).set("ending_note", to: note).where("id", .equal, protection.id).run()
        }
    }

    private func insert(_ done: PoliceProtection.DutyDone, on id: String, actor: Actor, in sql: any SQLDatabase) async throws {
        let row = PoliceProtectionDutyRow(done, on: id, recordedBy: actor.userID, at: now())
        try await sql.insert(into: PoliceProtectionDutyRow.table).model(row, with: StoredRow.encoder).run()
    }

    /// One change: the protection locked, the officer allowed to use the power on its child, the version current;
    /// then the change, the new version and the access-log entry, in one transaction.
    private func change(
        _ id: String, version: Int, context: AccessContext, detail: String, narrative: NarrativeReview? = nil,
        _ apply: @Sendable @escaping (inout PoliceProtection, any SQLDatabase) async throws -> Void
    ) async throws -> PoliceProtectionRecord {
        try await authoriser.require(.usePolicePowers, context, recordType: Self.recordType)
        let now = now()
        let policy = self.policy
        let outcome: Result<Void, any Error> = try await database.transaction { sql in
            guard let (row, child) = try await Self.load(id, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "police protection", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .usePolicePowers, on: child.scope) {
                return .failure(AccessDenied(permission: .usePolicePowers, reason: reason))
            }
            var protection = try await Self.protection(row, in: sql)
            if protection.version != version {
                throw VersionConflict(
                    recordType: "police protection", id: id, expectedVersion: version, currentVersion: protection.version,
                    changedFields: ["protection"])
            }
            try await apply(&protection, sql)
            try await sql.update(PoliceProtectionRow.table).set("version", to: protection.version + 1).where("id", .equal, id).run()
            if let narrative {
                try await recordLanguage(narrative, record: id, version: protection.version + 1, actor: context.actor, at: now, in: sql)
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.recordType, recordIDs: [id, child.id], purpose: .policePowers,
                    detail: "\(detail): \(row.reference)"), in: sql)
            return .success(())
        }
        try await authoriser.settle(
            outcome, permission: .usePolicePowers, context: context, recordType: Self.recordType, id: id, shownAs: "police protection")
        return try await record(id, context: context, logged: false)
    }
}
