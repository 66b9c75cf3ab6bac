import Foundation
import LanternCore
import SQLKit

extension DomesticAbuseStore {
    /// Grades the adult victim's risk on the pack's checklist, counting their call-outs in the window up to the
    /// incident, keeps every earlier assessment, and refers to MARAC when the level reaches the pack's threshold
    /// or the victim was referred within the repeat window (one referral per incident and victim).
    public func assess(
        _ incidentID: String, victimID: String, submission: DashSubmission, acknowledgedLanguage: Set<String> = [],
        context: AccessContext
    ) async throws -> RecordedDashAssessment {
        try await authoriser.require(.workDomesticAbuse, context, recordType: Self.recordType)
        // The judgement's reason is the officer's own words about the victim: checked like every narrative.
        let review = try submission.judgement.map {
            try NarrativeReview.review($0.reason, field: "judgement.reason", acknowledged: acknowledgedLanguage, checker: checker)
        }
        let now = now()
        let rules = self.rules
        let outcome: Result<RecordedDashAssessment, any Error> = try await database.transaction { sql in
            guard let (incident, people) = try await Self.load(incidentID, forUpdate: true, in: sql) else {
                return .failure(RecordNotFound(recordType: "domestic abuse incident", id: incidentID))
            }
            if case .deny(let reason) = policy.decide(context.actor, .workDomesticAbuse, onAll: people.values.map(\.scope)) {
                return .failure(AccessDenied(permission: .workDomesticAbuse, reason: reason))
            }
            guard incident.report.adults.contains(IncidentAdult(personID: victimID, role: .victim)) else {
                throw ValidationFailure("victimId", "'\(victimID.prefix(64))' is not a victim named in incident \(incident.reference)")
            }
            let callOuts = try await Self.callOuts(of: victimID, upTo: incident.report.occurredAt, rules: rules, in: sql)
            let result = try DashGrading.grade(submission, callOutsInWindow: callOuts, rules: rules)
            let assessment = RecordedDashAssessment(
                id: StoredID.new(), incidentID: incident.id, victimID: victimID, submission: submission, result: result, callOuts: callOuts,
                assessedBy: context.actor.displayName, assessedAt: now)
            try await sql.insert(into: DashAssessmentRow.table).model(
                try DashAssessmentRow(assessment, assessorID: context.actor.userID), with: StoredRow.encoder
            )
            .run()
            if let review { try await recordLanguage(review, record: incident.id, actor: context.actor, at: now, in: sql) }
            let referral = try await referToMarac(incident, victimID: victimID, grade: result.grade, now: now, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: Self.recordType, recordIDs: [incident.id, victimID],
                    purpose: .domesticAbuse,
                    detail: "\(rules.tool.uppercased()) \(result.grade.rawValue) (\(result.yesCount) yes)"
                        + (referral.map { ", MARAC referral \($0)" } ?? "")),
                in: sql)
            return .success(assessment)
        }
        return try await authoriser.settle(
            outcome, permission: .workDomesticAbuse, context: context, recordType: Self.recordType, id: incidentID,
            shownAs: "domestic abuse incident")
    }

    /// Incidents naming the person as victim or suspect in the window up to `at`: the police call-outs escalation counts.
    static func callOuts(of personID: String, upTo at: Date, rules: DomesticAbuseRules, in sql: any SQLDatabase) async throws -> Int {
        let times = try await sql.select().column("occurred_at_ms").from(IncidentPersonRow.table).where("person_id", .equal, personID)
            .where("part", .equal, IncidentPersonRow.adult).all().map {
                Date(millisecondsSince1970: try $0.decode(column: "occurred_at_ms", as: Int64.self))
            }
        return DashGrading.callOuts(times, before: at, rules: rules)
    }

    /// A MARAC referral when Core's decision says so and none is open for this incident and victim; its id.
    func referToMarac(
        _ incident: DomesticAbuseIncident, victimID: String, grade: DashGrade?, now: Date, in sql: any SQLDatabase
    ) async throws
        -> String?
    {
        let existing = try await sql.select().column("id").from(MaracReferralRow.table).where("incident_id", .equal, incident.id)
            .where("victim_id", .equal, victimID).first()
        guard existing == nil else { return nil }
        let earlier = try await sql.select().column("created_at_ms").from(MaracReferralRow.table).where("victim_id", .equal, victimID).all()
            .map { Date(millisecondsSince1970: try $0.decode(column: "created_at_ms", as: Int64.self)) }
        guard
            let decision = Marac.decide(
                grade: grade, assessedAt: now, incidentAt: incident.report.occurredAt, earlierReferrals: earlier, rules: rules)
        else { return nil }
        let referral = MaracReferral(
            id: StoredID.new(), incidentID: incident.id, victimID: victimID, dueAt: decision.dueAt, isRepeat: decision.isRepeat, why: decision.why)
        try await sql.insert(into: MaracReferralRow.table).model(MaracReferralRow(referral, createdAt: now), with: StoredRow.encoder).run()
        return referral.id
    }
}
