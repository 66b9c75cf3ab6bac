import Foundation
import LanternCore
import SQLKit

/// An Operation Encompass notification waiting to be settled, with where it stands now.
public struct EncompassQueueItem: Sendable {
    public var notification: EncompassNotification
    public var state: EncompassState
    public var incidentReference: String
    public var child: Person
    public var school: School?
}

extension DomesticAbuseStore {
    /// Notifications not yet sent or excepted, soonest due first, for the children the reader may open.
    public func encompassDue(context: AccessContext) async throws -> [EncompassQueueItem] {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let now = now()
        let policy = self.policy
        let rules = self.rules
        return try await database.transaction { sql in
            let rows = try await sql.select().column("*").from(EncompassNotificationRow.table).where("sent_at_ms", .is, SQLLiteral.null)
                .where("not_sent_reason", .is, SQLLiteral.null).orderBy("due_at_ms").limit(2_000)
                .all(decoding: EncompassNotificationRow.self, with: StoredRow.decoder)
            let incidents = try await Self.loadMany(rows.map(\.incidentId), in: sql)
            var schools: [String: School] = [:]
            for chunk in Set(rows.compactMap(\.schoolId)).sorted().chunked(400) {
                for school in try await sql.select().column("*").from(SchoolRow.table).where("id", .in, chunk)
                    .all(decoding: SchoolRow.self, with: StoredRow.decoder)
                {
                    schools[school.id] = school.school
                }
            }
            var items: [EncompassQueueItem] = []
            for row in rows {
                guard let (incident, people) = incidents[row.incidentId], let child = people[row.childId],
                    policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)).isAllowed
                else { continue }
                items.append(
                    EncompassQueueItem(
                        notification: row.notification, state: Encompass.state(of: row.notification, at: now, rules: rules.encompass),
                        incidentReference: incident.reference, child: child, school: row.schoolId.flatMap { schools[$0] }))
            }
            if !items.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: PersonStore.recordType, recordIDs: items.map(\.child.id), purpose: .domesticAbuse,
                        detail: "queue: Operation Encompass notifications due"), in: sql)
            }
            return items
        }
    }

    /// Incidents with no DASH assessment yet, oldest first.
    public func awaitingAssessment(context: AccessContext) async throws -> [IncidentSummary] {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let policy = self.policy
        return try await database.transaction { sql in
            let rows = try await sql.select().column("*").from(IncidentRow.table)
                .where(SQLRaw("NOT EXISTS (SELECT 1 FROM dash_assessments a WHERE a.incident_id = da_incidents.id)"))
                .orderBy("occurred_at_ms").limit(500).all(decoding: IncidentRow.self, with: StoredRow.decoder)
            let incidents = try await Self.loadMany(rows.map(\.id), in: sql)
            var out: [IncidentSummary] = []
            for row in rows {
                guard let (incident, people) = incidents[row.id],
                    policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)).isAllowed
                else { continue }
                out.append(
                    IncidentSummary(
                        id: incident.id, reference: incident.reference, occurredAt: incident.report.occurredAt, address: incident.report.address,
                        children: incident.report.children.count, grade: nil))
            }
            try await logQueue("incidents awaiting DASH", ids: out.map(\.id), context: context, in: sql)
            return out
        }
    }

    /// MARAC referrals not yet made, soonest due first.
    public func maracDue(context: AccessContext) async throws -> [MaracReferral] {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        let policy = self.policy
        return try await database.transaction { sql in
            let rows = try await sql.select().column("*").from(MaracReferralRow.table).where("referred_at_ms", .is, SQLLiteral.null)
                .orderBy("due_at_ms").limit(500).all(decoding: MaracReferralRow.self, with: StoredRow.decoder)
            let incidents = try await Self.loadMany(rows.map(\.incidentId), in: sql)
            var out: [MaracReferral] = []
            for row in rows {
                guard let (_, people) = incidents[row.incidentId],
                    policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)).isAllowed
                else { continue }
                out.append(row.referral(actions: []))
            }
            try await logQueue("MARAC referrals due", ids: out.map(\.incidentID) + out.map(\.victimID), context: context, in: sql)
            return out
        }
    }
}

extension DomesticAbuseStore {
    /// A queue names people and places: what it showed is logged, as every queue's consultation is.
    func logQueue(_ name: String, ids: [String], context: AccessContext, in sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await AccessLogStore.append(
            context.entry(
                at: now(), .consult, recordType: Self.recordType, recordIDs: Array(Set(ids)).sorted(), purpose: .domesticAbuse,
                detail: "queue: \(name)"), in: sql)
    }
}
