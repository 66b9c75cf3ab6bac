import Foundation
import LanternCore
import SQLKit

extension DomesticAbuseStore {
    /// Records that a child's school was told: the key adult, what was shared, when. Refused on a stale version.
    public func encompassSent(
        _ notificationID: String, keyAdult: String, shared: String, sentAt: Date, version: Int, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> EncompassNotification {
        let now = now()
        let keyAdult = keyAdult.trimmingCharacters(in: .whitespacesAndNewlines)
        let shared = shared.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = try NarrativeReview.review(shared, field: "shared", acknowledged: acknowledgedLanguage, checker: checker)
        return try await settleNotification(
            notificationID, version: version, context: context, narrative: review, detail: "Operation Encompass: school told"
        ) {
            notification, incident in
            try Encompass.checkSent(keyAdult: keyAdult, shared: shared, sentAt: sentAt, incidentAt: incident.report.occurredAt, now: now)
            notification.sentAt = sentAt
            notification.sentBy = context.actor.displayName
            notification.keyAdult = keyAdult
            notification.shared = shared
        }
    }

    /// Records why a child's school was not told, with one of the pack's exceptions and a note.
    public func encompassNotSent(
        _ notificationID: String, reason: String, note: String, version: Int, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> EncompassNotification {
        let rules = self.rules
        let clean = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let review = try NarrativeReview.review(clean, field: "note", acknowledged: acknowledgedLanguage, checker: checker)
        return try await settleNotification(
            notificationID, version: version, context: context, narrative: review,
            detail: "Operation Encompass: not told (\(reason.prefix(40)))"
        ) {
            notification, _ in
            try Encompass.checkNotSent(reason: reason, note: clean, by: context.actor.role, rules: rules)
            notification.notSentReason = reason
            notification.notSentNote = clean
            notification.sentBy = context.actor.displayName
        }
    }

    private func settleNotification(
        _ id: String, version: Int, context: AccessContext, narrative: NarrativeReview, detail: String,
        _ change: @Sendable @escaping (inout EncompassNotification, DomesticAbuseIncident) throws -> Void
    ) async throws -> EncompassNotification {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let now = now()
        let outcome: Result<EncompassNotification, any Error> = try await database.transaction { sql in
            guard id.count <= 64,
                let row = try await sql.select().column("*").from(EncompassNotificationRow.table).where("id", .equal, id).for(.update).first()?
                    .decode(model: EncompassNotificationRow.self, with: StoredRow.decoder),
                let (incident, people) = try await Self.load(row.incidentId, in: sql)
            else {
                return .failure(RecordNotFound(recordType: "Operation Encompass notification", id: id))
            }
            if case .deny(let reason) = policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)) {
                return .failure(AccessDenied(permission: .workDomesticAbuse, reason: reason))
            }
            var notification = row.notification
            if notification.isSettled {
                throw ValidationFailure("status", "This notification was already settled; it cannot be recorded twice")
            }
            if notification.version != version {
                throw VersionConflict(
                    recordType: "Operation Encompass notification", id: id, expectedVersion: version, currentVersion: notification.version,
                    changedFields: ["status"])
            }
            try change(&notification, incident)
            notification.version += 1
            try await recordLanguage(narrative, record: incident.id, actor: context.actor, at: now, in: sql)
            try await sql.update(EncompassNotificationRow.table).set(model: EncompassNotificationRow(notification), with: StoredRow.encoder)
                .where("id", .equal, id).run()
            try await AccessLogStore.append(
                context.entry(
                    at: now, .disclose, recordType: Self.recordType, recordIDs: [incident.id, notification.childID], purpose: .domesticAbuse,
                    recipient: notification.keyAdult ?? "", detail: detail), in: sql)
            return .success(notification)
        }
        return try await authoriser.settle(
            outcome, permission: .workDomesticAbuse, context: context, recordType: Self.recordType, id: id,
            shownAs: "Operation Encompass notification")
    }
}
