import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// The access log for auditors: `GET /api/v1/access-log` and the `/access-log` page.
/// Only the auditor role may read it, a purpose is required, and every read is itself logged.
struct AccessLogRoutes {
    let store: Store
    let pages: PageRenderer

    /// An entry as the API shows it: the entry's own fields, with its place in the chain and its hash.
    struct EntryBody: Encodable {
        var chained: ChainedAccessLogEntry
        private enum Keys: String, CodingKey { case seq, entryHash }

        func encode(to encoder: any Encoder) throws {
            try chained.entry.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(chained.sequence, forKey: .seq)
            try container.encode(chained.entryHash, forKey: .entryHash)
        }
    }

    struct Page: Encodable { var entries: [EntryBody] }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/api/v1/access-log", use: entries)
        group.get("/access-log", use: accessLogPage)
    }

    /// `GET /api/v1/access-log`: entries of the access log, read for a stated purpose.
    @Sendable func entries(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (filter, purpose) = try Self.parse(request)
        guard let purpose else {
            throw ValidationFailure("purpose", "Reading the access log needs a purpose: one of " + AccessPurpose.acceptedValues)
        }
        let entries = try await read(filter: filter, purpose: purpose, note: "", context: context)
        return try JSONBody.response(Page(entries: entries.map(EntryBody.init)), spelling: .apiIds)
    }

    /// The access log page; asks why before showing anything, like a child's record.
    @Sendable func accessLogPage(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (filter, purpose) = try Self.parse(request)
        // The log names who looked at which child: reading it needs a purpose, asked like a child's record.
        try store.policy.require(try context.requireActor(), .readAccessLog)  // refused before being asked why
        guard let purpose else { return PurposeQuestion.page(pages, request, context, wording: PurposeQuestion.accessLog) }
        let note = String((request.uri.queryParameters["note"].map(String.init) ?? "").prefix(100))
        let entries = try await read(filter: filter, purpose: purpose, note: note, context: context)
        let formatter = ISO8601DateFormatter()
        return pages.render(
            "access-log", title: "Access log",
            data: [
                "purpose": purpose.rawValue, "note": note,
                "actor": filter.actorUsername ?? "", "record": filter.recordID ?? "",
                "count": entries.count,
                "entries": entries.map { e -> [String: Any] in
                    [
                        "seq": e.sequence, "at": formatter.string(from: e.entry.at), "username": e.entry.actorUsername,
                        "role": e.entry.actorRole, "action": e.entry.action.rawValue,
                        "records": e.entry.recordIDs.prefix(5).joined(separator: ", ") + (e.entry.recordIDs.count > 5 ? " …" : ""),
                        "purpose": e.entry.purpose?.rawValue ?? "", "recipient": e.entry.recipient, "outcome": e.entry.outcome.rawValue,
                    ]
                },
            ], context: context)
    }

    private func read(
        filter: AccessLogFilter, purpose: AccessPurpose, note: String,
        context: LanternRequestContext
    ) async throws -> [ChainedAccessLogEntry] {
        let access = try context.accessContext()
        return try await store.accessLog.entries(
            actor: access.actor, policy: store.policy, filter: filter, purpose: purpose, purposeNote: note,
            at: store.clock.now(), requestID: access.requestID, clientAddress: access.clientAddress)
    }

    static func parse(_ request: Request) throws -> (AccessLogFilter, AccessPurpose?) {
        let q = request.uri.queryParameters
        var filter = AccessLogFilter()
        if let actor = q["actor"].map(String.init), !actor.isEmpty { filter.actorUsername = String(actor.prefix(64)) }
        if let record = q["record"].map(String.init), !record.isEmpty { filter.recordID = String(record.prefix(64)) }
        if let action = q["action"].map(String.init), !action.isEmpty {
            let parsed = try AccessAction.parse(action, field: "action")
            filter.action = parsed
        }
        if let before = q["before"].map(String.init), !before.isEmpty {
            guard let value = Int64(before), value > 0 else { throw ValidationFailure("before", "before must be a positive entry number") }
            filter.beforeSequence = value
        }
        if let limit = q["limit"].map(String.init), !limit.isEmpty {
            guard let value = Int(limit), (1...500).contains(value) else {
                throw ValidationFailure("limit", "limit must be a whole number from 1 to 500")
            }
            filter.limit = value
        }
        var purpose: AccessPurpose?
        if let text = q["purpose"].map(String.init), !text.isEmpty {
            let parsed = try AccessPurpose.parse(text, field: "purpose")
            purpose = parsed
        }
        return (filter, purpose)
    }
}
