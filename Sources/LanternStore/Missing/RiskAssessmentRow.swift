import Foundation
import LanternCore

/// A row of `risk_assessments`. Reasons and answers are JSON lists.
struct RiskAssessmentRow: Codable, Equatable {
    static let table = "risk_assessments"

    var id: String
    var episodeId: String
    var kind: String
    var assessedBy: String
    var assessorName: String
    var assessedAtMs: Int64
    var recommended: String
    var grade: String
    var rationale: String
    var reasons: String
    var answers: String
    var rulesVersion: Int
}

extension RiskAssessmentRow {
    init(_ a: RecordedAssessment, episodeId: String) throws {
        self.init(
            id: a.id, episodeId: episodeId, kind: a.kind.rawValue, assessedBy: a.assessedBy, assessorName: a.assessorName,
            assessedAtMs: a.at.millisecondsSince1970, recommended: a.decision.recommended.rawValue, grade: a.decision.grade.rawValue,
            rationale: a.decision.rationale, reasons: try StoredJSON.encode(a.decision.reasons), answers: try StoredJSON.encode(a.answers),
            rulesVersion: a.rulesVersion)
    }

    func assessment() throws -> RecordedAssessment {
        let decision = GradeDecision(
            grade: try StoredCode.known(RiskGrade.self, grade, table: Self.table, column: "grade"),
            recommended: try StoredCode.known(RiskGrade.self, recommended, table: Self.table, column: "recommended"),
            reasons: try StoredJSON.decode([RiskReason].self, reasons), rationale: rationale)
        return RecordedAssessment(
            id: id, kind: try StoredCode.known(RecordedAssessment.Kind.self, kind, table: Self.table, column: "kind"),
            assessedBy: assessedBy, assessorName: assessorName, at: Date(millisecondsSince1970: assessedAtMs), decision: decision,
            answers: try StoredJSON.decode([RiskAnswer].self, answers), rulesVersion: rulesVersion)
    }
}
