import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// Signing in and out: `POST /api/v1/session` for scripts and integrations, the sign-in
/// page for people, and the home page that follows.
struct SessionRoutes {
    let store: Store
    let pages: PageRenderer
    let configuration: ServerConfiguration

    struct SignInRequest: Decodable {
        var username: String
        var password: String
        /// "cookie" (default: a browser session) or "token" (a bearer token for an API client).
        var mode: String?
    }

    struct SessionResponse: Encodable {
        var user: Actor
        var csrfToken: String?
        var token: String?
        var tokenType: String?
        var expiresAt: Date
    }

    func add(to router: Router<LanternRequestContext>) {
        router.post("/api/v1/session", use: signIn)
        router.get("/api/v1/session", use: currentSession)
        router.delete("/api/v1/session", use: signOut)
        router.get("/login", use: loginPage)
        router.post("/login", use: logIn)
        router.post("/logout", use: logOut)
        router.get("/", use: home)
    }

    /// `POST /api/v1/session`: a bearer token for the API, or a session cookie for pages.
    @Sendable func signIn(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let body = try await context.decode(SignInRequest.self, from: request)
        let kind: SessionKind
        switch body.mode ?? "cookie" {
        case "cookie": kind = .cookie
        case "token": kind = .bearer
        default: throw BadRequest("mode must be 'cookie' (browser session) or 'token' (bearer token)", field: "mode")
        }
        guard !body.username.isEmpty, !body.password.isEmpty, body.username.count <= 200, body.password.count <= 1000 else {
            throw ValidationFailure([FieldError("username", "Enter a username and password")])
        }
        let signIn = try await store.accounts.signIn(
            username: body.username, password: body.password, kind: kind,
            clientAddress: context.clientAddress, requestID: context.requestID)
        var response = try JSONBody.response(
            SessionResponse(
                user: signIn.session.actor,
                csrfToken: kind == .cookie ? signIn.session.csrfToken : nil,
                token: kind == .bearer ? signIn.token : nil,
                tokenType: kind == .bearer ? "Bearer" : nil,
                expiresAt: signIn.expiresAt), status: .created)
        if kind == .cookie { response.setCookie(sessionCookie(signIn.token)) }
        return response
    }

    /// `GET /api/v1/session`: who is signed in.
    @Sendable func currentSession(_ request: Request, context: LanternRequestContext) async throws -> Response {
        guard let session = context.session else { throw NotSignedIn() }
        return try JSONBody.response(
            SessionResponse(
                user: session.actor, csrfToken: session.kind == .cookie ? session.csrfToken : nil,
                token: nil, tokenType: nil,
                expiresAt: session.createdAt.addingTimeInterval(store.accounts.sessionPolicy.absoluteTimeout)))
    }

    /// `DELETE /api/v1/session`: the session ended.
    @Sendable func signOut(_ request: Request, context: LanternRequestContext) async throws -> Response {
        guard let session = context.session else { throw NotSignedIn() }
        try await store.accounts.signOut(session, requestID: context.requestID, clientAddress: context.clientAddress)
        var response = Response(status: .noContent)
        response.setCookie(expiredCookie())
        return response
    }

    /// The sign-in page.
    @Sendable func loginPage(_ request: Request, context: LanternRequestContext) async throws -> Response {
        if context.session != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
        let notice = request.uri.queryParameters["signed-out"] != nil ? "You have signed out." : nil
        var data = FormState().templateData
        data["next"] = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        data["notice"] = notice
        return pages.render("login", title: "Sign in", data: data, context: context)
    }

    /// Signed in from the sign-in page, or the page again saying why not.
    @Sendable func logIn(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let form = try await FormBody.decode(from: request)
        var state = FormState(values: ["username": form["username"] ?? ""])
        let next = Self.safeNext(form["next"])
        if (form["username"] ?? "").isEmpty { state.errors.append(FieldError("username", "Enter your username")) }
        if (form["password"] ?? "").isEmpty { state.errors.append(FieldError("password", "Enter your password")) }
        if state.errors.isEmpty {
            do {
                let signIn = try await store.accounts.signIn(
                    username: form["username"] ?? "", password: form["password"] ?? "", kind: .cookie,
                    clientAddress: context.clientAddress, requestID: context.requestID)
                var response = Response(status: .seeOther, headers: [.location: next])
                response.setCookie(sessionCookie(signIn.token))
                return response
            } catch is SignInRefused {
                state.errors.append(
                    FieldError(
                        "username",
                        "The username or password is not right, or sign-in is paused after several failed attempts. "
                            + "Check them and try again in a few minutes."
                    ))
            }
        }
        var data = state.templateData
        data["next"] = next
        return pages.render("login", title: "Sign in", data: data, context: context, status: .unauthorized)
    }

    /// Signed out from a page.
    @Sendable func logOut(_ request: Request, context: LanternRequestContext) async throws -> Response {
        if let session = context.session {
            try await store.accounts.signOut(session, requestID: context.requestID, clientAddress: context.clientAddress)
        }
        var response = Response(status: .seeOther, headers: [.location: "/login?signed-out=1"])
        response.setCookie(expiredCookie())
        return response
    }

    /// The home page: how many records wait in each queue the user works.
    @Sendable func home(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        var queues: [[String: Any]] = []
        // Counts only: no child's details, so nothing here is a consultation.
        if store.policy.roleMay(actor.role, .consultPersonRecord) {
            let counts = try await store.missing.counts(context: try context.accessContext())
            queues.append(["href": "/missing", "label": "Children missing now", "count": counts["open"] ?? 0])
            if store.policy.roleMay(actor.role, .reviewMissingEpisode) {
                queues.append(["href": "/missing/reviews", "label": "Supervisory reviews overdue", "count": counts["reviewsOverdue"] ?? 0])
                if let escalated = counts["reviewsEscalatedToYou"], escalated > 0 {
                    queues.append(["href": "/missing/reviews", "label": "Overdue reviews escalated to your rank", "count": escalated])
                }
            }
            queues.append(["href": "/missing/interviews", "label": "Interviews after return overdue", "count": counts["interviewsOverdue"] ?? 0])
            queues.append([
                "href": "/missing/data-quality", "label": "Local authority not yet told", "count": counts["localAuthorityNotNotified"] ?? 0,
            ])
            queues.append(["href": "/tasks", "label": "My open tasks", "count": counts["myTasks"] ?? 0])
        }
        return pages.render("home", title: "Your work", data: ["queues": queues, "hasQueues": !queues.isEmpty], context: context)
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: configuration.sessionCookieName, value: token, path: "/", secure: configuration.servedOverTLS,
            httpOnly: true, sameSite: .strict)
    }

    func expiredCookie() -> Cookie {
        Cookie(
            name: configuration.sessionCookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
            secure: configuration.servedOverTLS, httpOnly: true, sameSite: .strict)
    }

    /// Only local paths may be redirect targets after sign-in (no open redirects).
    static func safeNext(_ next: String?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.?=&%")
        guard let next, next.count < 500, next.hasPrefix("/"), !next.hasPrefix("//"), next.allSatisfy(allowed.contains),
            let components = URLComponents(string: next), components.scheme == nil, components.host == nil,
            !components.path.hasPrefix("//")
        else { return "/" }
        return next
    }
}
