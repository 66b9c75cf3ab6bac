import Foundation
import LanternCore
import SQLKit

/// An incident as a child's page lists it: the incident, how the child was there, and the level acted on.
public struct ChildIncident: Sendable, Equatable {
    public var summary: IncidentSummary
    public var presence: ChildPresence
}

extension DomesticAbuseStore {
    /// Every incident the child was at, newest first, that the reader may open; what was shown is logged with
    /// the purpose the child's record was opened for, in the same transaction as the read.
    public func incidents(ofChild childID: String, purpose: AccessPurpose? = nil, context: AccessContext) async throws -> [ChildIncident] {
        try await authoriser.require(.consultPersonRecord, context, recordType: Self.recordType)
        guard childID.count <= 64 else { return [] }
        let now = now()
        let policy = self.policy
        return try await database.transaction { sql in
            let ids = try await sql.select().column("incident_id").from(IncidentPersonRow.table).where("person_id", .equal, childID)
                .where("part", .equal, IncidentPersonRow.child).orderBy("occurred_at_ms", .descending).limit(500).all()
                .map { try $0.decode(column: "incident_id", as: String.self) }
            let incidents = try await Self.loadMany(ids, in: sql)
            var out: [ChildIncident] = []
            for id in ids {
                // An incident naming someone the reader may not open is, to them, not there.
                guard let (incident, people) = incidents[id],
                    policy.decide(context.actor, .consultPersonRecord, onAll: people.values.map(\.scope)).isAllowed,
                    let child = incident.report.children.first(where: { $0.childID == childID })
                else { continue }
                let grade = try await sql.select().column("grade").from(DashAssessmentRow.table).where("incident_id", .equal, id)
                    .orderBy("assessed_at_ms", .descending).first()
                    .map {
                        try StoredCode.known(
                            DashGrade.self, try $0.decode(column: "grade", as: String.self), table: DashAssessmentRow.table, column: "grade")
                    }
                out.append(
                    ChildIncident(
                        summary: IncidentSummary(
                            id: incident.id, reference: incident.reference, occurredAt: incident.report.occurredAt,
                            address: incident.report.address, children: incident.report.children.count, grade: grade),
                        presence: child.presence))
            }
            if !out.isEmpty {
                try await AccessLogStore.append(
                    context.entry(
                        at: now, .consult, recordType: Self.recordType, recordIDs: [childID] + out.map(\.summary.id), purpose: purpose,
                        detail: "domestic abuse incidents the child was at"), in: sql)
            }
            return out
        }
    }
}
