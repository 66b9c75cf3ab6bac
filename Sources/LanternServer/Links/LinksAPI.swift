import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// The JSON API for objects, links, networks, hotspots, identity matches and merges. Every read
/// is access-logged by the store; every export is a logged disclosure.
struct LinksAPI {
    let store: Store

    struct Ref: Codable {
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
            kind = l.ref.kind.rawValue; id = l.ref.id; title = l.title; detail = l.detail; flags = l.flags.map(\.rawValue)
            restricted = l.restricted
        }
    }

    struct LinkBody: Encodable {
        var id: String
        var type: String
        var title: String
        var at: Date
        var from: Ref
        var to: Ref
        var sourceType: String
        var sourceId: String
        var note: String
        var addedBy: String

        init(_ l: LinkRecord) {
            id = l.id; type = l.type.rawValue; title = l.type.title; at = l.at; from = Ref(kind: l.from.kind.rawValue, id: l.from.id)
            to = Ref(kind: l.to.kind.rawValue, id: l.to.id); sourceType = l.sourceType; sourceId = l.sourceID; note = l.note; addedBy = l.addedBy
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
            centre = LabelBody(v.centre); hops = v.hops; truncated = v.truncated; withheld = v.withheld
            nodes = v.nodes.map { Node(entity: LabelBody($0.label), hops: $0.hops, path: $0.path) }
            links = v.links.map(LinkBody.init)
        }
    }

    struct NewObjectBody: Decodable {
        var kind: String
        var value: String
    }

    struct NewLinkBody: Decodable {
        var from: Ref
        var to: Ref
        var type: String
        var at: Date?
        var note: String
        var acknowledgedLanguage: [String]?
    }

    struct EndLinkBody: Decodable {
        var reason: String
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

    struct MergeBody: Decodable {
        var survivorId: String
        var reason: String
        var acknowledgedLanguage: [String]?
    }

    struct UndoBody: Decodable {
        var reason: String
        var acknowledgedLanguage: [String]?
    }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.post("/objects") { request, context -> Response in
            let body = try await JSONBody.decode(NewObjectBody.self, from: request, context: context)
            guard let kind = ObjectKind(rawValue: body.kind) else {
                throw ValidationFailure("kind", "kind must be one of: " + ObjectKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let object = try await store.links.recordObject(kind, body.value, context: try context.accessContext())
            return try JSONBody.response(object, status: .created)
        }

        group.post("/links") { request, context -> Response in
            let body = try await JSONBody.decode(NewLinkBody.self, from: request, context: context)
            let draft = LinkDraft(from: try Self.ref(body.from, field: "from"), to: try Self.ref(body.to, field: "to"),
                                  type: try Self.type(body.type), at: body.at ?? store.clock.now(), note: body.note)
            let link = try await store.links.add(draft, acknowledgedLanguage: Set(body.acknowledgedLanguage ?? []), context: try context.accessContext())
            return try JSONBody.response(LinkBody(link), status: .created)
        }

        group.post("/links/{id}/end") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await JSONBody.decode(EndLinkBody.self, from: request, context: context)
            let link = try await store.links.end(id, reason: body.reason, acknowledgedLanguage: Set(body.acknowledgedLanguage ?? []),
                                                 context: try context.accessContext())
            return try JSONBody.response(LinkBody(link))
        }

        group.get("/entities/{kind}/{id}/links") { request, context -> Response in
            let entity = try Self.entity(context)
            let (purpose, note) = try Self.purpose(request)
            let panel = try await store.links.panel(of: entity, purpose: purpose, purposeNote: note, context: try context.accessContext())
            return try JSONBody.response(PanelBody(entity: LabelBody(panel.centre), links: panel.links.map {
                PanelBody.Item(link: LinkBody($0.link), direction: $0.outgoing ? "outgoing" : "incoming", other: LabelBody($0.other))
            }, withheld: panel.withheld))
        }

        group.get("/entities/{kind}/{id}/network") { request, context -> Response in
            let entity = try Self.entity(context)
            let hops = try Self.hops(request.uri.queryParameters["hops"].map(String.init))
            let (purpose, note) = try Self.purpose(request)
            let view = try await store.links.network(of: entity, hops: hops, purpose: purpose, purposeNote: note, context: try context.accessContext())
            return try JSONBody.response(NetworkBody(view))
        }

        group.post("/entities/{kind}/{id}/network/export") { request, context -> Response in
            let entity = try Self.entity(context)
            let body = try await JSONBody.decode(ExportBody.self, from: request, context: context)
            let csv = try await store.links.exportNetwork(of: entity, hops: body.hops ?? 2, recipient: body.recipient,
                                                          purpose: try PeopleAPI.purpose(body.purpose, required: true),
                                                          purposeNote: body.purposeNote ?? "", context: try context.accessContext())
            return Self.csvResponse(csv, name: "network-\(entity.kind.rawValue)-\(entity.id.prefix(8)).csv")
        }

        group.get("/hotspots") { request, context -> Response in
            let window = try Self.window(request, now: store.clock.now())
            let found = try await store.links.hotspots(from: window.from, to: window.to, minimumChildren: window.minimum,
                                                       context: try context.accessContext())
            return try JSONBody.response(HotspotsBody(from: window.from, to: window.to, minimumChildren: window.minimum, hotspots: found.map {
                HotspotsBody.Item(location: LabelBody($0.location), distinctChildren: $0.hotspot.distinctChildren, visits: $0.hotspot.visits,
                                  lastAt: $0.hotspot.lastAt, sources: $0.hotspot.sources)
            }))
        }

        group.get("/people/matches") { request, context -> Response in
            let q = request.uri.queryParameters
            let found = try await store.identity.matches(
                givenName: q["givenName"].map(String.init) ?? "", familyName: q["familyName"].map(String.init) ?? "",
                dateOfBirth: q["dateOfBirth"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
                address: q["address"].map(String.init), postcode: q["postcode"].map(String.init), context: try context.accessContext())
            return try JSONBody.response(MatchesBody(matches: found.map {
                MatchesBody.Item(person: PeopleAPI.PersonSummary($0.person), score: $0.match.score, reasons: $0.match.reasons)
            }))
        }

        group.post("/people/{id}/merge") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await JSONBody.decode(MergeBody.self, from: request, context: context)
            let merge = try await store.identity.merge(id, into: body.survivorId, reason: body.reason,
                                                       acknowledgedLanguage: Set(body.acknowledgedLanguage ?? []), context: try context.accessContext())
            return try JSONBody.response(merge, status: .created, using: JSONBody.domainEncoder)
        }

        group.post("/merges/{id}/undo") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await JSONBody.decode(UndoBody.self, from: request, context: context)
            let merge = try await store.identity.undoMerge(id, reason: body.reason, acknowledgedLanguage: Set(body.acknowledgedLanguage ?? []),
                                                           context: try context.accessContext())
            return try JSONBody.response(merge, using: JSONBody.domainEncoder)
        }
    }

    static func ref(_ ref: Ref, field: String) throws -> EntityRef {
        guard let kind = EntityKind(rawValue: ref.kind) else {
            throw ValidationFailure(field, "\(field).kind must be one of: " + EntityKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return EntityRef(kind, ref.id)
    }

    static func type(_ text: String) throws -> LinkType {
        guard let type = LinkType(rawValue: text) else {
            throw ValidationFailure("type", "type must be one of: " + LinkType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return type
    }

    static func entity(_ context: LanternRequestContext) throws -> EntityRef {
        let kindText = try context.parameters.require("kind")
        guard let kind = EntityKind(rawValue: kindText) else {
            throw BadRequest("kind must be one of: " + EntityKind.allCases.map(\.rawValue).joined(separator: ", "), field: "kind")
        }
        return EntityRef(kind, try context.parameters.require("id"))
    }

    /// `?purpose=` and `?purposeNote=`: needed when what is read names a child.
    static func purpose(_ request: Request) throws -> (AccessPurpose?, String) {
        let q = request.uri.queryParameters
        return (try PeopleAPI.purpose(q["purpose"].map(String.init), required: false), q["purposeNote"].map(String.init) ?? "")
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
            guard let value = Int(text), (1...100).contains(value) else { throw BadRequest("minimumChildren must be 1 to 100", field: "minimumChildren") }
            minimum = value
        }
        return (from, to, minimum)
    }

    static func csvResponse(_ csv: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                                        .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
