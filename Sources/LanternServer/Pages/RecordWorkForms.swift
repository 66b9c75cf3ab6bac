import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The forms linked from a record's page (an incident, a police protection): each GET shows a form; each POST saves and
/// returns to the record, or shows the form again with every problem named and nothing saved. An area says where its
/// records live and who may work them; each form is a ``Spec``.
struct RecordWorkForms {
    let store: Store
    let pages: PageRenderer
    let area: Area
    let specs: [Spec]

    /// Where an area's records live and what working them needs.
    struct Area: Sendable {
        /// The records' page path, before the id ("/domestic-abuse/incidents").
        var base: String
        var permission: Permission
        var recordType: String
        var purpose: AccessPurpose
        /// The caption above each form's heading.
        var caption: String
        /// Path parameters a form's path may name (a notification, a referral).
        var pathIDs: [String]
        /// Query or form values carried from the record's page to the save (the version seen, a victim, a child).
        var carried: [String]
        /// Where a form returns to when that is a list rather than the record's own page (a queue).
        var returnPath: String? = nil

        /// The page a form returns to and cancels to.
        func back(_ id: String, purpose: String) -> String { returnPath.map { "\($0)?" } ?? "\(base)/\(id)?purpose=\(purpose)&" }
    }

    struct Spec: Sendable {
        var path: String
        var title: String
        var intro: String
        var submit: String
        /// The fields, given the choices `choices` loaded (a list the record holds, such as the schools).
        var fields: @Sendable (Store, [(String, String)]) -> [FormField]
        var defaults: @Sendable (Store, Parameters) -> [String: String]
        /// Saves, given the record's id, the path and query parameters and the form; returns the notice shown after.
        var save: @Sendable (String, Parameters, FormData, Store, AccessContext) async throws -> String
        var choices: @Sendable (Store) async throws -> [(String, String)] = { _ in [] }
    }

    typealias Parameters = [String: String]

    func add(to router: RouterGroup<LanternRequestContext>) {
        for spec in specs { register(spec, on: router) }
    }

    /// A spec's two routes; one pair of handlers serves every form.
    func register(_ spec: Spec, on router: RouterGroup<LanternRequestContext>) {
        router.get("\(area.base)/{id}/\(spec.path)") { request, context in try await showForm(spec, request, context: context) }
        router.post("\(area.base)/{id}/\(spec.path)") { request, context in try await submitForm(spec, request, context: context) }
    }

    /// What the path and query (or the form) carry.
    func parameters(_ request: Request, _ context: LanternRequestContext, form: FormData? = nil) -> Parameters {
        var out: Parameters = [:]
        for name in area.pathIDs {
            if let id = context.parameters.get(name) { out[name] = String(id) }
        }
        for name in area.carried {
            if let value = form?.text(name) ?? request.uri.queryParameters[Substring(name)].map(String.init) { out[name] = value }
        }
        return out
    }

    /// The form, for those who may work the area's records.
    func showForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await store.authoriser.require(area.permission, try context.accessContext(), recordType: area.recordType)
        let parameters = parameters(request, context)
        let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? area.purpose.rawValue
        return render(
            spec, state: FormState(values: spec.defaults(store, parameters)), id: id, parameters: parameters, action: request.uri.path,
            purpose: purpose, choices: try await spec.choices(store), context: context)
    }

    /// The form saved and back to the record, or the form again with every problem named.
    func submitForm(_ spec: Spec, _ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.decode(from: request)
        let parameters = parameters(request, context, form: form)
        let purpose = form.text("purpose").flatMap(AccessPurpose.init(rawValue:)) ?? area.purpose
        let choices = try await spec.choices(store)
        return try await FormSubmission.handle(
            form,
            save: { try await spec.save(id, parameters, form, store, try context.accessContext()) },
            redirect: { area.back(id, purpose: purpose.rawValue) + "saved=" + $0 },
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
        let hidden = area.carried.compactMap { name in parameters[name].map { ["name": name, "value": $0] } }
        let page = FormPage(
            heading: spec.title, intro: spec.intro, submit: spec.submit, action: action, cancel: String(area.back(id, purpose: purpose).dropLast()),
            purpose: purpose, hidden: hidden)
        return pages.form(
            page, fields: spec.fields(store, choices).map { $0.data(state) }, state: state, review: review, extra: ["caption": area.caption],
            context: context, status: status)
    }

    /// The version the reader saw, carried from the record's page.
    static func version(_ parameters: Parameters, record: String) throws -> Int {
        guard let version = parameters["version"].flatMap(Int.init) else {
            throw ValidationFailure("version", "Open this form from the \(record)'s page, so Lantern knows which version you saw")
        }
        return version
    }
}
