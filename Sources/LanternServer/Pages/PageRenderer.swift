import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternResources
import LanternStore
import Mustache
import NIOCore

/// Server-rendered pages: Mustache templates from Resources/templates inside one base
/// layout (GOV.UK Design System patterns: header with the user and sign-out, navigation,
/// error summary). Pages work without JavaScript.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    public static func load() async throws -> PageRenderer {
        guard let folder = LanternResources.url(for: "templates") else {
            throw BundledRules.Missing(description: "templates/ is missing from the Lantern bundle")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    /// Renders `template` inside the layout.
    func render(
        _ template: String, title: String, data: [String: Any] = [:], context: LanternRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = Self.pruned(data)
        // GOV.UK pattern: a page showing errors says so first in its title, which screen readers announce.
        values["pageTitle"] = HTMLText.isolatingSpecials((data["hasErrors"] as? Bool == true ? "Error: " : "") + title)
        values["nonce"] = context.cspNonce
        values["requestId"] = context.requestID
        if let session = context.session {
            let actor = session.actor
            values["user"] = [
                "displayName": HTMLText.isolatingSpecials(actor.displayName),
                "username": actor.username,
                "roleTitle": actor.role.title,
                "rankTitle": actor.rank.title,
                "team": actor.team,
            ]
            values["csrf"] = session.csrfToken
            values["nav"] = Self.navigation(for: actor)
        }
        let html =
            library.render(values, withTemplate: template)
            ?? "<!doctype html><title>Lantern</title><p>This page could not be shown (request \(context.requestID)).</p>"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The error page for an action that was refused (422), headed with what did not happen ("Link not ended")
    /// and listing why; for actions taken from a button on another page, which has no form of its own to redraw.
    func refused(_ heading: String, _ failure: ValidationFailure, context: LanternRequestContext) -> Response {
        render(
            "error", title: heading,
            data: [
                "heading": heading, "message": failure.errors.map(\.message).joined(separator: ". "),
            ], context: context, status: .unprocessableContent)
    }

    /// Drops empty strings (recursively): Mustache treats "" as true, so `{{#hint}}` would draw an
    /// empty hint and `{{^notes}}None{{/notes}}` would never say "None". Every string is made safe for
    /// the template engine's per-Character escaping (`HTMLText.isolatingSpecials`).
    static func pruned(_ data: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in data {
            switch value {
            case let text as String where text.isEmpty: continue
            case let text as String: out[key] = HTMLText.isolatingSpecials(text)
            case let nested as [String: Any]: out[key] = pruned(nested)
            case let list as [[String: Any]]: out[key] = list.map(pruned)
            case let list as [String]: out[key] = list.map(HTMLText.isolatingSpecials)
            default: out[key] = value
            }
        }
        return out
    }

    func errorPage(_ problem: ProblemDetails, context: LanternRequestContext) -> Response {
        render(
            "error", title: problem.title,
            data: [
                "status": problem.status, "title": problem.title, "detail": problem.detail,
                "errors": (problem.errors ?? []).map { ["field": $0.field, "message": $0.message] },
                "hasFieldErrors": !(problem.errors ?? []).isEmpty,
            ], context: context, status: problem.httpStatus)
    }

    /// The links a role sees across the top of every page.
    static func navigation(for actor: Actor) -> [[String: String]] {
        var items = [["href": "/", "label": "Home"]]
        let policy = AccessPolicy.standard
        if policy.roleMay(actor.role, .consultPersonRecord) { items.append(["href": "/missing", "label": "Missing children"]) }
        if policy.roleMay(actor.role, .reportMissing) { items.append(["href": "/missing/new", "label": "Report missing"]) }
        if policy.roleMay(actor.role, .consultPersonRecord) { items.append(["href": "/people", "label": "People"]) }
        if policy.roleMay(actor.role, .createPersonRecord) { items.append(["href": "/people/new", "label": "Record a person"]) }
        if policy.roleMay(actor.role, .linkRecords) { items.append(["href": "/hotspots", "label": "Hotspots"]) }
        if policy.roleMay(actor.role, .screenExploitation) {
            items.append(["href": "/exploitation", "label": "Exploitation"])
        } else if policy.roleMay(actor.role, .viewExploitationOversight) {
            items.append(["href": "/exploitation/oversight", "label": "Exploitation"])
        }
        if policy.roleMay(actor.role, .workDomesticAbuse) { items.append(["href": "/domestic-abuse", "label": "Domestic abuse"]) }
        if policy.roleMay(actor.role, .usePolicePowers) { items.append(["href": "/police-protection", "label": "Police protection"]) }
        if policy.roleMay(actor.role, .takeUpWelfareReferral) { items.append(["href": "/welfare-calls", "label": "Welfare calls"]) }
        if policy.roleMay(actor.role, .viewLanguageTrend) { items.append(["href": "/language", "label": "Language"]) }
        if policy.roleMay(actor.role, .readAccessLog) { items.append(["href": "/access-log", "label": "Access log"]) }
        if policy.roleMay(actor.role, .manageAccounts) { items.append(["href": "/admin/users", "label": "Users"]) }
        return items
    }
}

/// Form fields and their errors, ready for a template: `fields.givenName.value`,
/// `fields.givenName.error`, plus an `errorSummary` list linking to each field.
struct FormState {
    var values: [String: String] = [:]
    var errors: [FieldError] = []

    var templateData: [String: Any] {
        var fields: [String: Any] = [:]
        for (key, value) in values { fields[key] = ["value": value] }
        for error in errors {
            var field = (fields[error.field] as? [String: Any]) ?? [:]
            field["error"] = error.message
            fields[error.field] = field
        }
        return [
            "fields": fields,
            "errorSummary": errors.map { ["field": $0.field, "message": $0.message] },
            "hasErrors": !errors.isEmpty,
        ]
    }
}
