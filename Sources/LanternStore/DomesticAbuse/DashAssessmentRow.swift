import Foundation
import LanternCore

/// A DASH (or DARA) assessment as recorded, with who made it; earlier ones are kept when the checklist is re-done.
public struct RecordedDashAssessment: Sendable, Equatable, Codable {
    public var id: String
    public var incidentID: String
    public var victimID: String
    public var submission: DashSubmission
    public var result: DashResult
    public var callOuts: Int
    public var assessedBy: String
    public var assessedAt: Date

    package init(
        id: String, incidentID: String, victimID: String, submission: DashSubmission, result: DashResult, callOuts: Int, assessedBy: String,
        assessedAt: Date
    ) {
        self.id = id
        self.incidentID = incidentID
        self.victimID = victimID
        self.submission = submission
        self.result = result
        self.callOuts = callOuts
        self.assessedBy = assessedBy
        self.assessedAt = assessedAt
    }
}

/// A row of `dash_assessments`.
package struct DashAssessmentRow: Codable, Equatable {
    package static let table = "dash_assessments"

    var id: String
    var incidentId: String
    var victimId: String
    var answers: String
    var judgement: String?
    var result: String
    var grade: String
    var callOuts: Int
    var assessedBy: String
    var assessorName: String
    var assessedAtMs: Int64

    package init(_ a: RecordedDashAssessment, assessorID: String) throws {
        id = a.id
        incidentId = a.incidentID
        victimId = a.victimID
        answers = try StoredJSON.encode(a.submission.answers)
        judgement = try a.submission.judgement.map(StoredJSON.encode)
        result = try StoredJSON.encode(a.result)
        grade = a.result.grade.rawValue
        callOuts = a.callOuts
        assessedBy = assessorID
        assessorName = a.assessedBy
        assessedAtMs = a.assessedAt.millisecondsSince1970
    }

    func assessment() throws -> RecordedDashAssessment {
        _ = try StoredCode.known(DashGrade.self, grade, table: Self.table, column: "grade")
        return RecordedDashAssessment(
            id: id, incidentID: incidentId, victimID: victimId,
            submission: DashSubmission(
                answers: try StoredJSON.decode([String: DashAnswer].self, answers),
                judgement: try judgement.map { try StoredJSON.decode(ProfessionalJudgement.self, $0) }),
            result: try StoredJSON.decode(DashResult.self, result), callOuts: callOuts, assessedBy: assessorName,
            assessedAt: Date(millisecondsSince1970: assessedAtMs))
    }
}

/// A row of `marac_referrals`; its actions are rows of `marac_actions`.
package struct MaracReferralRow: Codable, Equatable {
    package static let table = "marac_referrals"

    var id: String
    var incidentId: String
    var victimId: String
    var dueAtMs: Int64
    var referredAtMs: Int64?
    var meetingAtMs: Int64?
    var isRepeat: Int
    var why: String
    var createdAtMs: Int64
    var version: Int

    package init(_ r: MaracReferral, createdAt: Date) {
        id = r.id
        incidentId = r.incidentID
        victimId = r.victimID
        dueAtMs = r.dueAt.millisecondsSince1970
        referredAtMs = r.referredAt?.millisecondsSince1970
        meetingAtMs = r.meetingAt?.millisecondsSince1970
        isRepeat = r.isRepeat ? 1 : 0
        why = r.why
        createdAtMs = createdAt.millisecondsSince1970
        version = r.version
    }

    func referral(actions: [MaracActionRow]) -> MaracReferral {
        MaracReferral(
            id: id, incidentID: incidentId, victimID: victimId, dueAt: Date(millisecondsSince1970: dueAtMs),
            referredAt: referredAtMs.map(Date.init(millisecondsSince1970:)), meetingAt: meetingAtMs.map(Date.init(millisecondsSince1970:)),
            isRepeat: isRepeat != 0, why: why, actions: actions.map(\.recorded), version: version)
    }
}

/// A row of `marac_actions`.
struct MaracActionRow: Codable, Equatable {
    static let table = "marac_actions"

    var id: String
    var referralId: String
    var action: String
    var owner: String
    var dueAtMs: Int64
    var doneAtMs: Int64?
    var addedBy: String
    var addedAtMs: Int64

    var recorded: MaracAction {
        MaracAction(
            id: id, action: action, owner: owner, dueAt: Date(millisecondsSince1970: dueAtMs),
            doneAt: doneAtMs.map(Date.init(millisecondsSince1970:)))
    }
}
