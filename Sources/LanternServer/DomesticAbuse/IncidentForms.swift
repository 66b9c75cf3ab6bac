import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The form an attending officer fills in for a domestic abuse incident: when and where, what happened, who
/// attended, the adult victim and suspect, and each child with how they were there and what they said or
/// showed. People are chosen from the record as the missing report chooses a child: type the name, then pick
/// the record Lantern finds. Nothing is saved until every person is chosen and every field is right.
struct IncidentForms {
    let store: Store
    let pages: PageRenderer

    /// Child rows shown when the form opens; "Add another child" adds one, up to `maxChildRows`.
    static let childRowsShown = 2
    static let maxChildRows = 12

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/domestic-abuse/incidents/new", use: newIncidentForm)
        router.post("/domestic-abuse/incidents/new", use: recordIncident)
    }

    /// One person on the form: the adult victim, the suspect, or a child's row. `key` prefixes its fields
    /// (`victim.name`, `victim.id`, `children[0].name`...).
    struct Slot {
        var key: String
        var label: String
        var isChild: Bool
    }

    static let adultSlots = [
        Slot(key: "victim", label: "The adult victim", isChild: false), Slot(key: "suspect", label: "The suspect", isChild: false),
    ]

    static func childSlot(_ index: Int) -> Slot { Slot(key: "children[\(index)]", label: "Child \(index + 1)", isChild: true) }

    /// The incident form, with now as the time and the officer as the one who attended.
    @Sendable func newIncidentForm(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await store.authoriser.require(.recordDomesticAbuse, try context.accessContext(), recordType: DomesticAbuseStore.recordType)
        let state = FormState(values: ["occurredAt": UKTime.input(store.clock.now()), "attendedBy": context.session?.actor.displayName ?? ""])
        return render(state, rows: Self.childRowsShown, choices: [:], context: context)
    }

    /// An incident recorded and on to its page, or the form again with every problem named and nothing saved.
    @Sendable func recordIncident(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let form = try await FormBody.decode(from: request)
        let access = try context.accessContext()
        try await store.authoriser.require(.recordDomesticAbuse, access, recordType: DomesticAbuseStore.recordType)
        let rows = min(Self.maxChildRows, max(Self.childRowsShown, Int(form["childRows"] ?? "") ?? 0))
        if form["addChild"] == "yes" {
            return try await reshow(form, rows: min(Self.maxChildRows, rows + 1), errors: [], context: context, status: .ok)
        }
        var errors: [FieldError] = []
        let occurredAt = EpisodeForms.time(form, "occurredAt", label: "when the incident happened", errors: &errors)
        let adults = Self.adultSlots.compactMap { slot in
            Self.chosen(form, slot, errors: &errors).map { id in
                IncidentAdult(personID: id, role: slot.key == "victim" ? .victim : .suspect)
            }
        }
        let children = (0..<rows).map(Self.childSlot).compactMap { slot -> IncidentChild? in
            guard let id = Self.chosen(form, slot, errors: &errors) else { return nil }
            guard let presence = form.text("\(slot.key).presence").flatMap(ChildPresence.init(rawValue:)) else {
                errors.append(FieldError("\(slot.key).presence", "Choose how \(slot.label.lowercased()) was at the incident"))
                return nil
            }
            return IncidentChild(childID: id, presence: presence, voice: form["\(slot.key).voice"] ?? "")
        }
        guard errors.isEmpty, let occurredAt else {
            return try await reshow(form, rows: rows, errors: errors, context: context)
        }
        let report = IncidentReport(
            occurredAt: occurredAt, address: form["address"] ?? "", postcode: form.text("postcode"), whatHappened: form["whatHappened"] ?? "",
            attendedBy: EpisodeForms.lines(form, "attendedBy"), adults: adults, children: children)
        do {
            let record = try await store.domesticAbuse.report(report, acknowledgedLanguage: EpisodeForms.acknowledged(form), context: access)
            let notice = "Incident recorded as \(record.incident.reference)."
            return Response(
                status: .seeOther,
                headers: [
                    .location: "/domestic-abuse/incidents/\(record.incident.id)?purpose=domestic-abuse&saved="
                        + (notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                ])
        } catch let review as LanguageReviewNeeded {
            return try await reshow(
                form, rows: rows, errors: [FieldError(review.field, review.message)], review: (review, form[review.field] ?? ""),
                context: context)
        } catch let failure as ValidationFailure {
            return try await reshow(form, rows: rows, errors: failure.errors, context: context)
        }
    }

    /// The record chosen for a slot; a typed name with no record chosen is an error on the name, an empty slot is
    /// left for the report's own check ("Add the adult victim", "Add each child...").
    static func chosen(_ form: FormData, _ slot: Slot, errors: inout [FieldError]) -> String? {
        if let id = form.text("\(slot.key).id") { return id }
        if let name = form.text("\(slot.key).name") {
            errors.append(FieldError("\(slot.key).name", "Choose the record that is \(name.prefix(80)), or record them first under Record a person"))
        }
        return nil
    }

    /// The form again with what was typed, the records each typed name may be, and the problems.
    func reshow(
        _ form: FormData, rows: Int, errors: [FieldError], review: (LanguageReviewNeeded, String)? = nil, context: LanternRequestContext,
        status: HTTPResponse.Status = .unprocessableContent
    ) async throws -> Response {
        let access = try context.accessContext()
        let at = UKTime.parse(form.text("occurredAt")) ?? store.clock.now()
        var choices: [String: [PersonCandidate]] = [:]
        var errors = errors
        for slot in Self.adultSlots + (0..<rows).map(Self.childSlot) {
            guard let name = form.text("\(slot.key).name") else { continue }
            let found = try await candidates(for: name, slot: slot, at: at, context: access)
            choices[slot.key] = found
            if found.isEmpty {
                errors.removeAll { $0.field == "\(slot.key).name" }
                errors.append(
                    FieldError(
                        "\(slot.key).name",
                        "No \(slot.isChild ? "child" : "adult") called \(name.prefix(80)) is on record: check the spelling, "
                            + "or record them first under Record a person"))
            }
        }
        return render(FormState(values: form.fields, errors: errors), rows: rows, choices: choices, review: review, context: context, status: status)
    }

    /// People on record the typed name may be: children for a child's row, people who were not children on the day for an adult.
    func candidates(for name: String, slot: Slot, at: Date, context: AccessContext) async throws -> [PersonCandidate] {
        let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        let given = words.count > 1 ? words.dropLast().joined(separator: " ") : (words.first ?? "")
        let family = words.count > 1 ? words.last ?? "" : ""
        let found = try await store.identity.matches(
            givenName: given, familyName: family, dateOfBirth: nil, childrenOnly: slot.isChild, purpose: .domesticAbuse, context: context)
        return slot.isChild ? found : found.filter { !$0.person.isChild(on: at) }
    }

    static let incidentFields = [
        FormField(name: "occurredAt", label: "When it happened", hint: "UK time. Your best estimate if nobody is sure.", kind: .dateTime),
        FormField(name: "address", label: "Address", kind: .text()),
        FormField(name: "postcode", label: "Postcode (optional)", kind: .text(width: "input--width-10")),
        FormField(
            name: "whatHappened", label: "What happened", hint: "What you saw and heard, what each person said, injuries, damage.",
            kind: .textarea(rows: 6, languageCheck: true)),
        FormField(
            name: "attendedBy", label: "Officers who attended", hint: "Collar number or name, one per line", kind: .textarea(rows: 2)),
    ]

    static func presenceField(_ slot: Slot) -> FormField {
        FormField(
            name: "\(slot.key).presence", label: "How was this child at the incident?", kind: .radios(),
            options: ChildPresence.allCases.map { ($0.rawValue, $0.title) })
    }

    static func voiceField(_ slot: Slot) -> FormField {
        FormField(
            name: "\(slot.key).voice", label: "What the child said or showed (optional)",
            hint: "In the child's words where you can: what they told you, how they seemed.", kind: .textarea(rows: 3, languageCheck: true))
    }

    /// One person's name box, and the records it may be once a name was typed.
    static func slotData(_ slot: Slot, state: FormState, choices: [PersonCandidate]?) -> [String: Any] {
        let chosen = state.values["\(slot.key).id"] ?? ""
        var data: [String: Any] = [
            "key": slot.key, "label": slot.label, "typed": state.values["\(slot.key).name"] ?? "",
            "nameError": state.errors.first { $0.field == "\(slot.key).name" }?.message ?? "",
            "nameHint": slot.isChild ? "Given name and family name, as on their record" : "Given name and family name",
        ]
        let candidates = choices ?? []
        data["hasCandidates"] = !candidates.isEmpty
        data["candidates"] = candidates.enumerated().map { index, candidate -> [String: Any] in
            [
                "inputID": "\(slot.key).id-\(index)", "key": slot.key, "id": candidate.person.id, "name": candidate.person.displayName,
                "dateOfBirth": candidate.person.dateOfBirth ?? "", "score": candidate.match.score,
                "selected": chosen == candidate.person.id,
            ]
        }
        if slot.isChild {
            data["presence"] = presenceField(slot).data(state)
            data["voice"] = voiceField(slot).data(state)
        }
        return data
    }

    func render(
        _ state: FormState, rows: Int, choices: [String: [PersonCandidate]], review: (LanguageReviewNeeded, String)? = nil,
        context: LanternRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        var data = state.templateData
        data["incidentFields"] = Self.incidentFields.map { $0.data(state) }
        data["adultSlots"] = Self.adultSlots.map { Self.slotData($0, state: state, choices: choices[$0.key]) }
        data["childSlots"] = (0..<rows).map(Self.childSlot).map { Self.slotData($0, state: state, choices: choices[$0.key]) }
        data["childRows"] = String(rows)
        data["canAddChild"] = rows < Self.maxChildRows
        data["adultsError"] = state.errors.first { $0.field == "adults" }?.message ?? ""
        data["childrenError"] = state.errors.first { $0.field == "children" }?.message ?? ""
        if let (review, text) = review { data["language"] = LanguageHighlight.panel(review, text: text) }
        return pages.render("incident-form", title: "Record a domestic abuse incident", data: data, context: context, status: status)
    }
}
