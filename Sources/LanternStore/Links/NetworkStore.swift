import Foundation
import LanternCore
import SQLKit

/// How an entity is shown in a links panel or network: its name, address or value, what it is,
/// and any flags on it. A person the reader may not open is shown without a name.
public struct EntityLabel: Sendable, Equatable, Codable {
    public var ref: EntityRef
    public var title: String
    public var detail: String
    public var flags: [FlagKind]
    /// A person the reader may not open (or a record that no longer exists). Panels, networks and
    /// exports leave such records out and only count them.
    public var restricted: Bool
    /// A person who is a child today: showing one needs the reader's purpose.
    public var child: Bool = false
}

/// One entity's links panel as shown to one reader: what they may see, and how many links were
/// withheld because the record at the other end is one they may not open.
public struct LinkPanel: Sendable, Equatable {
    public var centre: EntityLabel
    public var links: [LinkView]
    public var withheld: Int

    /// Every person the panel names (the centre included): each is logged as consulted.
    public var people: [String] {
        ([centre] + links.map(\.other)).filter { $0.ref.kind == .person && !$0.restricted }.map(\.ref.id)
    }

    /// True when the panel names a child, so the reader must give a purpose.
    public var showsChild: Bool { ([centre] + links.map(\.other)).contains { $0.child && !$0.restricted } }
}

/// One link as a panel shows it: the link, and the entity at its other end.
public struct LinkView: Sendable, Equatable {
    public var link: LinkRecord
    public var other: EntityLabel
    /// True when the panel's entity is the link's `from` end ("Kai found at ..."), false for the reverse.
    public var outgoing: Bool
}

/// A neighbourhood: every entity within `hops` links of the centre, each with the chain of links
/// that explains why it is there.
public struct NetworkView: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var label: EntityLabel
        public var hops: Int
        /// Link ids from the centre to this node, in order.
        public var path: [String]
    }

    public var centre: EntityLabel
    public var hops: Int
    public var nodes: [Node]
    public var links: [LinkRecord]
    /// True when the neighbourhood was cut at the limit.
    public var truncated: Bool
    /// Records the reader may not open that the walk met: left out (with their links), only counted.
    public var withheld: Int = 0

    /// Every person the view names (the centre included): each is logged as consulted.
    public var people: [String] {
        ([centre] + nodes.map(\.label)).filter { $0.ref.kind == .person && !$0.restricted }.map(\.ref.id)
    }

    public var showsChild: Bool { ([centre] + nodes.map(\.label)).contains { $0.child && !$0.restricted } }
}

/// A location ranked by how many distinct children were found or seen there.
public struct HotspotView: Sendable, Equatable {
    public var location: EntityLabel
    public var hotspot: Hotspot
}

extension LinkStore {
    public static let maximumNetworkNodes = 300

    // MARK: Labels

