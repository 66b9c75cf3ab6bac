import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// The JSON API for objects, links, networks, hotspots, identity matches and merges. Every read
/// is access-logged by the store; every export is a logged disclosure.
struct LinksAPI {
    let store: Store

    struct Ref: Decodable {
        var kind: String
        var id: String
    }

    struct LabelBody: Encodable {
        var kind: String
        var id: String
        var title: String
        var detail: String
        var flags: [String]
        var restricted: Bool

        init(_ l: EntityLabel) {
            kind = l.ref.kind.rawValue
            id = l.ref.id
            title = l.title
            detail = l.detail
            flags = l.flags.map(\.rawValue)
            restricted = l.restricted
        }
    }

    struct LinkBody: Encodable {
        var id: String
        var type: String
        var title: String
        var at: Date
        var from: EntityRef
        var to: EntityRef
        var sourceType: String
        var sourceId: String
        var note: String
        var addedBy: String

        init(_ l: LinkRecord) {
            id = l.id
            type = l.type.rawValue
            title = l.type.title
            at = l.at
            from = l.from
            to = l.to
            sourceType = l.sourceType
            sourceId = l.sourceID
            note = l.note
            addedBy = l.addedBy
        }
    }

    struct PanelBody: Encodable {
        struct Item: Encodable {
            var link: LinkBody
            var direction: String
            var other: LabelBody
        }
        var entity: LabelBody
        var links: [Item]
        /// Links to records the reader may not open: counted, never shown.
        var withheld: Int
    }

    struct NetworkBody: Encodable {
        struct Node: Encodable {
            var entity: LabelBody
            var hops: Int
            var path: [String]
        }
        var centre: LabelBody
        var hops: Int
        var truncated: Bool
        var nodes: [Node]
        var links: [LinkBody]
        /// Records the reader may not open that the walk met: counted, never shown.
        var withheld: Int

        init(_ v: NetworkView) {
            centre = LabelBody(v.centre)
            hops = v.hops
            truncated = v.truncated
            withheld = v.withheld
            nodes = v.nodes.map { Node(entity: LabelBody($0.label), hops: $0.hops, path: $0.path) }
            links = v.links.map(LinkBody.init)
        }
    }

    struct NewObjectBody: Decodable {
        var kind: String
        var value: String
    }

    struct NewLinkBody: Decodable, AcknowledgesLanguage {
        var from: Ref
        var to: Ref
        var type: String
        var at: Date?
        var note: String
        var acknowledgedLanguage: [String]?
    }

    struct ExportBody: Decodable {
        var hops: Int?
        var recipient: String
        var purpose: String
        var purposeNote: String?
    }

    struct HotspotsBody: Encodable {
        struct Item: Encodable {
            var location: LabelBody
            var distinctChildren: Int
            var visits: Int
            var lastAt: Date
            var sources: [String]
        }
        var from: Date
        var to: Date
        var minimumChildren: Int
        var hotspots: [Item]
    }

    struct MatchesBody: Encodable {
        struct Item: Encodable {
            var person: PeopleAPI.PersonSummary
            var score: Int
            var reasons: [String]
        }
        var matches: [Item]
    }

