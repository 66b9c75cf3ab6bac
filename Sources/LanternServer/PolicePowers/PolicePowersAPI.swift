import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/police-protections/...`: children in police protection (Children Act 1989 s46) on the 72-hour clock.
/// Every call is checked and logged by the store.
struct PolicePowersAPI {
    let store: Store

    var rules: PolicePowersRules { store.policePowers.rules }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/police-powers/rules", use: protectionRules)
        group.post("/police-protections", use: take)
        group.get("/police-protections/{id}", use: protection)
        group.post("/police-protections/{id}/designated-officer", use: appoint)
        group.post("/police-protections/{id}/duties", use: recordDuty)
        group.post("/police-protections/{id}/ending", use: end)
        group.get("/queues/police-protection", use: inProtectionNow)
    }

    /// `GET /api/v1/police-powers/rules`: the maximum, the duties and the endings, to build a form.
    @Sendable func protectionRules(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(ProtectionRulesOut(rules))
    }

    /// `POST /api/v1/police-protections`: a child taken into police protection; the clock starts.
    @Sendable func take(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(TakeBody.self, request: request, context: context, spelling: .apiIds, location: Self.location(of:)) { body in
            ProtectionOut(
                try await store.policePowers.take(try body.taken(), acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// Where a new record can be read.
    static func location(of protection: ProtectionOut) -> String { protection.location }

    /// `GET /api/v1/police-protections/{id}?purpose=`: the whole record, a purposed consultation.
    @Sendable func protection(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = try PeopleAPI.purpose(request.uri.queryParameters["purpose"].map(String.init), required: true)
        let note = request.uri.queryParameters["purposeNote"].map(String.init) ?? ""
        let record = try await store.policePowers.protection(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(ProtectionOut(record), spelling: .apiIds)
    }

    /// `POST /api/v1/police-protections/{id}/designated-officer`: the inspector who inquires into the case.
    @Sendable func appoint(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(AppointBody.self, request: request, context: context, status: .ok) { id, body in
            ProtectionOut(
                try await store.policePowers.appointDesignatedOfficer(
                    id, username: body.username, at: body.appointedAt, version: body.version, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/police-protections/{id}/duties`: one s46 duty done, by whom and when.
    @Sendable func recordDuty(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(DutyBody.self, request: request, context: context, status: .ok) { id, body in
            let actor = try context.accessContext()
            return ProtectionOut(
                try await store.policePowers.recordDuty(
                    id, duty: body.duty, by: body.by ?? actor.actor.displayName, at: body.at, note: body.note ?? "", version: body.version,
                    acknowledgedLanguage: body.acknowledged, context: actor))
        }
    }

    /// `POST /api/v1/police-protections/{id}/ending`: released, an EPO applied for, or the local authority took over.
    @Sendable func end(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(EndingBody.self, request: request, context: context, status: .ok) { id, body in
            ProtectionOut(
                try await store.policePowers.end(
                    id, code: body.code, at: body.at, note: body.note ?? "", version: body.version, acknowledgedLanguage: body.acknowledged,
                    context: try context.accessContext()))
        }
    }

    /// `GET /api/v1/queues/police-protection`: children in police protection now, the soonest to expire first.
    @Sendable func inProtectionNow(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.inProtectionNow(context: try context.accessContext())
        return try JSONBody.response(QueueOut(items: records.map(ProtectionOut.init)), spelling: .apiIds)
    }
}
