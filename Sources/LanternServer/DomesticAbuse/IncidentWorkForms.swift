import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The forms linked from an incident's page: the DASH checklist for an adult victim, and each child's Operation
/// Encompass notification settled (the school told, or why not). Each GET shows the form; each POST saves and
/// returns to the incident, or shows the form again with every problem named and nothing saved.
struct IncidentWorkForms {
    let store: Store
    let pages: PageRenderer

    struct Spec: Sendable {
        var path: String
        var title: String
        var intro: String
        var submit: String
        /// The fields, given the choices `choices` loaded (a list the record holds, such as the schools).
        var fields: @Sendable (Store, [(String, String)]) -> [FormField]
        var defaults: @Sendable (Store, Parameters) -> [String: String]
        /// Saves, given the incident id, the path and query parameters and the form; returns the notice shown after.
        var save: @Sendable (String, Parameters, FormData, Store, AccessContext) async throws -> String
        var choices: @Sendable (Store) async throws -> [(String, String)] = { _ in [] }
    }

    typealias Parameters = [String: String]

    func add(to router: RouterGroup<LanternRequestContext>) {
        for spec in Self.specs { register(spec, on: router) }
    }

    /// A spec's two routes; one pair of handlers serves every form.
    func register(_ spec: Spec, on router: RouterGroup<LanternRequestContext>) {
        router.get("/domestic-abuse/incidents/{id}/\(spec.path)") { request, context in try await showForm(spec, request, context: context) }
        router.post("/domestic-abuse/incidents/{id}/\(spec.path)") { request, context in try await submitForm(spec, request, context: context) }
    }

    /// What the path and query carry: the notification, its version, the victim.
    static func parameters(_ request: Request, _ context: LanternRequestContext, form: FormData? = nil) -> Parameters {
        var out: Parameters = [:]
        if let id = context.parameters.get("notificationID") { out["notificationID"] = String(id) }
        for name in ["referralID", "actionID"] {
            if let id = context.parameters.get(name) { out[name] = String(id) }
        }
        for name in ["version", "victim", "child"] {
            if let value = form?.text(name) ?? request.uri.queryParameters[Substring(name)].map(String.init) { out[name] = value }
        }
        return out
    }

