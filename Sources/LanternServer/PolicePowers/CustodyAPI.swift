import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/custody-detentions/...`: children detained in police custody (PACE Code C): the welfare person, the
/// appropriate adult, searches, the s38(6) transfer and its certificate. Every call is checked and logged by the store.
struct CustodyAPI {
    let store: Store

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.post("/custody-detentions", use: detain)
        group.get("/custody-detentions/{id}", use: detention)
        group.post("/custody-detentions/{id}/welfare", use: welfareInformed)
        group.post("/custody-detentions/{id}/appropriate-adult", use: appropriateAdult)
        group.post("/custody-detentions/{id}/searches", use: recordSearch)
        group.post("/custody-detentions/{id}/transfer", use: recordTransfer)
        group.post("/custody-detentions/{id}/release", use: release)
        group.get("/queues/custody", use: inCustodyNow)
        group.get("/queues/custody-overnight", use: overnightAndCertified)
    }

    /// `POST /api/v1/custody-detentions`: a child detained.
    @Sendable func detain(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(DetainBody.self, request: request, context: context, spelling: .apiIds, location: Self.location(of:)) { body in
            DetentionOut(try await store.policePowers.detain(body.detained(), context: try context.accessContext()))
        }
    }

    /// Where a new detention can be read.
    static func location(of detention: DetentionOut) -> String { detention.location }

    /// `GET /api/v1/custody-detentions/{id}?purpose=`: the whole record, a purposed consultation.
    @Sendable func detention(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = try PeopleAPI.purpose(request.uri.queryParameters["purpose"].map(String.init), required: true)
        let note = request.uri.queryParameters["purposeNote"].map(String.init) ?? ""
        let record = try await store.policePowers.detention(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(DetentionOut(record), spelling: .apiIds)
    }

    /// `POST /api/v1/custody-detentions/{id}/welfare`: the person responsible for the child's welfare told.
    @Sendable func welfareInformed(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(WelfareBody.self, request: request, context: context, status: .ok) { id, body in
            DetentionOut(
                try await store.policePowers.welfareInformed(
                    id, person: body.person, at: body.informedAt, version: body.version, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/custody-detentions/{id}/appropriate-adult`: the appropriate adult asked for, and their arrival.
    @Sendable func appropriateAdult(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(AdultBody.self, request: request, context: context, status: .ok) { id, body in
            DetentionOut(
                try await store.policePowers.appropriateAdult(id, try body.adult(), version: body.version, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/custody-detentions/{id}/searches`: a search of the child.
    @Sendable func recordSearch(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(SearchBody.self, request: request, context: context, status: .ok) { id, body in
            DetentionOut(
                try await store.policePowers.recordSearch(
                    id, try body.search(), version: body.version, acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/custody-detentions/{id}/transfer`: the s38(6) transfer as it now stands.
    @Sendable func recordTransfer(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(TransferBody.self, request: request, context: context, status: .ok) { id, body in
            DetentionOut(
                try await store.policePowers.recordTransfer(
                    id, try body.transfer(), version: body.version, acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/custody-detentions/{id}/release`: the child left custody.
    @Sendable func release(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ReleaseBody.self, request: request, context: context, status: .ok) { id, body in
            DetentionOut(try await store.policePowers.release(id, at: body.releasedAt, version: body.version, context: try context.accessContext()))
        }
    }

    /// `GET /api/v1/queues/custody`: children in custody now, the longest held first.
    @Sendable func inCustodyNow(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.inCustodyNow(context: try context.accessContext())
        return try JSONBody.response(QueueOut(items: records.map(DetentionOut.init)), spelling: .apiIds)
    }

    /// `GET /api/v1/queues/custody-overnight`: children held overnight or certified in the last year, with monthly figures.
    @Sendable func overnightAndCertified(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (records, months) = try await store.policePowers.overnightAndCertified(context: try context.accessContext())
        return try JSONBody.response(ConcordatOut(items: records.map(DetentionOut.init), months: months), spelling: .apiIds)
    }

    struct QueueOut: Encodable {
        var items: [DetentionOut]
    }

    struct ConcordatOut: Encodable {
        var items: [DetentionOut]
        var months: [ConcordatFigures.Month]
    }
}
