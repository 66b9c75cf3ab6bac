import Foundation
import LanternCore

/// A row of `narratives`: one language check of one narrative field as saved, counted by team, borough and month for
/// the trends (`findings` counts the findings outside quotations).
package struct NarrativeRow: Codable, Equatable {
    package static let table = "narratives"

    var id: String
    var recordType: String
    var recordId: String
    var field: String
    var recordVersion: Int
    var authorId: String
    var team: String
    var borough: String
    var month: String
    var atMs: Int64
    var packVersion: Int
    var findings: Int
}

extension NarrativeRow {
    /// The check of `narrative` written by the user `authorID` of `team` and `borough` at `at`.
    package init(
        id: String, _ narrative: LanguageStore.Narrative, authorID: String, team: String, borough: String, at: Date, packVersion: Int,
        findings: Int
    ) {
        self.init(
            id: id, recordType: narrative.recordType, recordId: narrative.recordID, field: narrative.field,
            recordVersion: narrative.recordVersion, authorId: authorID, team: team, borough: borough, month: LanguageStore.month(of: at),
            atMs: at.millisecondsSince1970, packVersion: packVersion, findings: findings)
    }
}

/// A row of `language_findings`: one phrase a check found (its first 120 characters), whether it sat in a quotation,
/// and who acknowledged it, if anyone.
struct LanguageFindingRow: Codable, Equatable {
    static let table = "language_findings"

    var id: String
    var narrativeId: String
    var ruleId: String
    var term: String
    var phrase: String
    var startByte: Int
    var endByte: Int
    var quotation: Int
    var severity: String
    var acknowledgedBy: String?
    var acknowledgedAtMs: Int64?
    var team: String
    var borough: String
    var month: String
}

extension LanguageFindingRow {
    /// The row for `finding` in the narrative `narrativeID`, acknowledged by `acknowledgedBy` at `at` when given.
    init(id: String, _ finding: LanguageFinding, narrativeID: String, acknowledgedBy: String?, by actor: Actor, at: Date) {
        self.init(
            id: id, narrativeId: narrativeID, ruleId: finding.ruleID, term: finding.term, phrase: String(finding.text.prefix(120)),
            startByte: finding.start, endByte: finding.end, quotation: finding.quotation ? 1 : 0, severity: finding.severity.rawValue,
            acknowledgedBy: acknowledgedBy, acknowledgedAtMs: acknowledgedBy == nil ? nil : at.millisecondsSince1970, team: actor.team,
            borough: actor.borough, month: LanguageStore.month(of: at))
    }
}