    /// The form, for those who may work domestic abuse incidents.
    func showForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await store.authoriser.require(.workDomesticAbuse, try context.accessContext(), recordType: DomesticAbuseStore.recordType)
        let parameters = Self.parameters(request, context)
        let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? AccessPurpose.domesticAbuse.rawValue
        return render(
            spec, state: FormState(values: spec.defaults(store, parameters)), id: id, parameters: parameters, action: request.uri.path,
            purpose: purpose, choices: try await spec.choices(store), context: context)
    }

    /// The form saved and back to the incident, or the form again with every problem named.
    func submitForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let parameters = Self.parameters(request, context, form: form)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? .domesticAbuse
        let choices = try await spec.choices(store)
        return try await FormSubmission.handle(
            form,
            save: { try await spec.save(id, parameters, form, store, try context.accessContext()) },
            redirect: { "/domestic-abuse/incidents/\(id)?purpose=\(purpose.rawValue)&saved=" + $0 },
            reshow: { state, review in
                render(
                    spec, state: state, id: id, parameters: parameters, action: request.uri.path, purpose: purpose.rawValue, choices: choices,
                    context: context, review: review, status: .unprocessableContent)
            })
    }

    func render(
        _ spec: Spec, state: FormState, id: String, parameters: Parameters, action: String, purpose: String, choices: [(String, String)],
        context: LanternRequestContext, review: (LanguageReviewNeeded, String)? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let hidden = ["version", "victim", "child"].compactMap { name in parameters[name].map { ["name": name, "value": $0] } }
        let page = FormPage(
            heading: spec.title, intro: spec.intro, submit: spec.submit, action: action,
            cancel: "/domestic-abuse/incidents/\(id)?purpose=\(purpose)", purpose: purpose, hidden: hidden)
        return pages.form(
            page, fields: spec.fields(store, choices).map { $0.data(state) }, state: state, review: review,
            extra: ["caption": "Domestic abuse incident"], context: context, status: status)
    }

    static func version(_ parameters: Parameters) throws -> Int {
        guard let version = parameters["version"].flatMap(Int.init) else {
            throw ValidationFailure("version", "Open this form from the incident's page, so Lantern knows which version you saw")
        }
        return version
    }

    static let specs: [Spec] = [
        dash, encompassSent, encompassNotSent, maracReferred, maracMeeting, maracAction, maracActionDone, socialCare, childSchool,
    ]

    static let dash = Spec(
        path: "dash", title: "DASH risk checklist",
        intro: "Ask the adult victim each question. “Not known” is recorded as not known, never as no. "
            + "You may raise the level on professional judgement, never lower it.",
        submit: "Save assessment",
        fields: { store, _ in
            store.domesticAbuse.rules.questions.map { q in
                FormField(
                    name: "answers.\(q.id)", label: q.text, kind: .radios(inline: true),
                    options: DashAnswer.allCases.map { ($0.rawValue, $0 == .notKnown ? "Not known" : $0.rawValue.capitalized) })
            } + [
                FormField(
                    name: "judgement.raisesTo", label: "Professional judgement", hint: "Raise the level above what the answers give, with a reason.",
                    kind: .radios(), options: [("none", "Do not raise the level"), ("medium", "Raise to medium"), ("high", "Raise to high")]),
                FormField(name: "judgement.reason", label: "Why your judgement raises the level", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { _, _ in ["judgement.raisesTo": "none"] },
        save: { id, parameters, form, store, context in
            var errors: [FieldError] = []
            var answers: [String: DashAnswer] = [:]
            for question in store.domesticAbuse.rules.questions {
                guard let text = form.text("answers.\(question.id)") else { continue }
                guard let answer = DashAnswer(rawValue: text) else {
                    errors.append(FieldError("answers.\(question.id)", "Answer yes, no or not known"))
                    continue
                }
                answers[question.id] = answer
            }
            var judgement: ProfessionalJudgement?
            if let raise = form.text("judgement.raisesTo"), raise != "none" {
                judgement = ProfessionalJudgement(
                    raisesTo: try DashGrade.parse(raise, field: "judgement.raisesTo"), reason: form["judgement.reason"] ?? "")
            } else if form.text("judgement.reason") != nil {
                errors.append(FieldError("judgement.raisesTo", "Choose the level your judgement raises it to, or clear the reason"))
            }
            try EpisodeForms.required(form, errors)
            let assessment = try await store.domesticAbuse.assess(
                id, victimID: parameters["victim"] ?? "", submission: DashSubmission(answers: answers, judgement: judgement),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "\(assessment.result.tool.uppercased()) assessment saved: \(assessment.result.grade.title.lowercased()) risk"
                + (assessment.result.referToMARAC ? ". The victim is referred to MARAC." : ".")
        })

    static let encompassSent = Spec(
        path: "encompass/{notificationID}/sent", title: "Record that the school was told",
        intro: "Operation Encompass: the key adult (designated safeguarding lead) is told before the next school day starts.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "keyAdult", label: "The key adult you told", kind: .text(width: "input--width-20")),
                FormField(name: "shared", label: "What you shared", kind: .textarea(rows: 5, languageCheck: true)),
                FormField(name: "sentAt", label: "When", kind: .dateTime),
            ]
        },
        defaults: { store, _ in ["sentAt": UKTime.input(store.clock.now()), "shared": store.domesticAbuse.rules.encompass.shared.value] },
        save: { _, parameters, form, store, context in
            var errors: [FieldError] = []
            let at = EpisodeForms.time(form, "sentAt", label: "when the school was told", errors: &errors)
            try EpisodeForms.required(form, errors)
            _ = try await store.domesticAbuse.encompassSent(
                parameters["notificationID"] ?? "", keyAdult: form["keyAdult"] ?? "", shared: form["shared"] ?? "", sentAt: at!,
                version: try version(parameters), acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "The school was told: recorded."
        })

    static let encompassNotSent = Spec(
        path: "encompass/{notificationID}/not-sent", title: "Record why the school was not told",
        intro: "Only one of these exceptions stops a school being told. Not knowing the school is not one: find out and tell them.",
        submit: "Save",
        fields: { store, _ in
            [
                FormField(
                    name: "reason", label: "Why the school was not told", kind: .radios(),
                    options: store.domesticAbuse.rules.encompass.notSentReasons.map { ($0.code, $0.title) }),
                FormField(name: "note", label: "The circumstances", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { _, _ in [:] },
        save: { _, parameters, form, store, context in
            guard let reason = form.text("reason") else { throw ValidationFailure("reason", "Choose why the school was not told") }
            _ = try await store.domesticAbuse.encompassNotSent(
                parameters["notificationID"] ?? "", reason: reason, note: form["note"] ?? "", version: try version(parameters),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Recorded why the school was not told."
        })
}
