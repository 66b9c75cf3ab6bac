import Foundation
import LanternCore

/// A row of `welfare_calls`: a call triaged under Right Care Right Person, and the MASH's taking it up.
package struct WelfareCallRow: Codable, Equatable {
    package static let table = "welfare_calls"

    var id: String
    var reference: String
    var kind: String
    var receivedAtMs: Int64
    var subjectId: String?
    var subjectIsChild: Int
    var thresholdMet: Int
    var decision: String
    var reason: String
    var partnerAgency: String?
    var decidedBy: String
    var team: String
    var borough: String
    var createdAtMs: Int64
    var takenUpBy: String?
    var takenUpAtMs: Int64?
    var takenUpNote: String?

    package init(_ c: WelfareCall, reference: String, team: String, borough: String, createdAt: Date) {
        id = c.id
        self.reference = reference
        kind = c.kind
        receivedAtMs = c.receivedAt.millisecondsSince1970
        subjectId = c.subjectID
        subjectIsChild = c.subjectIsChild ? 1 : 0
        thresholdMet = c.thresholdMet ? 1 : 0
        decision = c.decision.rawValue
        reason = c.reason
        partnerAgency = c.partnerAgency
        decidedBy = c.decidedBy
        self.team = team
        self.borough = borough
        createdAtMs = createdAt.millisecondsSince1970
    }

    /// The MASH's taking up, as a generated history records it (the store's own path updates the row).
    package mutating func takenUp(by: String, at: Date, note: String) {
        takenUpBy = by
        takenUpAtMs = at.millisecondsSince1970
        takenUpNote = note
    }

    func call() throws -> WelfareCall {
        WelfareCall(
            id: id, kind: kind, receivedAt: Date(millisecondsSince1970: receivedAtMs), subjectID: subjectId,
            subjectIsChild: try CustodyDetentionRow.flag(subjectIsChild, "subject_is_child"),
            thresholdMet: try CustodyDetentionRow.flag(thresholdMet, "threshold_met"),
            decision: try StoredCode.known(WelfareCall.Decision.self, decision, table: Self.table, column: "decision"), reason: reason,
            partnerAgency: partnerAgency, decidedBy: decidedBy)
    }
}

/// A welfare call as the API and pages show it: the call, its reference, who it is about, and the MASH's taking up.
public struct WelfareCallRecord: Sendable, Equatable {
    public struct TakenUp: Sendable, Equatable {
        public var by: String
        public var at: Date
        public var note: String
    }

    public var call: WelfareCall
    public var reference: String
    public var subjectName: String?
    public var goesToMASH: Bool
    public var takenUp: TakenUp?
}