    struct MergeBody: Decodable, AcknowledgesLanguage {
        var survivorId: String
        var reason: String
        var acknowledgedLanguage: [String]?
    }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.post("/objects", use: recordObject)
        group.post("/links", use: addLink)
        group.post("/links/{id}/end", use: endLink)
        group.get("/entities/{kind}/{id}/links", use: links)
        group.get("/entities/{kind}/{id}/network", use: network)
        group.post("/entities/{kind}/{id}/network/export", use: exportNetwork)
        group.get("/hotspots", use: hotspots)
        group.get("/people/matches", use: personMatches)
        group.post("/people/{id}/merge", use: merge)
        group.post("/merges/{id}/undo", use: undoMerge)
    }

    /// `POST /api/v1/objects`: a vehicle, phone, email or handle recorded (or found, if known).
    @Sendable func recordObject(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(NewObjectBody.self, request: request, context: context) { body in
            try await store.links.recordObject(try ObjectKind.parse(body.kind, field: "kind"), body.value, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/links`: a link added; flagged ends raise alerts in the same request.
    @Sendable func addLink(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(NewLinkBody.self, request: request, context: context) { body in
            let draft = LinkDraft(
                from: try Self.ref(body.from, field: "from"), to: try Self.ref(body.to, field: "to"),
                type: try Self.type(body.type), at: body.at ?? store.clock.now(), note: body.note)
            return LinkBody(try await store.links.add(draft, acknowledgedLanguage: body.acknowledged, context: try context.accessContext()))
        }
    }

    /// `POST /api/v1/links/{id}/end`: a link ended, with the reason.
    @Sendable func endLink(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ReasonBody.self, request: request, context: context, status: .ok, spelling: .asDeclared) { id, body in
            let link = try await store.links.end(
                id, reason: body.reason, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
            return LinkBody(link)
        }
    }

    /// `GET /api/v1/entities/{kind}/{id}/links`: a record's links.
    @Sendable func links(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let entity = try Self.entity(context)
        let (purpose, note) = try PeopleAPI.purpose(of: request)
        let panel = try await store.links.panel(of: entity, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(
            PanelBody(
                entity: LabelBody(panel.centre),
                links: panel.links.map {
                    PanelBody.Item(link: LinkBody($0.link), direction: $0.outgoing ? "outgoing" : "incoming", other: LabelBody($0.other))
                }, withheld: panel.withheld))
    }

    /// `GET /api/v1/entities/{kind}/{id}/network?hops=`: the network around a record.
    @Sendable func network(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let entity = try Self.entity(context)
        let hops = try Self.hops(request.uri.queryParameters["hops"].map(String.init))
        let (purpose, note) = try PeopleAPI.purpose(of: request)
        let view = try await store.links.network(of: entity, hops: hops, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(NetworkBody(view))
    }

    /// `POST /api/v1/entities/{kind}/{id}/network/export`: the network as CSV, a disclosure.
    @Sendable func exportNetwork(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let entity = try Self.entity(context)
        let body = try await context.decode(ExportBody.self, from: request)
        let csv = try await store.links.exportNetwork(
            of: entity, hops: body.hops ?? 2, recipient: body.recipient,
            purpose: try PeopleAPI.purpose(body.purpose, required: true),
            purposeNote: body.purposeNote ?? "", context: try context.accessContext())
        return Self.csvResponse(csv, name: "network-\(entity.kind.rawValue)-\(entity.id.prefix(8)).csv")
    }

    /// `GET /api/v1/hotspots`: places where several children have been found or seen.
    @Sendable func hotspots(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let window = try Self.window(request, now: store.clock.now())
        let found = try await store.links.hotspots(
            from: window.from, to: window.to, minimumChildren: window.minimum,
            context: try context.accessContext())
        return try JSONBody.response(
            HotspotsBody(
                from: window.from, to: window.to, minimumChildren: window.minimum,
                hotspots: found.map {
                    HotspotsBody.Item(
                        location: LabelBody($0.location), distinctChildren: $0.hotspot.distinctChildren, visits: $0.hotspot.visits,
                        lastAt: $0.hotspot.lastAt, sources: $0.hotspot.sources)
                }))
    }

    /// `GET /api/v1/people/matches`: person records that may be the same person.
    @Sendable func personMatches(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let found = try await store.identity.matches(
            givenName: q["givenName"].map(String.init) ?? "", familyName: q["familyName"].map(String.init) ?? "",
            dateOfBirth: q["dateOfBirth"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
            address: q["address"].map(String.init), postcode: q["postcode"].map(String.init), context: try context.accessContext())
        return try JSONBody.response(
            MatchesBody(
                matches: found.map {
                    MatchesBody.Item(person: PeopleAPI.PersonSummary($0.person), score: $0.match.score, reasons: $0.match.reasons)
                }))
    }

    /// `POST /api/v1/people/{id}/merge`: two person records merged (reversibly).
    @Sendable func merge(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(MergeBody.self, request: request, context: context) { id, body in
            try await store.identity.merge(
                id, into: body.survivorId, reason: body.reason,
                acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/merges/{id}/undo`: a merge undone, with the reason.
    @Sendable func undoMerge(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ReasonBody.self, request: request, context: context, status: .ok) { id, body in
            try await store.identity.undoMerge(
                id, reason: body.reason, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    static func ref(_ ref: Ref, field: String) throws -> EntityRef {
        let kind = try EntityKind.parse(ref.kind, field: field, name: "\(field).kind")
        return EntityRef(kind, ref.id)
    }

    static func type(_ text: String) throws -> LinkType {
        try LinkType.parse(text, field: "type")
    }

    static func entity(_ context: LanternRequestContext) throws -> EntityRef {
        let kindText = try context.parameters.require("kind")
        guard let kind = EntityKind(rawValue: kindText) else {
            throw BadRequest(EntityKind.mustBeOneOf("kind"), field: "kind")
        }
        return EntityRef(kind, try context.parameters.require("id"))
    }

    static func hops(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 2 }
        guard let hops = Int(text), (1...3).contains(hops) else { throw BadRequest("hops must be 1, 2 or 3", field: "hops") }
        return hops
    }

    /// The hotspot window: `from` and `to` as ISO 8601 times (default: the 90 days to now), and `minimumChildren` (default 2).
    static func window(_ request: Request, now: Date) throws -> (from: Date, to: Date, minimum: Int) {
        let q = request.uri.queryParameters
        let iso = ISO8601DateFormatter()
        func date(_ name: String, _ fallback: Date) throws -> Date {
            guard let text = q[Substring(name)].map(String.init), !text.isEmpty else { return fallback }
            guard let date = iso.date(from: text) else { throw BadRequest("\(name) must be an ISO 8601 time like 2026-09-01T00:00:00Z", field: name) }
            return date
        }
        let to = try date("to", now)
        let from = try date("from", to.addingTimeInterval(-90 * 86_400))
        var minimum = 2
        if let text = q["minimumChildren"].map(String.init), !text.isEmpty {
            guard let value = Int(text), (1...100).contains(value) else {
                throw BadRequest("minimumChildren must be 1 to 100", field: "minimumChildren")
            }
            minimum = value
        }
        return (from, to, minimum)
    }

    static func csvResponse(_ csv: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
