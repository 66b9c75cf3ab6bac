import Foundation
import LanternCore
import SQLKit

/// A child at an incident whose local authority has not been told: the data-quality queue.
public struct SocialCareGap: Sendable {
    public var incidentID: String
    public var incidentReference: String
    public var occurredAt: Date
    public var child: Person
    public var presence: ChildPresence
}

extension DomesticAbuseStore {
    /// Records that a child at the incident was referred or notified to children's social care: a disclosure to the
    /// local authority, logged with it as the recipient; what was said is language-checked.
    public func recordSocialCareContact(
        _ incidentID: String, _ contact: ChildSocialCareContact, acknowledgedLanguage: Set<String> = [], context: AccessContext
    ) async throws -> ChildSocialCareContact {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let review = try NarrativeReview.review(contact.summary, field: "summary", acknowledged: acknowledgedLanguage, checker: checker)
        let now = now()
        let outcome: Result<ChildSocialCareContact, any Error> = try await database.transaction { sql in
            guard let (incident, people) = try await Self.load(incidentID, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "domestic abuse incident", id: incidentID))
            }
            if case .deny(let reason) = policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)) {
                return .failure(AccessDenied(permission: .workDomesticAbuse, reason: reason))
            }
            guard incident.report.children.contains(where: { $0.childID == contact.childID }) else {
                throw ValidationFailure("childId", "'\(contact.childID.prefix(64))' is not a child at incident \(incident.reference)")
            }
            var clean = try contact.validated(now: now, incidentAt: incident.report.occurredAt)
            (clean.id, clean.incidentID, clean.recordedBy, clean.recordedAt) = (StoredID.new(), incident.id, context.actor.displayName, now)
            try await sql.insert(into: ChildContactRow.table).model(ChildContactRow(clean), with: StoredRow.encoder).run()
            try await recordLanguage(review, record: incident.id, actor: context.actor, at: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .disclose, recordType: Self.recordType, recordIDs: [incident.id, clean.childID], purpose: .domesticAbuse,
                    recipient: clean.organisation, detail: "children's social care \(clean.kind.rawValue)"), in: sql)
            return .success(clean)
        }
        return try await authoriser.settle(
            outcome, permission: .workDomesticAbuse, context: context, recordType: Self.recordType, id: incidentID,
            shownAs: "domestic abuse incident")
    }

    /// Children at incidents with no referral or notification to children's social care, oldest incident first, for
    /// the incidents the reader may work.
    public func socialCareGaps(context: AccessContext) async throws -> [SocialCareGap] {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let policy = self.policy
        return try await database.transaction { sql in
            let rows = try await sql.select().column("*").from(IncidentPersonRow.table).where("part", .equal, IncidentPersonRow.child)
                .where(
                    SQLRaw(
                        "NOT EXISTS (SELECT 1 FROM da_child_contacts c WHERE c.incident_id = da_incident_people.incident_id "
                            + "AND c.child_id = da_incident_people.person_id)")
                )
                .orderBy("occurred_at_ms").limit(1_000).all(decoding: IncidentPersonRow.self, with: StoredRow.decoder)
            let incidents = try await Self.loadMany(rows.map(\.incidentId), in: sql)
            var gaps: [SocialCareGap] = []
            for row in rows {
                guard let (incident, people) = incidents[row.incidentId], let child = people[row.personId], child.erasedAt == nil,
                    policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)).isAllowed
                else { continue }
                gaps.append(
                    SocialCareGap(
                        incidentID: incident.id, incidentReference: incident.reference, occurredAt: incident.report.occurredAt, child: child,
                        presence: try row.child().presence))
            }
            try await logQueue(
                "children whose local authority was not told", ids: gaps.map(\.incidentID) + gaps.map(\.child.id), context: context, in: sql)
            return gaps
        }
    }

    static func socialCareContacts(of incidentID: String, in sql: any SQLDatabase) async throws -> [ChildSocialCareContact] {
        try await sql.select().column("*").from(ChildContactRow.table).where("incident_id", .equal, incidentID).orderBy("at_ms")
            .all(decoding: ChildContactRow.self, with: StoredRow.decoder).map { try $0.contact() }
    }
}
