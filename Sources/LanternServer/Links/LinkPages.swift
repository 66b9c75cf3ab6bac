import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The network pages: the links panel shown on child, person and location pages, the network
/// drawing with its export, hotspots, adding and ending links, and merging person records.
struct LinkPages {
    let store: Store
    let pages: PageRenderer

    /// Where an entity's own page is.
    static func href(_ ref: EntityRef) -> String {
        switch ref.kind {
        case .person: "/people/\(ref.id)"
        case .location: "/locations/\(ref.id)"
        case .object: "/network/object/\(ref.id)"
        case .event: "/missing/\(ref.id)"
        }
    }

    /// Template data for `links-panel.mustache`.
    static func panelData(
        _ store: Store, _ entity: EntityRef, back: String, purpose: AccessPurpose?, purposeNote: String = "",
        context: LanternRequestContext
    ) async throws -> [String: Any] {
        let panel = try await store.links.panel(of: entity, purpose: purpose, purposeNote: purposeNote, context: try context.accessContext())
        return try panelData(store, panel, back: back, purpose: purpose, context: context)
    }

    /// Template data for a panel already read (and logged) with the record it sits on.
    static func panelData(
        _ store: Store, _ panel: LinkPanel, back: String, purpose: AccessPurpose?,
        context: LanternRequestContext
    ) throws -> [String: Any] {
        let actor = try context.requireActor()
        let entity = panel.centre.ref
        let query = purpose.map { "?purpose=\($0.rawValue)" } ?? ""
        return [
            "kind": entity.kind.rawValue, "id": entity.id, "title": panel.centre.title, "hasLinks": !panel.links.isEmpty,
            "canLink": store.policy.roleMay(actor.role, .linkRecords), "networkHref": "/network/\(entity.kind.rawValue)/\(entity.id)\(query)",
            "hasWithheld": panel.withheld > 0, "withheld": withheldText(panel.withheld, "link"),
            "items": panel.links.map { view -> [String: Any] in
                [
                    "linkId": view.link.id, "typeTitle": view.outgoing ? view.link.type.title : "\(view.link.type.title) (by)",
                    "otherTitle": view.other.title, "otherDetail": view.other.detail, "otherFlags": view.other.flags.map(\.title),
                    "otherHref": href(view.other.ref), "at": UKTime.show(view.link.at), "back": back,
                    "source": view.link.note.isEmpty ? sourceTitle(view.link) : view.link.note,
                ]
            },
        ]
    }

    /// "2 links are not shown: ..." — the count is all a reader outside a record's scope learns of it.
    static func withheldText(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        guard count > 0 else { return "" }
        let many = count == 1 ? "\(noun) is" : "\(plural ?? noun + "s") are"
        return "\(count) \(many) not shown: \(count == 1 ? "it is a record" : "they are records") you may not open, or lead to one."
    }

