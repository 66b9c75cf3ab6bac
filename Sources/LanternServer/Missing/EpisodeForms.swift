import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The forms that record work on an episode: supervisory review, re-assessment, enquiry, task
/// result, sighting, agency contact and found. Each is a GET showing the form and a POST that saves
/// and returns to the episode, or shows the form again with every problem named.
struct EpisodeForms {
    let store: Store
    let pages: PageRenderer

    /// One form: its fields, starting values, and what saving does (returns the notice shown after).
    struct Spec: Sendable {
        var path: String
        var title: String
        var intro: String
        var submit: String
        var fields: @Sendable (EpisodeRecord?, Store, Parameters) -> [FormField]
        var defaults: @Sendable (EpisodeRecord, Store, Parameters) -> [String: String]
        var save: @Sendable (String, Parameters, FormData, Store, AccessContext) async throws -> String
    }

    typealias Parameters = [String: String]

    func add(to router: RouterGroup<LanternRequestContext>) {
        for spec in Self.specs { register(spec, on: router) }
    }

    /// A spec's two routes; the handlers take the spec, since one pair of handlers serves every form.
    func register(_ spec: Spec, on router: RouterGroup<LanternRequestContext>) {
        router.get("/missing/{id}/\(spec.path)") { request, context in try await showForm(spec, request, context: context) }
        router.post("/missing/{id}/\(spec.path)") { request, context in try await submitForm(spec, request, context: context) }
    }

