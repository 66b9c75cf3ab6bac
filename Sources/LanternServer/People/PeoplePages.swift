import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The person pages: search, record, view (behind a purpose question for children), edit
/// and disclose. Forms post back to the same address and show errors in place.
struct PeoplePages {
    let store: Store
    let pages: PageRenderer

    static func notice(_ saved: String?) -> String {
        switch saved {
        case nil: ""
        case "merged": "The records were merged into this one."
        case "unmerged": "The merge was undone: this record has its links, episodes and flags back."
        default: "Your changes have been saved."
        }
    }

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/people", use: search)
        router.get("/people/new", use: newPersonForm)
        router.post("/people", use: create)
        router.get("/people/{id}", use: person)
        router.get("/people/{id}/edit", use: editForm)
        router.post("/people/{id}", use: change)
        router.get("/people/{id}/disclose", use: discloseForm)
        router.post("/people/{id}/disclose", use: disclose)
    }

    /// The people search.
    @Sendable func search(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let query = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        var data: [String: Any] = ["query": query, "canCreate": store.policy.roleMay(actor.role, .createPersonRecord)]
        if TextInput.searchCharacterCount(query) >= 2 {
            let found = try await store.people.search(String(query.prefix(100)), context: try context.accessContext())
            data["searched"] = true
            data["people"] = found.map(Self.summary)
            data["hasPeople"] = !found.isEmpty
            data["count"] = found.count
            data["countLabel"] = found.count == 1 ? "person" : "people"
        }
        return pages.render("people", title: "People", data: data, context: context)
    }

    /// The form for recording a new person.
    @Sendable func newPersonForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await store.authoriser.require(.createPersonRecord, try context.accessContext(), recordType: "person")
        return pages.render(
            "person-form", title: "Record a person",
            data: formData(
                FormState(), heading: "Record a person", action: "/people", submit: "Save record",
                kind: .child, restricted: false, version: nil, purpose: ""),
            context: context)
    }

    /// A new person recorded, or the form again with what to fix.
    @Sendable func create(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let form = try await FormBody.decode(from: request)
        let (draft, state) = Self.draft(from: form)
        do {
            guard let draft else { throw ValidationFailure(state.errors) }
            let person = try await store.people.create(
                draft, acknowledgedLanguage: Self.acknowledged(form),
                context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/people/\(person.id)"])
        } catch let review as LanguageReviewNeeded {
            return reshow(
                form, state, errors: [FieldError("notes", review.message)], review: review, heading: "Record a person",
                action: "/people", submit: "Save record", version: nil, purpose: "", context: context)
        } catch let failure as ValidationFailure {
            return reshow(
                form, state, errors: failure.errors, heading: "Record a person", action: "/people",
                submit: "Save record", version: nil, purpose: "", context: context)
        }
    }

    /// A person's page, a purposed consultation.
    @Sendable func person(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (person, purpose, links) = try await open(id, request, context, withLinks: true) else {
            return PurposeQuestion.page(pages, request, context)
        }
        let actor = try context.requireActor()
        let access = try context.accessContext()
        let canMerge = store.policy.decide(actor, .mergePersonRecords, on: person.scope).isAllowed
        let merges = try await store.identity.history(of: id, context: access)
        let mergedInto = merges.first { $0.duplicateID == id && $0.undoneAt == nil }?.survivorID
        var duplicates: [[String: Any]] = []
        if canMerge && person.erasedAt == nil && mergedInto == nil {
            duplicates = try await store.identity.matches(
                givenName: person.givenName, familyName: person.familyName,
                dateOfBirth: person.dateOfBirth, excluding: id, purpose: purpose, context: access
            )
            .map {
                [
                    "id": $0.person.id, "name": $0.person.displayName, "kind": $0.person.kind.title, "dateOfBirth": $0.person.dateOfBirth ?? "",
                    "score": $0.match.score, "reasons": $0.match.reasons.joined(separator: "; "),
                ]
            }
        }
        let panel = try links.map { try LinkPages.panelData(store, $0, back: "/people/\(id)", purpose: purpose, context: context) }
        return pages.render(
            "person", title: person.displayName,
            data: [
                "panel": panel as Any, "canMerge": canMerge, "mergedInto": mergedInto ?? "",
                "duplicates": duplicates, "hasDuplicates": !duplicates.isEmpty,
                "merges": merges.map { m -> [String: Any] in
                    [
                        "id": m.id, "survivorId": m.survivorID, "duplicateId": m.duplicateID, "reason": m.reason, "by": m.mergedBy,
                        "at": UKTime.show(m.mergedAt),
                        "undone": m.undoneAt.map { "Undone \(UKTime.show($0)) by \(m.undoneBy ?? ""): \(m.undoReason ?? "")" } ?? "",
                        "canUndo": canMerge && m.undoneAt == nil,
                        "moved": "\(m.moved.links.count) links, \(m.moved.episodes.count) episodes, \(m.moved.flags.count) flags",
                    ]
                },
                "hasMerges": !merges.isEmpty,
                "person": Self.detail(person),
                // A child's safeguarding record (episodes, incidents, police protection) is one step away.
                "childHref": person.kind == .child && person.erasedAt == nil
                    ? "/children/\(person.id)?purpose=\(purpose?.rawValue ?? AccessPurpose.riskAssessment.rawValue)" : "",
                "purpose": purpose?.rawValue ?? "",
                "purposeTitle": purpose?.title ?? "not stated (not a child's record)",
                "canAlter": store.policy.decide(actor, .alterPersonRecord, on: person.scope).isAllowed,
                "canDisclose": store.policy.decide(actor, .disclosePersonRecord, on: person.scope).isAllowed,
                "notice": Self.notice(request.uri.queryParameters["saved"].map(String.init)),
            ], context: context)
    }

    /// The form for correcting a person's record.
    @Sendable func editForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (person, purpose) = try await open(for: .alterPersonRecord, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        let state = FormState(values: [
            "givenName": person.givenName, "familyName": person.familyName,
            "dateOfBirth": person.dateOfBirth ?? "", "notes": person.notes,
        ])
        return pages.render(
            "person-form", title: "Change details",
            data: formData(
                state, heading: "Change \(person.displayName)'s details", action: "/people/\(id)",
                submit: "Save changes", kind: person.kind, restricted: person.restricted,
                version: person.version, purpose: purpose?.rawValue ?? ""),
            context: context)
    }

    /// A person's record corrected, refused if someone else changed it first.
    @Sendable func change(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let (draft, state) = Self.draft(from: form)
        let purpose = form["purpose"] ?? ""
        do {
            guard let version = form["version"].flatMap(Int.init) else {
                throw BadRequest("The form is missing the record version; reload the page and try again", field: "version")
            }
            guard let draft else { throw ValidationFailure(state.errors) }
            _ = try await store.people.alter(
                id, expectedVersion: version, patch: PersonPatch(draft),
                acknowledgedLanguage: Self.acknowledged(form), context: try context.accessContext())
            return Response(status: .seeOther, headers: [.location: "/people/\(id)?purpose=\(purpose)&saved=1"])
        } catch let review as LanguageReviewNeeded {
            return reshow(
                form, state, errors: [FieldError("notes", review.message)], review: review, heading: "Change details",
                action: "/people/\(id)", submit: "Save changes", version: form["version"].flatMap(Int.init),
                purpose: purpose, context: context)
        } catch let failure as ValidationFailure {
            return reshow(
                form, state, errors: failure.errors, heading: "Change details", action: "/people/\(id)",
                submit: "Save changes", version: form["version"].flatMap(Int.init), purpose: purpose, context: context)
        } catch let conflict as VersionConflict {
            let message =
                "Someone else changed this record while you were editing it (they changed: "
                + conflict.changedFields.joined(separator: ", ")
                + "). Your changes were not saved. Open the record again to see theirs, then make yours."
            return reshow(
                form, state, errors: [FieldError("givenName", message)], heading: "Change details",
                action: "/people/\(id)", submit: "Save changes", version: conflict.currentVersion, purpose: purpose,
                context: context, status: .conflict)
        }
    }

    /// The form for disclosing a person's record to another agency.
    @Sendable func discloseForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (person, _) = try await open(for: .disclosePersonRecord, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        var data = FormState().templateData
        data["id"] = id
        data["name"] = person.displayName
        data["purposes"] = Self.purposeOptions(selected: nil)
        return pages.render("disclose", title: "Share or export", data: data, context: context)
    }

    /// A person's record disclosed: the disclosure is logged with its recipient and purpose.
    @Sendable func disclose(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:))
        do {
            let person = try await store.people.disclose(
                id, recipient: form["recipient"] ?? "", purpose: purpose,
                purposeNote: form["purposeNote"] ?? "", context: try context.accessContext())
            let export = String(decoding: try JSONBody.encoder(.asDeclared).encode(person), as: UTF8.self)
            return pages.render(
                "disclosed", title: "Export",
                data: [
                    "person": Self.detail(person), "recipient": form["recipient"] ?? "", "exportJSON": export,
                    "purpose": purpose?.rawValue ?? "",
                ], context: context)
        } catch let failure as ValidationFailure {
            var state = FormState(values: ["recipient": form["recipient"] ?? "", "purposeNote": form["purposeNote"] ?? ""])
            state.errors = failure.errors
            var data = state.templateData
            data["id"] = id
            data["name"] = "this person"
            data["purposes"] = Self.purposeOptions(selected: purpose)
            return pages.render("disclose", title: "Share or export", data: data, context: context, status: .unprocessableContent)
        }
    }

    /// Opens a record for a page, with the purpose from the query (none is needed for an adult).
    /// Returns nil, having shown and logged nothing, when a child's record has no valid purpose yet.
    private func open(
        _ id: String, _ request: Request, _ context: LanternRequestContext, withLinks: Bool = false
    ) async throws
        -> (Person, AccessPurpose?, LinkPanel?)?
    {
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let note = request.uri.queryParameters["note"].map(String.init) ?? ""
        do {
            let read = try await store.people.consult(
                id, purpose: purpose, purposeNote: note, withLinks: withLinks,
                context: try context.accessContext())
            return (read.person, purpose, read.links)
        } catch is PurposeRequired {
            return nil
        }
    }

    /// The person `{id}` opened, as `open` does, for a form that changes or discloses it: refused before the form
    /// is drawn when the reader may not do `permission` to this record.
    private func open(
        for permission: Permission, _ request: Request, _ context: LanternRequestContext
    ) async throws
        -> (Person, AccessPurpose?)?
    {
        let id = try context.parameters.require("id")
        guard let (person, purpose, _) = try await open(id, request, context) else { return nil }
        try await store.authoriser.require(
            permission, try context.accessContext(), on: person.scope,
            recordType: "person", recordIDs: [person.id])
        return (person, purpose)
    }

    /// The person form again, with what was typed, the errors, and (when the language check
    /// stopped the save) the phrases to change or keep.
    private func reshow(
        _ form: FormData, _ state: FormState, errors: [FieldError], review: LanguageReviewNeeded? = nil,
        heading: String, action: String, submit: String, version: Int?, purpose: String,
        context: LanternRequestContext, status: HTTPResponse.Status = .unprocessableContent
    ) -> Response {
        var shown = state
        shown.errors = errors
        var data = formData(
            shown, heading: heading, action: action, submit: submit,
            kind: form.text("kind").flatMap(PersonKind.init(rawValue:)) ?? .child,
            restricted: form["restricted"] == "yes", version: version, purpose: purpose)
        if let review { data["language"] = LanguageHighlight.panel(review, text: form["notes"] ?? "") }
        return pages.render("person-form", title: heading, data: data, context: context, status: status)
    }

    private func formData(
        _ state: FormState, heading: String, action: String, submit: String, kind: PersonKind,
        restricted: Bool, version: Int?, purpose: String
    ) -> [String: Any] {
        var data = state.templateData
        data["heading"] = heading
        data["action"] = action
        data["submitLabel"] = submit
        data["restricted"] = restricted
        data["purpose"] = purpose
        if let version { data["version"] = version }
        data["kinds"] = PersonKind.allCases.map { ["code": $0.rawValue, "title": $0.title, "selected": $0 == kind] as [String: Any] }
        return data
    }

    /// The phrases the writer ticked to keep: the rule ids shown to them, only when the box was ticked.
    static func acknowledged(_ form: FormData) -> Set<String> {
        guard form["keepLanguage"] == "yes" else { return [] }
        return Set((form["languageRules"] ?? "").split(separator: ",").map(String.init))
    }

    static func draft(from form: FormData) -> (PersonDraft?, FormState) {
        let state = FormState(values: [
            "givenName": form["givenName"] ?? "", "familyName": form["familyName"] ?? "",
            "dateOfBirth": form["dateOfBirth"] ?? "", "notes": form["notes"] ?? "",
        ])
        guard let kind = form.text("kind").flatMap(PersonKind.init(rawValue:)) else {
            var failed = state
            failed.errors = [FieldError("kind", "Choose the person's role in records")]
            return (nil, failed)
        }
        return (
            PersonDraft(
                kind: kind, givenName: form["givenName"] ?? "", familyName: form["familyName"] ?? "",
                dateOfBirth: form.text("dateOfBirth"), notes: form["notes"] ?? "",
                restricted: form["restricted"] == "yes"), state
        )
    }

    static func purposeOptions(selected: AccessPurpose?) -> [[String: Any]] {
        AccessPurpose.allCases.enumerated().map { index, purpose in
            ["code": purpose.rawValue, "title": purpose.title, "first": index == 0, "selected": purpose == selected]
        }
    }

    static func summary(_ p: Person) -> [String: Any] {
        [
            "id": p.id, "name": p.displayName, "kind": p.kind.title, "dateOfBirth": p.dateOfBirth ?? "", "team": p.team,
            "restricted": p.restricted,
        ]
    }

    static func detail(_ p: Person) -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        return [
            "id": p.id, "name": p.displayName, "kind": p.kind.title, "dateOfBirth": p.dateOfBirth ?? "", "team": p.team,
            "borough": p.borough, "notes": p.notes, "restricted": p.restricted, "version": p.version,
            "updatedAt": formatter.string(from: p.updatedAt), "erased": p.erasedAt != nil,
            "erasedAt": p.erasedAt.map(formatter.string(from:)) ?? "",
        ]
    }
}
