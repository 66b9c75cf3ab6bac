import Foundation
import LanternCore
import SQLKit

extension DomesticAbuseStore {
    /// Records that the referral reached the MARAC coordinator: the clock stops. Refused on a stale version.
    public func maracReferred(_ referralID: String, at: Date, version: Int, context: AccessContext) async throws -> MaracReferral {
        let now = now()
        return try await changeReferral(referralID, version: version, context: context, detail: "MARAC referral made") { referral, incident, _ in
            if referral.referredAt != nil { throw ValidationFailure("referredAt", "This referral was already recorded as made") }
            try Marac.checkReferred(at: at, incidentAt: incident.report.occurredAt, now: now)
            referral.referredAt = at
        }
    }

    /// Sets (or moves) the date of the meeting that hears the case.
    public func maracMeeting(_ referralID: String, at: Date, version: Int, context: AccessContext) async throws -> MaracReferral {
        let now = now()
        return try await changeReferral(referralID, version: version, context: context, detail: "MARAC meeting set") { referral, _, _ in
            try Marac.checkMeeting(at: at, referredAt: referral.referredAt, now: now)
            referral.meetingAt = at
        }
    }

    /// An action the meeting agreed, with its owner and due date; the action's words are language-checked.
    public func addMaracAction(
        _ referralID: String, action: String, owner: String, dueAt: Date, version: Int, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> MaracReferral {
        let now = now()
        let action = action.trimmingCharacters(in: .whitespacesAndNewlines)
        let owner = owner.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = try NarrativeReview.review(action, field: "action", acknowledged: acknowledgedLanguage, checker: checker)
        return try await changeReferral(referralID, version: version, context: context, detail: "MARAC action added", narrative: review) {
            referral, _, sql in
            guard let meetingAt = referral.meetingAt else {
                throw ValidationFailure("action", "Actions are agreed at the meeting: set the meeting's date first")
            }
            try Marac.checkAction(action: action, owner: owner, dueAt: dueAt, meetingAt: meetingAt)
            let row = MaracActionRow(
                id: StoredID.new(), referralId: referral.id, action: action, owner: owner, dueAtMs: dueAt.millisecondsSince1970, doneAtMs: nil,
                addedBy: context.actor.userID, addedAtMs: now.millisecondsSince1970)
            try await sql.insert(into: MaracActionRow.table).model(row, with: StoredRow.encoder).run()
            referral.actions.append(row.recorded)
        }
    }

    /// An agreed action marked done, at a time not before the meeting nor in the future.
    public func completeMaracAction(
        _ referralID: String, actionID: String, doneAt: Date, version: Int, context: AccessContext
    ) async throws -> MaracReferral {
        let now = now()
        return try await changeReferral(referralID, version: version, context: context, detail: "MARAC action done") { referral, _, sql in
            guard let index = referral.actions.firstIndex(where: { $0.id == actionID }) else {
                throw ValidationFailure("actionId", "'\(actionID.prefix(64))' is not an action on this referral")
            }
            if referral.actions[index].doneAt != nil { throw ValidationFailure("actionId", "This action was already marked done") }
            if let meetingAt = referral.meetingAt, doneAt < meetingAt {
                throw ValidationFailure("doneAt", "An action cannot be done before the meeting that agreed it")
            }
            if doneAt > now.addingTimeInterval(60) { throw ValidationFailure("doneAt", "The time done cannot be in the future") }
            try await sql.update(MaracActionRow.table).set("done_at_ms", to: doneAt.millisecondsSince1970).where("id", .equal, actionID).run()
            referral.actions[index].doneAt = doneAt
        }
    }

    /// One referral change: the referral locked, the reader allowed to work every person on its incident, the version
    /// current; then the change, the new version and the access-log entry, in one transaction.
    private func changeReferral(
        _ id: String, version: Int, context: AccessContext, detail: String, narrative: NarrativeReview? = nil,
        _ change: @Sendable @escaping (inout MaracReferral, DomesticAbuseIncident, any SQLDatabase) async throws -> Void
    ) async throws -> MaracReferral {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let now = now()
        let outcome: Result<MaracReferral, any Error> = try await database.transaction { sql in
            guard id.count <= 64,
                let row = try await sql.select().column("*").from(MaracReferralRow.table).where("id", .equal, id).for(.update).first()?
                    .decode(model: MaracReferralRow.self, with: StoredRow.decoder),
                let (incident, people) = try await Self.load(row.incidentId, in: sql)
            else {
                return .failure(RecordNotFound(recordType: "MARAC referral", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)) {
                return .failure(AccessDenied(permission: .workDomesticAbuse, reason: reason))
            }
            let actions = try await sql.select().column("*").from(MaracActionRow.table).where("referral_id", .equal, id).orderBy("due_at_ms")
                .all(decoding: MaracActionRow.self, with: StoredRow.decoder)
            var referral = row.referral(actions: actions)
            if referral.version != version {
                throw VersionConflict(
                    recordType: "MARAC referral", id: id, expectedVersion: version, currentVersion: referral.version, changedFields: ["referral"])
            }
            try await change(&referral, incident, sql)
            referral.version += 1
            if let narrative { try await recordLanguage(narrative, record: incident.id, actor: context.actor, at: now, in: sql) }
            try await sql.update(MaracReferralRow.table)
                .set(model: MaracReferralRow(referral, createdAt: Date(millisecondsSince1970: row.createdAtMs)), with: StoredRow.encoder)
                .where("id", .equal, id).run()
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.recordType, recordIDs: [incident.id, referral.victimID], purpose: .domesticAbuse,
                    detail: detail), in: sql)
            return .success(referral)
        }
        return try await authoriser.settle(
            outcome, permission: .workDomesticAbuse, context: context, recordType: Self.recordType, id: id, shownAs: "MARAC referral")
    }
}