    /// The form, started from the episode's record; a purposed consultation like the episode's page.
    func showForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let (record, purpose) = try await Self.open(store, id, request, context) else {
            return PurposeQuestion.page(pages, request, context)
        }
        let parameters = Self.parameters(context)
        let state = FormState(values: spec.defaults(record, store, parameters))
        return render(
            spec, state: state, record: record, id: id, parameters: parameters, action: request.uri.path, purpose: purpose,
            context: context)
    }

    /// The form saved and back to the episode, or the form again with every problem named.
    func submitForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? .missingEpisode
        let parameters = Self.parameters(context)
        return try await FormSubmission.handle(
            form,
            save: {
                try await spec.save(id, parameters, form, store, try context.accessContext())
            }, redirect: { "/missing/\(id)?purpose=\(purpose.rawValue)&saved=" + $0 },
            reshow: { state, review in
                render(
                    spec, state: state, record: nil, id: id, parameters: parameters, action: request.uri.path, purpose: purpose,
                    context: context, review: review?.0, reviewText: review?.1 ?? "", status: .unprocessableContent)
            })
    }

    static func parameters(_ context: LanternRequestContext) -> Parameters {
        var out: Parameters = [:]
        if let task = context.parameters.get("taskID") { out["taskID"] = String(task) }
        return out
    }

    func render(
        _ spec: Spec, state: FormState, record: EpisodeRecord?, id: String, parameters: Parameters, action: String,
        purpose: AccessPurpose?, context: LanternRequestContext,
        review: LanguageReviewNeeded? = nil, reviewText: String = "", status: HTTPResponse.Status = .ok
    ) -> Response {
        let purpose = purpose?.rawValue ?? "missing-episode"
        let page = FormPage(
            heading: spec.title, intro: spec.intro, submit: spec.submit, action: action, cancel: "/missing/\(id)?purpose=\(purpose)",
            purpose: purpose)
        var extra: [String: Any] = [:]
        if let record {
            extra["caption"] = "\(record.episode.reference) · \(record.child.displayName)"
            extra["facts"] = [
                "items": [
                    ["key": "Risk now", "value": record.episode.grade.title],
                    ["key": "Last seen", "value": "\(UKTime.show(record.episode.report.lastSeenAt)) at \(record.episode.report.lastSeenPlace)"],
                ]
            ]
        }
        return pages.form(
            page, fields: spec.fields(record, store, parameters).map { $0.data(state) }, state: state,
            review: review.map { ($0, reviewText) }, extra: extra, context: context, status: status)
    }

    // MARK: Shared page helpers

    /// Opens an episode for a page with the purpose from the query; nil when a purpose is still needed.
    static func open(
        _ store: Store, _ id: String, _ request: Request, _ context: LanternRequestContext
    ) async throws -> (EpisodeRecord, AccessPurpose?)? {
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let note = request.uri.queryParameters["note"].map(String.init) ?? ""
        do {
            return (try await store.missing.episode(id, purpose: purpose, purposeNote: note, context: try context.accessContext()), purpose)
        } catch is PurposeRequired {
            return nil
        }
    }

    /// A time typed in a form (UK local time); an error names the field when it is missing or unreadable.
    static func time(_ form: FormData, _ field: String, label: String, errors: inout [FieldError], optional: Bool = false) -> Date? {
        guard let text = form.text(field) else {
            if !optional { errors.append(FieldError(field, "Enter \(label)")) }
            return nil
        }
        guard let date = UKTime.parse(text) else {
            errors.append(FieldError(field, "Enter \(label) as a date and time, for example 2026-11-26 03:15"))
            return nil
        }
        return date
    }

    static func acknowledged(_ form: FormData) -> Set<String> { PeoplePages.acknowledged(form) }

    static func required(_ form: FormData, _ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    // MARK: The forms

    static let answerFields: @Sendable (EpisodeRecord?, Store, Parameters) -> [FormField] = { record, store, _ in
        store.missing.rules.checklist(for: record?.episode.subject ?? .child).map { q in
            FormField(
                name: "answers.\(q.id)", label: q.text, hint: "A yes points to \(q.ifYes.title.lowercased()) risk.",
                kind: .radios(inline: true), options: RiskAnswerValue.allCases.map { ($0.rawValue, $0.title) })
        }
    }

    /// The answers the form sent; a question left unanswered counts as not known when graded.
    static func answers(_ form: FormData, store: Store) -> [RiskAnswer] {
        (store.missing.rules.questions + store.missing.rules.adultQuestions).compactMap { q in
            form.text("answers.\(q.id)").map { RiskAnswer(questionID: q.id, value: RiskAnswerValue(rawValue: $0) ?? .notKnown) }
        }
    }

    static let specs: [Spec] = [
        Spec(
            path: "tasks/{taskID}", title: "Record the outcome",
            intro: "What the child says joins their record. A return home interview can be recorded as offered while the child decides.",
            submit: "Save outcome",
            fields: { record, _, parameters in
                let task = record?.tasks.first { $0.id == parameters["taskID"] }
                let kind = task?.kind ?? .returnHomeInterview
                let outcomes: [TaskOutcome] = kind == .returnHomeInterview ? [.completed, .offered, .declined, .notDone] : [.completed, .notDone]
                var fields = [
                    FormField(
                        name: "outcome", label: task?.title ?? "Outcome", hint: task.map { "Due \(UKTime.show($0.dueAt))" } ?? "",
                        kind: .radios(), options: outcomes.map { ($0.rawValue, $0.title) }),
                    FormField(name: "result", label: "What was found out, or why it was not done", kind: .textarea(rows: 5, languageCheck: true)),
                ]
                if kind != .enquiry {
                    fields.append(
                        FormField(name: "conductedBy", label: "Who carried it out (name and agency)", kind: .text(width: "input--width-20")))
                    fields.append(FormField(name: "at", label: "When", kind: .dateTime))
                    fields.append(FormField(name: "childSaid", label: "What the child said, in their words", kind: .textarea(rows: 4)))
                }
                return fields
            },
            defaults: { _, store, _ in ["at": UKTime.input(store.clock.now())] },
            save: { id, parameters, form, store, context in
                var errors: [FieldError] = []
                let at = time(form, "at", label: "when it happened", errors: &errors, optional: true)
                guard let outcome = form.text("outcome").flatMap(TaskOutcome.init(rawValue:)) else {
                    throw ValidationFailure([FieldError("outcome", "Choose the outcome")] + errors)
                }
                try required(form, errors)
                let task = try await store.missing.recordTaskResult(
                    id, taskID: parameters["taskID"] ?? "", outcome: outcome, result: form["result"] ?? "", childSaid: form["childSaid"] ?? "",
                    conductedBy: form["conductedBy"] ?? "", at: at, acknowledgedLanguage: acknowledged(form), context: context)
                return "\(task.kind.title) recorded: \(outcome.title.lowercased())."
            }),
        Spec(
            path: "review", title: "Supervisory review",
            intro: "Confirm or change the risk grade, and give direction. The next review is set from the grade you record.",
            submit: "Save review",
            fields: { _, _, _ in
                [
                    FormField(
                        name: "grade", label: "Risk grade after your review", kind: .radios(),
                        options: RiskGrade.allCases.reversed().map { ($0.rawValue, $0.title) }),
                    FormField(name: "rationale", label: "Rationale (needed if the grade changes)", kind: .textarea(rows: 4, languageCheck: true)),
                    FormField(
                        name: "direction", label: "Direction given",
                        hint: "Enquiries to make, resources, multi-agency steps, Child Rescue Alert considered.",
                        kind: .textarea(rows: 6, languageCheck: true)),
                ]
            },
            defaults: { record, _, _ in ["grade": record.episode.grade.rawValue] },
            save: { id, _, form, store, context in
                let grade = try RiskGrade.parse(form.text("grade"))
                let review = try await store.missing.review(
                    id, grade: grade, rationale: form["rationale"] ?? "", direction: form["direction"] ?? "",
                    acknowledgedLanguage: acknowledged(form), context: context)
                return
                    "Review saved. Next review due "
                    + "\(UKTime.show(SupervisionClock.nextReview(grade: review.grade, reviewedAt: review.at, rules: store.missing.rules).dueAt))."
            }),
        Spec(
            path: "assess", title: "Re-assess risk",
            intro: "Answer the checklist again with what is known now. Every assessment is kept in the grade history.",
            submit: "Save assessment",
            fields: { record, store, parameters in
                [
                    FormField(name: "informantName", label: "Who gave this information", kind: .text(width: "input--width-20")),
                    FormField(name: "informantContact", label: "How to contact them", kind: .text(width: "input--width-20")),
                ]
                    + answerFields(record, store, parameters)
                    + [MissingPages.gradeField, MissingPages.rationaleField]
            },
            defaults: { record, _, _ in
                var values = ["grade": "recommended"]
                for answer in record.assessments.last?.answers ?? [] { values["answers.\(answer.questionID)"] = answer.value.rawValue }
                return values
            },
            save: { id, _, form, store, context in
                // "recommended" means take Lantern's grade; anything else must be a grade, or it is refused.
                let chosen = form.text("grade")
                let grade = chosen == nil || chosen == "recommended" ? nil : try RiskGrade.parse(chosen)
                let assessment = try await store.missing.reassess(
                    id, answers: answers(form, store: store), informantName: form["informantName"] ?? "",
                    informantContact: form["informantContact"] ?? "", grade: grade, rationale: form["rationale"] ?? "",
                    acknowledgedLanguage: acknowledged(form), context: context)
                return "Assessment saved: \(assessment.decision.grade.title.lowercased()) risk."
            }),
        Spec(
            path: "enquiries/new", title: "Add an enquiry or action",
            intro: "Give it an owner and a due time; it appears in their task list and turns red when overdue.",
            submit: "Add enquiry",
            fields: { _, _, _ in
                [
                    FormField(name: "title", label: "What needs doing", kind: .textarea(rows: 3)),
                    FormField(name: "owner", label: "Owner (Lantern username)", kind: .text(width: "input--width-20")),
                    FormField(name: "dueAt", label: "Due", kind: .dateTime),
                ]
            },
            defaults: { _, store, _ in ["dueAt": UKTime.input(store.clock.now().addingTimeInterval(3_600))] },
            save: { id, _, form, store, context in
                var errors: [FieldError] = []
                let due = time(form, "dueAt", label: "when it is due", errors: &errors)
                try required(form, errors)
                _ = try await store.missing.addEnquiry(id, title: form["title"] ?? "", owner: form["owner"] ?? "", dueAt: due, context: context)
                return "Enquiry added."
            }),
        Spec(
            path: "sightings/new", title: "Record a sighting", intro: "", submit: "Save sighting",
            fields: { _, _, _ in
                [
                    FormField(name: "at", label: "When", kind: .dateTime),
                    FormField(name: "place", label: "Where", kind: .text()),
                    FormField(name: "postcode", label: "Postcode (optional)", kind: .text(width: "input--width-10")),
                    FormField(name: "reportedBy", label: "Who saw the child", kind: .text(width: "input--width-20")),
                    FormField(name: "detail", label: "Detail (optional)", kind: .textarea(rows: 3, languageCheck: true)),
                    FormField(
                        name: "childSaid", label: "What the child said, in their words (optional)",
                        hint: "If whoever saw the child spoke with them", kind: .textarea(rows: 3)),
                    withPeopleField,
                ] + objectFields
            },
            defaults: { _, store, _ in ["at": UKTime.input(store.clock.now())] },
            save: { id, _, form, store, context in
                var errors: [FieldError] = []
                let at = time(form, "at", label: "when the child was seen", errors: &errors)
                try required(form, errors)
                _ = try await store.missing.addSighting(
                    id,
                    Sighting(
                        at: at!, place: form["place"] ?? "", reportedBy: form["reportedBy"] ?? "",
                        detail: form["detail"] ?? "", postcode: form.text("postcode"),
                        withPersonIDs: lines(form, "withPersonIds"),
                        vehicles: lines(form, "vehicles"), phones: lines(form, "phones"),
                        childSaid: form["childSaid"] ?? ""),
                    acknowledgedLanguage: acknowledged(form), context: context)
                return "Sighting saved."
            }),
        Spec(
            path: "contacts/new", title: "Record a contact with another agency",
            intro:
                "Every communication with children's social care, health, education or another force belongs here, "
                + "including the notification to the local authority.",
            submit: "Save contact",
            fields: { _, _, _ in
                [
                    FormField(name: "agency", label: "Agency", kind: .select, options: Agency.allCases.map { ($0.rawValue, $0.title) }),
                    FormField(name: "organisation", label: "Organisation", hint: "For example, Lambeth Children's Services", kind: .text()),
                    FormField(name: "personName", label: "Who you spoke to", kind: .text(width: "input--width-20")),
                    FormField(name: "at", label: "When", kind: .dateTime),
                    FormField(name: "method", label: "How", kind: .select, options: ContactMethod.allCases.map { ($0.rawValue, $0.title) }),
                    FormField(name: "summary", label: "What was said", kind: .textarea(rows: 5, languageCheck: true)),
                    FormField(name: "reference", label: "Their reference (optional)", kind: .text(width: "input--width-20")),
                    FormField(
                        name: "notifiesLocalAuthority", label: "This contact notified the local authority that the child is missing or found",
                        kind: .checkbox),
                ]
            },
            defaults: { _, store, _ in ["at": UKTime.input(store.clock.now()), "agency": Agency.childrensSocialCare.rawValue] },
            save: { id, _, form, store, context in
                var errors: [FieldError] = []
                let at = time(form, "at", label: "when the contact happened", errors: &errors)
                guard let agency = form.text("agency").flatMap(Agency.init(rawValue:)) else { throw ValidationFailure("agency", "Choose the agency") }
                guard let method = form.text("method").flatMap(ContactMethod.init(rawValue:)) else {
                    throw ValidationFailure("method", "Choose how you made contact")
                }
                try required(form, errors)
                _ = try await store.missing.addContact(
                    id,
                    AgencyContact(
                        id: "", episodeID: id, agency: agency, organisation: form["organisation"] ?? "", personName: form["personName"] ?? "",
                        at: at!, method: method, summary: form["summary"] ?? "", reference: form["reference"] ?? "",
                        notifiesLocalAuthority: form["notifiesLocalAuthority"] == "yes", recordedBy: "", recordedAt: Date()),
                    acknowledgedLanguage: acknowledged(form), context: context)
                return "Contact saved."
            }),
        Spec(
            path: "found", title: "Record the child found",
            intro: "Saving this sets the prevention interview deadline and refers the return home interview to the local authority (72 hours).",
            submit: "Save found record",
            fields: { _, _, _ in
                [
                    FormField(name: "foundAt", label: "When the child was found or returned", kind: .dateTime),
                    FormField(name: "place", label: "Where", kind: .text()),
                    FormField(name: "postcode", label: "Postcode (optional)", kind: .text(width: "input--width-10")),
                    FormField(name: "howFound", label: "How", kind: .radios(), options: HowFound.allCases.map { ($0.rawValue, $0.title) }),
                    FormField(
                        name: "withWhom", label: "Who the child was with (optional)", hint: "One person per line; say if not known",
                        kind: .textarea(rows: 3)),
                    withPeopleField,
                    FormField(name: "condition", label: "The child's condition", kind: .textarea(rows: 4, languageCheck: true)),
                    FormField(name: "childSaid", label: "What the child said, in their words (optional)", kind: .textarea(rows: 4)),
                ]
                    + objectFields
            },
            defaults: { _, store, _ in ["foundAt": UKTime.input(store.clock.now())] },
            save: { id, _, form, store, context in
                var errors: [FieldError] = []
                let at = time(form, "foundAt", label: "when the child was found", errors: &errors)
                let how = form.text("howFound").flatMap(HowFound.init(rawValue:))
                if how == nil { errors.append(FieldError("howFound", "Choose how the child was found")) }
                try required(form, errors)
                let withWhom = (form["withWhom"] ?? "").split(whereSeparator: \.isNewline).map(String.init)
                _ = try await store.missing.recordFound(
                    id,
                    FoundRecord(
                        foundAt: at!, place: form["place"] ?? "", postcode: form.text("postcode"), withWhom: withWhom,
                        withPersonIDs: lines(form, "withPersonIds"),
                        condition: form["condition"] ?? "", howFound: how!, childSaid: form["childSaid"] ?? "",
                        vehicles: lines(form, "vehicles"), phones: lines(form, "phones")),
                    acknowledgedLanguage: acknowledged(form), context: context)
                return "Found record saved. The prevention interview and return home interview are now on the interviews queue."
            }),
    ]

    /// Vehicles and phones seen with the child: checked against the flags register on saving.
    /// Person records of whoever the child was with: checked against the flags register and linked.
    static let withPeopleField = FormField(
        name: "withPersonIds", label: "Person records of who the child was with (optional)",
        hint: "Record ids, one per line (copy the id from the person's page)", kind: .textarea(rows: 2))

    static let objectFields = [
        FormField(name: "vehicles", label: "Vehicles (optional)", hint: "Registration numbers, one per line", kind: .textarea(rows: 2)),
        FormField(name: "phones", label: "Phone numbers (optional)", hint: "One per line", kind: .textarea(rows: 2)),
    ]

    static func lines(_ form: FormData, _ name: String) -> [String] {
        (form[name] ?? "").split(whereSeparator: \.isNewline).map(String.init)
    }
}