    /// Labels for many entities, a few queries in all.
    static func labels(
        _ refs: [EntityRef], actor: Actor, policy: AccessPolicy, now: Date = Date(),
        in sql: any SQLDatabase
    ) async throws -> [EntityRef: EntityLabel] {
        var result: [EntityRef: EntityLabel] = [:]
        let byKind = Dictionary(grouping: Set(refs), by: \.kind).mapValues { $0.map(\.id) }
        var flags: [String: [FlagKind]] = [:]
        let ids = Array(Set(refs.map(\.id)))
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
            for row in try await FlagEntryRow.active(on: chunk, in: sql) {
                flags[row.entityId, default: []].append(try row.kind())
            }
        }
        func flagged(_ id: String) -> [FlagKind] { Array(Set(flags[id] ?? [])).sorted { $0.rawValue < $1.rawValue } }
        if let people = byKind[.person], !people.isEmpty {
            for person in try await sql.select().columns(PersonStore.columns).from("people").where("id", .in, people).all().map(PersonStore.decode) {
                let ref = EntityRef(.person, person.id)
                let open = policy.decide(actor, .consultPersonRecord, on: person.scope).isAllowed
                var personFlags = flagged(person.id)
                if person.kind == .registeredSexOffender && !personFlags.contains(.registeredSexOffender) {
                    personFlags.append(.registeredSexOffender)
                }
                result[ref] = EntityLabel(
                    ref: ref, title: open ? person.displayName : "Restricted record",
                    detail: open ? [person.kind.title, person.dateOfBirth.map { "born \($0)" }].compactMap { $0 }.joined(separator: ", ") : "Person",
                    flags: open ? personFlags : [], restricted: !open, child: person.isChild(on: now))
            }
        }
        if let places = byKind[.location], !places.isEmpty {
            for row in try await sql.select().columns("id", "address", "postcode").from("locations").where("id", .in, places).all() {
                let id = try row.decode(column: "id", as: String.self)
                let address = try row.decode(column: "address", as: String.self)
                let postcode = try row.decode(column: "postcode", as: String?.self)
                let title = postcode.map { address.uppercased().contains($0) ? address : "\(address), \($0)" } ?? address
                result[EntityRef(.location, id)] = EntityLabel(
                    ref: EntityRef(.location, id), title: title, detail: "Location",
                    flags: flagged(id), restricted: false)
            }
        }
        if let objects = byKind[.object], !objects.isEmpty {
            for row in try await sql.select().columns("id", "kind", "display").from("objects").where("id", .in, objects).all() {
                let id = try row.decode(column: "id", as: String.self)
                let kind = try StoredCode.known(ObjectKind.self, row, "kind", table: "objects")
                result[EntityRef(.object, id)] = EntityLabel(
                    ref: EntityRef(.object, id), title: try row.decode(column: "display", as: String.self),
                    detail: kind.title, flags: flagged(id), restricted: false)
            }
        }
        if let events = byKind[.event], !events.isEmpty {
            // An episode is as open as its child: one the reader may not open is withheld like the child.
            let rows = try await sql.select().columns("id", "reference", "child_id").from("missing_episodes").where("id", .in, events).all()
            let childIDs = try Array(Set(rows.map { try $0.decode(column: "child_id", as: String.self) }))
            let children =
                childIDs.isEmpty
                ? []
                : try await sql.select().columns(PersonStore.columns).from("people")
                    .where("id", .in, childIDs).all().map(PersonStore.decode)
            let open = Set(children.filter { policy.decide(actor, .consultPersonRecord, on: $0.scope).isAllowed }.map(\.id))
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let visible = open.contains(try row.decode(column: "child_id", as: String.self))
                result[EntityRef(.event, id)] = EntityLabel(
                    ref: EntityRef(.event, id),
                    title: visible ? try row.decode(column: "reference", as: String.self) : "Restricted record",
                    detail: "Missing episode", flags: [], restricted: !visible)
            }
        }
        for ref in refs where result[ref] == nil {
            result[ref] = EntityLabel(ref: ref, title: "Unknown \(ref.kind.rawValue)", detail: ref.id, flags: [], restricted: true)
        }
        return result
    }

    /// Checks the entity exists and the actor may open it; people the actor may not open are answered
    /// exactly like ones that do not exist.
    static func requireEntity(_ ref: EntityRef, field: String, actor: Actor, policy: AccessPolicy, in sql: any SQLDatabase) async throws {
        let exists: Bool
        switch ref.kind {
        case .person:
            if let person = try await PersonStore.load(sql, ref.id), person.erasedAt == nil {
                exists = policy.decide(actor, .consultPersonRecord, on: person.scope).isAllowed
            } else {
                exists = false
            }
        case .location:
            exists = ref.id.count <= 64 ? try await sql.select().column("id").from("locations").where("id", .equal, ref.id).first() != nil : false
        case .object:
            exists = try await loadObject(ref.id, in: sql) != nil
        case .event:
            exists =
                ref.id.count <= 64 ? try await sql.select().column("id").from("missing_episodes").where("id", .equal, ref.id).first() != nil : false
        }
        if !exists { throw ValidationFailure(field, "No \(ref.kind.rawValue) record with id '\(ref.id.prefix(64))' is available to you") }
    }

    static func decodeLink(_ row: any SQLRow) throws -> LinkRecord {
        try row.decode(model: LinkRow.self, with: StoredRow.decoder).record()
    }

    /// The standing links touching any of `ids`.
    static func standingLinks(touching ids: [String], limit: Int, in sql: any SQLDatabase) async throws -> [LinkRecord] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("links")
            .where { $0.where("from_id", .in, ids).orWhere("to_id", .in, ids) }
            .where("ended_at_ms", .is, SQLLiteral.null).orderBy("at_ms", .descending).limit(limit).all().map(decodeLink)
    }

    // MARK: Panels and networks

    /// The links panel of one entity as `actor` may see it, read inside the caller's transaction. It
    /// writes no log entry: the caller logs ``LinkPanel/people`` once, with the reader's purpose.
    static func panelView(of entity: EntityRef, actor: Actor, policy: AccessPolicy, now: Date, in sql: any SQLDatabase) async throws -> LinkPanel {
        let links = try await standingLinks(touching: [entity.id], limit: 500, in: sql)
        let labels = try await labels(links.flatMap { [$0.from, $0.to] } + [entity], actor: actor, policy: policy, now: now, in: sql)
        var views: [LinkView] = []
        var withheld = 0
        for link in links {
            let outgoing = link.from == entity
            guard let other = labels[outgoing ? link.to : link.from], !other.restricted else {
                withheld += 1
                continue
            }
            views.append(LinkView(link: link, other: other, outgoing: outgoing))
        }
        return LinkPanel(centre: labels[entity]!, links: views, withheld: withheld)
    }

    /// The links panel of one entity: its standing links, newest first, each with the other end
    /// labelled; links to records the reader may not open are only counted. Reading it is a
    /// consultation of every person it names, and needs a purpose when it names a child.
    public func panel(
        of entity: EntityRef, purpose: AccessPurpose? = nil, purposeNote: String = "",
        context: AccessContext
    ) async throws -> LinkPanel {
        try await authoriser.require(.consultPersonRecord, context, recordType: "links")
        return try await consult(entity, purpose: purpose, purposeNote: purposeNote, detail: "links", context: context) { sql, policy, now in
            let panel = try await Self.panelView(of: entity, actor: context.actor, policy: policy, now: now, in: sql)
            return (panel, panel.showsChild, panel.people)
        }
    }

    /// Reads what `read` draws around `entity` (which the reader must be able to open) and logs everyone it shows as
    /// consulted, in one transaction; a view that shows a child needs a purpose.
    private func consult<View: Sendable>(
        _ entity: EntityRef, purpose: AccessPurpose?, purposeNote: String, detail: String, context: AccessContext,
        read: @Sendable @escaping (any SQLDatabase, AccessPolicy, Date) async throws -> (view: View, showsChild: Bool, people: [String])
    ) async throws -> View {
        let now = clock.now()
        let policy = authoriser.policy
        return try await database.transaction { sql in
            try await Self.requireEntity(entity, field: "id", actor: context.actor, policy: policy, in: sql)
            let (view, showsChild, people) = try await read(sql, policy, now)
            if showsChild && purpose == nil { throw PurposeRequired() }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: entity.kind.rawValue, recordIDs: ChildStore.distinct([entity.id] + people),
                    purpose: purpose, purposeNote: purposeNote, detail: detail), in: sql)
            return view
        }
    }

    /// The neighbourhood of an entity to `hops` links (1 to 3), at most ``maximumNetworkNodes``
    /// entities. People the reader may not open are left out, with their links, and only counted.
    /// Every person shown is logged as consulted, with the purpose (needed when a child is shown).
    public func network(
        of entity: EntityRef, hops: Int, purpose: AccessPurpose? = nil, purposeNote: String = "",
        context: AccessContext
    ) async throws -> NetworkView {
        try await authoriser.require(.consultPersonRecord, context, recordType: "links")
        guard (1...3).contains(hops) else { throw ValidationFailure("hops", "hops must be 1, 2 or 3") }
        return try await consult(entity, purpose: purpose, purposeNote: purposeNote, detail: "network", context: context) { sql, policy, now in
            let view = try await Self.walk(from: entity, hops: hops, actor: context.actor, policy: policy, now: now, in: sql)
            return (view, view.showsChild, view.people)
        }
    }

    /// `throughRestricted`: walk through people the actor may not open (the system's own checks, which
    /// show no one anything). Otherwise such people are left out with their links and counted in `withheld`.
    static func walk(
        from entity: EntityRef, hops: Int, actor: Actor, policy: AccessPolicy, throughRestricted: Bool = false,
        now: Date = Date(), in sql: any SQLDatabase
    ) async throws -> NetworkView {
        var known: Set<EntityRef> = [entity]
        var withheld: Set<EntityRef> = []
        var frontier: [EntityRef] = [entity]
        var links: [String: LinkRecord] = [:]
        var truncated = false
        var labels: [EntityRef: EntityLabel] = try await labels([entity], actor: actor, policy: policy, now: now, in: sql)
        for _ in 0..<hops where !frontier.isEmpty {
            let found = try await standingLinks(touching: frontier.map(\.id), limit: maximumNetworkNodes * 4, in: sql)
            let met = Set(found.flatMap { [$0.from, $0.to] }).subtracting(known).subtracting(withheld)
            labels.merge(try await Self.labels(Array(met), actor: actor, policy: policy, now: now, in: sql)) { a, _ in a }
            var next: [EntityRef] = []
            for link in found {
                for end in [link.from, link.to] where !known.contains(end) && !withheld.contains(end) {
                    if !throughRestricted && labels[end]?.restricted != false {
                        withheld.insert(end)
                        continue
                    }
                    if known.count >= maximumNetworkNodes {
                        truncated = true
                        continue
                    }
                    known.insert(end)
                    next.append(end)
                }
                if known.contains(link.from) && known.contains(link.to) { links[link.id] = link }
            }
            frontier = next
        }
        // Core explains each entity: the shortest chain of links from the centre.
        var builder = LinkGraph.Builder()
        let ordered = links.values.sorted { $0.id < $1.id }
        _ = builder.node(entity)
        for (index, link) in ordered.enumerated() { builder.add(link.from, link.to, link: Int32(index)) }
        let graph = builder.build()
        let reached = graph.index(of: entity).map { graph.neighbourhood(of: $0, hops: hops, limit: maximumNetworkNodes) } ?? []
        let nodes = reached.map { r in
            NetworkView.Node(label: labels[graph.entities[r.node]]!, hops: r.hops, path: r.path.map { ordered[Int($0)].id })
        }
        return NetworkView(centre: labels[entity]!, hops: hops, nodes: nodes, links: ordered, truncated: truncated, withheld: withheld.count)
    }

    /// The network view as CSV, one row per link with both ends labelled. An export is a disclosure:
    /// the recipient and purpose are required and logged, naming every person in it.
    public func exportNetwork(
        of entity: EntityRef, hops: Int, recipient: String, purpose: AccessPurpose?, purposeNote: String,
        context: AccessContext
    ) async throws -> String {
        try await authoriser.require(.disclosePersonRecord, context, recordType: "links")
        var errors = FieldErrorCollector()
        errors.require(recipient, "recipient", label: "who the export is for", maxLength: 200)
        if purpose == nil { errors.add("purpose", "Choose the purpose of the export") }
        if purposeNote.unicodeScalars.count > 200 { errors.add("purposeNote", "The reference must be 200 characters or fewer") }
        if !(1...3).contains(hops) { errors.add("hops", "hops must be 1, 2 or 3") }
        try errors.throwIfAny()
        let now = clock.now()
        let policy = authoriser.policy
        return try await database.transaction { sql in
            try await Self.requireEntity(entity, field: "id", actor: context.actor, policy: policy, in: sql)
            let view = try await Self.walk(from: entity, hops: hops, actor: context.actor, policy: policy, now: now, in: sql)
            var labels: [EntityRef: EntityLabel] = [view.centre.ref: view.centre]
            for node in view.nodes { labels[node.label.ref] = node.label }
            var lines = ["link_id,type,at,from_kind,from_id,from,to_kind,to_id,to,source_type,source_id,note"]
            let stamp = ISO8601DateFormatter()
            for link in view.links {
                let from = labels[link.from]
                let to = labels[link.to]
                lines.append(
                    [
                        link.id, link.type.rawValue, stamp.string(from: link.at), link.from.kind.rawValue, link.from.id,
                        from?.title ?? "", link.to.kind.rawValue, link.to.id, to?.title ?? "", link.sourceType, link.sourceID, link.note,
                    ]
                    .map(CSV.field).joined(separator: ","))
            }
            try await AccessLogStore.append(
                context.entry(
                    at: now, .disclose, recordType: "network",
                    recordIDs: ChildStore.distinct([entity.id] + view.people),
                    purpose: purpose, purposeNote: purposeNote,
                    recipient: recipient.trimmingCharacters(in: .whitespacesAndNewlines),
                    detail: "network export"), in: sql)
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// Locations ranked by the distinct children found or seen there between `from` and `to`.
    public func hotspots(from: Date, to: Date, minimumChildren: Int, context: AccessContext) async throws -> [HotspotView] {
        try await authoriser.require(.consultPersonRecord, context, recordType: "links")
        guard from < to else { throw ValidationFailure("from", "The start of the window must be before its end") }
        guard (1...100).contains(minimumChildren) else { throw ValidationFailure("minimumChildren", "minimumChildren must be 1 to 100") }
        let now = clock.now()
        let policy = authoriser.policy
        return try await database.transaction { sql in
            let rows = try await sql.select().columns("from_id", "to_id", "at_ms", "source_id").from("links")
                .where("type", .in, [LinkType.foundAt.rawValue, LinkType.seenAt.rawValue])
                .where("at_ms", .greaterThanOrEqual, from.millisecondsSince1970).where("at_ms", .lessThanOrEqual, to.millisecondsSince1970)
                .where("ended_at_ms", .is, SQLLiteral.null).all()
            let visits = try rows.map { row in
                LocationVisit(
                    locationID: try row.decode(column: "to_id", as: String.self), childID: try row.decode(column: "from_id", as: String.self),
                    at: try StoredDate.required(row, "at_ms"), sourceID: try row.decode(column: "source_id", as: String.self))
            }
            let ranked = Hotspots.rank(visits, from: from, to: to, minimumChildren: minimumChildren, limit: 100)
            let labels = try await Self.labels(ranked.map { EntityRef(.location, $0.locationID) }, actor: context.actor, policy: policy, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .consult, recordType: "location", recordIDs: ranked.map(\.locationID),
                    detail: "hotspots"), in: sql)
            return ranked.map { HotspotView(location: labels[EntityRef(.location, $0.locationID)]!, hotspot: $0) }
        }
    }

    // MARK: Adding and ending links

    /// A link added by hand, with where it comes from. Both ends must exist and be open to the
    /// actor. A "found" or "seen" link from a child to a flagged person, place or object raises the
    /// same alert a found record does, on the child's latest episode.
    public func add(_ draft: LinkDraft, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> LinkRecord {
        try await authoriser.require(.linkRecords, context, recordType: "links")
        let now = clock.now().roundedUpToMillisecond
        let clean = try draft.validated(now: now)
        let noteReview = try NarrativeReview.review(clean.note, field: "note", acknowledged: acknowledgedLanguage, checker: checker)
        let policy = authoriser.policy
        let exploitation = self.exploitation
        let packVersion = checker.pack.version
        return try await database.transaction { sql in
            try await Self.requireEntity(clean.from, field: "from", actor: context.actor, policy: policy, in: sql)
            try await Self.requireEntity(clean.to, field: "to", actor: context.actor, policy: policy, in: sql)
            let id = try await Self.link(
                clean.from, clean.to, clean.type, at: clean.at, source: ("user", context.actor.userID),
                by: context.actor, now: now, note: clean.note, in: sql)
            try await LanguageStore.record(
                noteReview, of: .init(recordType: "link", recordID: id, field: "note", recordVersion: 1),
                by: context.actor, at: now, packVersion: packVersion, in: sql)
            let people = [clean.from, clean.to].filter { $0.kind == .person }.map(\.id)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: "links", recordIDs: people + [id],
                    detail: "link \(clean.type.rawValue) added"), in: sql)
            try await Self.checkAddedLink(clean, linkID: id, context: context, now: now, in: sql)
            try await ExploitationTriggers.linkAdded([clean.from, clean.to], policy: policy, rules: exploitation, now: now, in: sql)
            return try Self.decodeLink(try await sql.select().column("*").from("links").where("id", .equal, id).first()!)
        }
    }

    static func checkAddedLink(_ link: LinkDraft, linkID: String, context: AccessContext, now: Date, in sql: any SQLDatabase) async throws {
        guard [.foundAt, .foundWith, .seenAt, .seenWith].contains(link.type), link.from.kind == .person,
            let row = try await sql.select().columns("id").from("missing_episodes").where("child_id", .equal, link.from.id)
                .orderBy("last_seen_at_ms", .descending).first(),
            let (episode, _) = try await MissingStore.loadEpisode(try row.decode(column: "id", as: String.self), in: sql)
        else { return }
        var encounter = Encounter(
            verb: [.foundAt, .foundWith].contains(link.type) ? .found : .seen, location: nil, address: "", people: [], objects: [])
        switch link.to.kind {
        case .location:
            encounter.location = link.to.id
            encounter.address =
                try await sql.select().column("address").from("locations").where("id", .equal, link.to.id).first()?
                .decode(column: "address", as: String.self) ?? "a recorded address"
        case .person:
            if let person = try await PersonStore.load(sql, link.to.id) { encounter.people = [person] }
        case .object:
            if let object = try await loadObject(link.to.id, in: sql), case .success(let key) = ObjectKey.make(object.kind, object.value) {
                encounter.objects = [(object.id, key)]
            }
        case .event: return
        }
        let matches = try await FlagCheck.matches(encounter, in: sql)
        for match in matches {
            let kind: EpisodeAlert.Kind =
                encounter.verb == .seen ? .seenWithFlagged : match.route == .place ? .foundAtFlaggedPlace : .foundWithFlaggedPerson
            try await MissingRows.raise(
                kind, on: episode.id, detail: match.explanation + " (link added by \(context.actor.displayName)). Review the risk now.",
                at: now, in: sql)
            try await MissingRows.queueForScreening(
                link.from.id, episode: episode.id, reason: match.explanation + " (\(episode.reference))",
                at: now, in: sql)
        }
        try await raisePowersHistory(
            try await PowersHistoryCheck.matches(encounter, child: link.from.id, in: sql), child: link.from.id, episode: episode,
            saying: " (link added by \(context.actor.displayName)). Review the risk now.", context: context, now: now, in: sql)
    }

    /// Ends a link (nothing is deleted): who ended it and why are kept on it.
    public func end(_ linkID: String, reason: String, acknowledgedLanguage: Set<String> = [], context: AccessContext) async throws -> LinkRecord {
        try await authoriser.require(.linkRecords, context, recordType: "links")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrorCollector()
        errors.require(reason, "reason", label: "why the link is being ended", maxLength: 1_000)
        try errors.throwIfAny()
        let reasonReview = try NarrativeReview.review(reason, field: "reason", acknowledged: acknowledgedLanguage, checker: checker)
        let now = clock.now().roundedUpToMillisecond
        let policy = authoriser.policy
        let packVersion = checker.pack.version
        let outcome: Result<LinkRecord, any Error> = try await database.transaction { sql in
            guard linkID.count <= 64, let row = try await sql.select().column("*").from("links").where("id", .equal, linkID).first() else {
                return .failure(RecordNotFound(recordType: "link", id: linkID))
            }
            let link = try Self.decodeLink(row)
            for end in [link.from, link.to] where end.kind == .person {
                if let person = try await PersonStore.load(sql, end.id),
                    case .deny(let why) = policy.decide(context.actor, .linkRecords, on: person.scope)
                {
                    return .failure(AccessDenied(permission: .linkRecords, reason: why))
                }
            }
            if try row.decode(column: "ended_at_ms", as: Int64?.self) != nil {
                throw ValidationFailure("linkId", "This link has already been ended")
            }
            try await Self.end(linkID, reason: reason, by: context.actor, at: now, in: sql)
            try await LanguageStore.record(
                reasonReview, of: .init(recordType: "link", recordID: linkID, field: "reason", recordVersion: 2),
                by: context.actor, at: now, packVersion: packVersion, in: sql)
            try await AccessLogStore.append(
                context.entry(
                    at: now, .alter, recordType: "links",
                    recordIDs: [link.from, link.to].filter { $0.kind == .person }.map(\.id) + [linkID],
                    detail: "link \(link.type.rawValue) ended"), in: sql)
            return .success(link)
        }
        return try await authoriser.settle(outcome, permission: .linkRecords, context: context, recordType: "links", id: linkID, shownAs: "link")
    }

    static func end(_ id: String, reason: String, by actor: Actor, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("links").set("ended_at_ms", to: now.millisecondsSince1970).set("ended_by", to: actor.userID)
            .set("end_reason", to: reason).where("id", .equal, id).run()
    }
}