    static func sourceTitle(_ link: LinkRecord) -> String {
        switch link.sourceType {
        case "missing-episode": "Found record"
        case "sighting": "Sighting"
        case "flags-register": "Flags register \(link.sourceID)"
        case "merge": "Merge of person records"
        case PolicePowersStore.recordType: "Police protection record"
        case PolicePowersStore.custodyRecordType: "Child in custody record"
        case "import": "Import \(link.sourceID)"
        default: link.sourceType
        }
    }

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/network/{kind}/{id}", use: network)
        router.post("/network/{kind}/{id}/export", use: exportNetwork)
        router.get("/hotspots", use: hotspots)
        router.get("/locations/{id}", use: location)
        router.get("/links/new", use: newLinkForm)
        router.post("/links/new", use: addLink)
        router.post("/links/{id}/end", use: endLink)
        router.get("/people/{id}/merge", use: showMergeForm)
        router.post("/people/{id}/merge", use: merge)
        router.post("/merges/{id}/undo", use: undoMerge)
    }

    /// The network around a record, drawn, with how each node is reached; a purposed consultation.
    @Sendable func network(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let entity = try LinksAPI.entity(context)
        let hops = (try? LinksAPI.hops(request.uri.queryParameters["hops"].map(String.init))) ?? 2
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let view: NetworkView
        do {
            view = try await store.links.network(
                of: entity, hops: hops, purpose: purpose,
                purposeNote: request.uri.queryParameters["note"].map(String.init) ?? "",
                context: try context.accessContext())
        } catch is PurposeRequired {
            return PurposeQuestion.page(pages, request, context)
        }
        let actor = try context.requireActor()
        let linkByID = Dictionary(uniqueKeysWithValues: view.links.map { ($0.id, $0) })
        var titles: [EntityRef: String] = [view.centre.ref: view.centre.title]
        for node in view.nodes { titles[node.label.ref] = node.label.title }
        let base = "/network/\(entity.kind.rawValue)/\(entity.id)"
        let purposeQuery = purpose.map { "&purpose=\($0.rawValue)" } ?? ""
        return pages.render(
            "network", title: "Network of \(view.centre.title)",
            data: [
                "title": view.centre.title, "hops": hops, "nodeCount": view.nodes.count, "linkCount": view.links.count,
                "truncated": view.truncated, "limit": LinkStore.maximumNetworkNodes,
                "hasWithheld": view.withheld > 0, "withheld": Self.withheldText(view.withheld, "record"),
                "svg": NetworkSVG.draw(view, now: store.clock.now()),
                "hopTabs": (1...3).map {
                    ["href": "\(base)?hops=\($0)\(purposeQuery)", "label": "\($0) link\($0 == 1 ? "" : "s")", "current": $0 == hops] as [String: Any]
                },
                "nodes": view.nodes.map { node -> [String: Any] in
                    let path = node.path.compactMap { linkByID[$0] }.map { link in
                        "\(titles[link.from] ?? "?") \(link.type.title) \(titles[link.to] ?? "?")"
                    }.joined(separator: "; ")
                    return [
                        "title": node.label.title, "detail": node.label.detail, "hops": node.hops, "path": path,
                        "href": Self.href(node.label.ref), "flags": node.label.flags.map(\.title),
                    ]
                },
                "canExport": store.policy.roleMay(actor.role, .disclosePersonRecord), "exportAction": "\(base)/export",
                "purposes": AccessPurpose.allCases.map { ["value": $0.rawValue, "title": $0.title] },
            ], context: context)
    }

    /// The network as CSV for a named recipient: a disclosure, so it needs a purpose.
    @Sendable func exportNetwork(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let entity = try LinksAPI.entity(context)
        let form = try await FormBody.decode(from: request)
        let hops = (try? LinksAPI.hops(form.text("hops"))) ?? 2
        do {
            let csv = try await store.links.exportNetwork(
                of: entity, hops: hops, recipient: form["recipient"] ?? "",
                purpose: form.text("purpose").flatMap(AccessPurpose.init(rawValue:)), purposeNote: form["purposeNote"] ?? "",
                context: try context.accessContext())
            return LinksAPI.csvResponse(csv, name: "network-\(entity.kind.rawValue)-\(entity.id.prefix(8)).csv")
        } catch let failure as ValidationFailure {
            return pages.refused("Export not made", failure, context: context)
        }
    }

    /// Places where several children have been found or seen in the chosen window.
    @Sendable func hotspots(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        var days = 90
        var minimum = 2
        var error = ""
        if let text = q["days"].map(String.init), !text.isEmpty {
            if let value = Int(text), (1...3_650).contains(value) { days = value } else { error = "Days must be a whole number from 1 to 3650. " }
        }
        if let text = q["min"].map(String.init), !text.isEmpty {
            if let value = Int(text), (1...100).contains(value) { minimum = value } else { error += "Children must be a whole number from 1 to 100." }
        }
        let now = store.clock.now()
        let found = try await store.links.hotspots(
            from: now.addingTimeInterval(-Double(days) * 86_400), to: now, minimumChildren: minimum,
            context: try context.accessContext())
        return pages.render(
            "hotspots", title: "Hotspots",
            data: [
                "days": days, "minimum": minimum, "error": error, "hasRows": !found.isEmpty,
                "rows": found.map { h -> [String: Any] in
                    [
                        "id": h.location.ref.id, "title": h.location.title, "children": h.hotspot.distinctChildren, "visits": h.hotspot.visits,
                        "last": UKTime.show(h.hotspot.lastAt), "flags": h.location.flags.map(\.title),
                    ]
                },
            ], context: context, status: error.isEmpty ? .ok : .unprocessableContent)
    }

    /// A location's page: its links panel.
    @Sendable func location(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let entity = EntityRef(.location, id)
        let panel: [String: Any]
        do {
            panel = try await Self.panelData(
                store, entity, back: "/locations/\(id)",
                purpose: request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:)),
                purposeNote: request.uri.queryParameters["note"].map(String.init) ?? "", context: context)
        } catch is PurposeRequired {
            return PurposeQuestion.page(pages, request, context)
        } catch let failure as ValidationFailure where failure.errors.first?.field == "id" {
            throw RecordNotFound(recordType: "location", id: id)
        }
        return pages.render(
            "location", title: panel["title"] as? String ?? "Location",
            data: [
                "title": panel["title"] ?? "", "detail": "Location", "panel": panel,
                "notice": request.uri.queryParameters["saved"].map(String.init) ?? "",
            ], context: context)
    }

    /// The form for adding a link, started from the record it leaves.
    @Sendable func newLinkForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await store.authoriser.require(.linkRecords, try context.accessContext(), recordType: "links")
        let q = request.uri.queryParameters
        let values = [
            "fromKind": q["fromKind"].map(String.init) ?? "person", "fromId": q["fromId"].map(String.init) ?? "",
            "at": UKTime.input(store.clock.now()), "toKind": "person",
        ]
        return linkForm(FormState(values: values), context: context)
    }

    /// A link added; the far end (an address or object) is recorded first when it is new.
    @Sendable func addLink(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let form = try await FormBody.decode(from: request)
        do {
            let access = try context.accessContext()
            guard let fromKind = form.text("fromKind").flatMap(EntityKind.init(rawValue:)) else {
                throw ValidationFailure("fromKind", "Choose what the link starts at")
            }
            guard let type = form.text("type").flatMap(LinkType.init(rawValue:)) else { throw ValidationFailure("type", "Choose the kind of link") }
            guard let at = UKTime.parse(form["at"]) else { throw ValidationFailure("at", "Enter when, like 2026-11-26 03:15") }
            let value = form["toValue"] ?? ""
            let to: EntityRef
            switch form["toKind"] ?? "" {
            case "person": to = EntityRef(.person, value.trimmingCharacters(in: .whitespaces))
            case "location": to = EntityRef(.location, try await store.links.recordLocation(value, postcode: form.text("postcode"), context: access))
            case "event": to = EntityRef(.event, value.trimmingCharacters(in: .whitespaces))
            case let text:
                guard let kind = ObjectKind(rawValue: text) else { throw ValidationFailure("toKind", "Choose what the link goes to") }
                do {
                    to = EntityRef(.object, try await store.links.recordObject(kind, value, context: access).id)
                } catch let failure as ValidationFailure {
                    throw ValidationFailure(failure.errors.map { FieldError("toValue", $0.message) })
                }
            }
            let from = EntityRef(fromKind, form["fromId"] ?? "")
            _ = try await store.links.add(
                LinkDraft(from: from, to: to, type: type, at: at, note: form["note"] ?? ""),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: access)
            let back = fromKind == .location ? "/locations/\(from.id)" : "/network/\(fromKind.rawValue)/\(from.id)"
            return Response(status: .seeOther, headers: [.location: back + (fromKind == .location ? "?saved=Link+added." : "")])
        } catch let review as LanguageReviewNeeded {
            return linkForm(
                FormState(values: form.fields, errors: [FieldError(review.field, review.message)]), context: context,
                review: (review, form[review.field] ?? ""), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            return linkForm(
                FormState(
                    values: form.fields,
                    errors: failure.errors.map {
                        ["from", "to"].contains($0.field) ? FieldError($0.field == "to" ? "toValue" : "fromId", $0.message) : $0
                    }), context: context, status: .unprocessableContent)
        }
    }

    /// A link ended, with the reason.
    @Sendable func endLink(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let back = form.text("back").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        do {
            _ = try await store.links.end(
                id, reason: form["reason"] ?? "", acknowledgedLanguage: EpisodeForms.acknowledged(form),
                context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: back])
        } catch let review as LanguageReviewNeeded {
            return reasonForm("End this link", action: "/links/\(id)/end", back: back, form: form, review: review, context: context)
        } catch let failure as ValidationFailure {
            return pages.refused("Link not ended", failure, context: context)
        }
    }

    /// The form for merging a duplicate person record into another.
    @Sendable func showMergeForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await store.authoriser.require(.mergePersonRecords, try context.accessContext(), recordType: "person")
        let state = FormState(values: ["survivorId": request.uri.queryParameters["into"].map(String.init) ?? ""])
        return mergeForm(id, state, context: context)
    }

    /// Two person records merged (reversibly).
    @Sendable func merge(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        do {
            let merge = try await store.identity.merge(
                id, into: form["survivorId"]?.trimmingCharacters(in: .whitespaces) ?? "",
                reason: form["reason"] ?? "", acknowledgedLanguage: EpisodeForms.acknowledged(form),
                context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/people/\(merge.survivorID)?saved=merged"])
        } catch let review as LanguageReviewNeeded {
            return mergeForm(
                id, FormState(values: form.fields, errors: [FieldError(review.field, review.message)]), context: context,
                review: (review, form[review.field] ?? ""), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            return mergeForm(
                id,
                FormState(
                    values: form.fields,
                    errors: failure.errors.map {
                        $0.field == "duplicateId" ? FieldError("survivorId", $0.message) : $0
                    }), context: context, status: .unprocessableContent)
        }
    }

    /// A merge undone, with the reason.
    @Sendable func undoMerge(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        do {
            let merge = try await store.identity.undoMerge(
                id, reason: form["reason"] ?? "", acknowledgedLanguage: EpisodeForms.acknowledged(form),
                context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/people/\(merge.duplicateID)?saved=unmerged"])
        } catch let review as LanguageReviewNeeded {
            return reasonForm("Undo this merge", action: "/merges/\(id)/undo", back: "/people", form: form, review: review, context: context)
        } catch let failure as ValidationFailure {
            return pages.refused("Merge not undone", failure, context: context)
        }
    }

    static let linkFields: [FormField] = [
        FormField(
            name: "type", label: "Kind of link", kind: .select,
            options: LinkType.allCases.map { ($0.rawValue, $0.title.prefix(1).uppercased() + $0.title.dropFirst()) }),
        FormField(
            name: "toKind", label: "Linked to", kind: .select,
            options: [
                ("person", "A person (give the record id)"), ("location", "An address"), ("vehicle", "A vehicle"), ("phone", "A phone number"),
                ("email", "An email address"), ("handle", "A social media handle"), ("event", "A missing episode (give its id)"),
            ]),
        FormField(name: "toValue", label: "Which", hint: "The person's record id, the address, the registration or number", kind: .text()),
        FormField(name: "postcode", label: "Postcode (for an address)", kind: .text(width: "input--width-10")),
        FormField(name: "at", label: "When the link was true or seen", kind: .dateTime),
        FormField(
            name: "note", label: "From what", hint: "The source: a reference, a stop check, who said it",
            kind: .textarea(rows: 3, languageCheck: true)),
    ]

    /// The inline "end" and "undo" forms, shown on a page of their own when the reason needs a language review.
    func reasonForm(
        _ heading: String, action: String, back: String, form: FormData, review: LanguageReviewNeeded,
        context: LanternRequestContext
    ) -> Response {
        let state = FormState(values: form.fields, errors: [FieldError(review.field, review.message)])
        return pages.form(
            FormPage(heading: heading, submit: heading, action: action, cancel: back, hidden: [["name": "back", "value": back]]),
            fields: [FormField(name: "reason", label: "Why", kind: .textarea(rows: 3, languageCheck: true)).data(state)],
            state: state, review: (review, form[review.field] ?? ""), context: context, status: .unprocessableContent)
    }

    func linkForm(
        _ state: FormState, context: LanternRequestContext, review: (LanguageReviewNeeded, String)? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let fromKind = state.values["fromKind"] ?? "person"
        let fromID = state.values["fromId"] ?? ""
        let page = FormPage(
            heading: "Add a link", submit: "Add link", action: "/links/new", cancel: "/network/\(fromKind)/\(fromID)",
            hidden: [["name": "fromKind", "value": fromKind], ["name": "fromId", "value": fromID]])
        let fields =
            Self.linkFields.map { $0.data(state) }
            + (state.errors.contains { $0.field == "fromId" }
                ? [FormField(name: "fromId", label: "Starting record").data(state)] : [])
        return pages.form(page, fields: fields, state: state, review: review, context: context, status: status)
    }

    func mergeForm(
        _ id: String, _ state: FormState, context: LanternRequestContext, review: (LanguageReviewNeeded, String)? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let page = FormPage(
            heading: "Merge this person record into another",
            intro:
                "Only when you are sure both records are the same person. The links, missing episodes and flags of this record move to the other; "
                + "this record is kept, marked merged, and the merge can be undone.",
            submit: "Merge records", action: "/people/\(id)/merge", cancel: "/people/\(id)")
        return pages.form(
            page,
            fields: [
                FormField(name: "survivorId", label: "The record to keep (its id)", kind: .text()).data(state),
                FormField(name: "reason", label: "Why these are the same person", kind: .textarea(rows: 3, languageCheck: true)).data(state),
            ], state: state, review: review, title: "Merge person records", context: context, status: status)
    }
}
