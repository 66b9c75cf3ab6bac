import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/welfare-calls`: concern-for-welfare and health-setting calls triaged under Right Care Right Person, and the
/// MASH's queue of children's calls police did not attend. Every call is checked and logged by the store.
struct WelfareCallAPI {
    let store: Store

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.post("/welfare-calls", use: triage)
        group.post("/welfare-calls/{id}/taken-up", use: takeUp)
        group.get("/queues/mash-welfare", use: mashQueue)
    }

    /// `POST /api/v1/welfare-calls`: the call, the threshold judgement, the decision and its reason.
    @Sendable func triage(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(TriageBody.self, request: request, context: context) { body in
            CallOut(
                try await store.policePowers.triage(try body.call(), acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/welfare-calls/{id}/taken-up`: the MASH took the child's call up.
    @Sendable func takeUp(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(TakeUpBody.self, request: request, context: context, status: .ok, spelling: .asDeclared) { id, body in
            CallOut(
                try await store.policePowers.takeUpWelfareCall(
                    id, note: body.note, acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// `GET /api/v1/queues/mash-welfare`: children's calls not attended and not yet taken up, oldest first.
    @Sendable func mashQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.mashWelfareQueue(context: try context.accessContext())
        return try JSONBody.response(QueueOut(items: records.map(CallOut.init)))
    }

    struct TriageBody: Decodable, AcknowledgesLanguage {
        var kind: String
        var receivedAt: Date
        var subjectId: String?
        var subjectIsChild: Bool
        var thresholdMet: Bool
        var decision: String
        var reason: String
        var partnerAgency: String?
        var acknowledgedLanguage: [String]?

        func call() throws -> WelfareCall {
            WelfareCall(
                id: "", kind: kind, receivedAt: receivedAt, subjectID: subjectId, subjectIsChild: subjectIsChild, thresholdMet: thresholdMet,
                decision: try .parse(decision, field: "decision"), reason: reason, partnerAgency: partnerAgency, decidedBy: "")
        }
    }

    struct TakeUpBody: Decodable, AcknowledgesLanguage {
        var note: String
        var acknowledgedLanguage: [String]?
    }

    /// A call in the API's spelling ("subjectId"), with whether it goes to the MASH and its taking up.
    struct CallOut: Encodable {
        var id: String
        var reference: String
        var kind: String
        var receivedAt: Date
        var subjectId: String?
        var subjectName: String?
        var subjectIsChild: Bool
        var thresholdMet: Bool
        var decision: String
        var reason: String
        var partnerAgency: String?
        var decidedBy: String
        var goesToMASH: Bool
        var takenUpBy: String?
        var takenUpAt: Date?
        var takenUpNote: String?

        init(_ r: WelfareCallRecord) {
            let c = r.call
            id = c.id
            reference = r.reference
            kind = c.kind
            receivedAt = c.receivedAt
            subjectId = c.subjectID
            subjectName = r.subjectName
            subjectIsChild = c.subjectIsChild
            thresholdMet = c.thresholdMet
            decision = c.decision.rawValue
            reason = c.reason
            partnerAgency = c.partnerAgency
            decidedBy = c.decidedBy
            goesToMASH = r.goesToMASH
            takenUpBy = r.takenUp?.by
            takenUpAt = r.takenUp?.at
            takenUpNote = r.takenUp?.note
        }
    }

    struct QueueOut: Encodable {
        var items: [CallOut]
    }
}
