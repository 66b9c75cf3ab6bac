import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import Logging
import NIOCore

/// The outermost middleware: gives every request an id, turns every error into a safe
/// response (problem+json or a page), and puts the security headers on every response,
/// error pages and 404s included.
struct ResponseGuardMiddleware: RouterMiddleware {
    typealias Context = LanternRequestContext

    let configuration: ServerConfiguration
    let pages: PageRenderer
    let metrics: HTTPMetrics
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let started = ContinuousClock.now
        var response: Response
        do {
            try Self.refuseNUL(inQueryOf: request)
            response = try await next(Self.headAsGet(request), context)
        } catch {
            response = errorResponse(error, request: request, context: context)
        }
        if request.method == .head { Self.dropBody(of: &response) }
        let elapsed = ContinuousClock.now - started
        applyHeaders(to: &response, request: request, context: context)
        // Time spent in the server, for clients and benchmarks (W3C Server-Timing).
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = "app;dur=" + String(format: "%.3f", milliseconds)
        metrics.record(method: request.method.rawValue, status: response.status.code, duration: elapsed)
        context.logger.log(
            level: response.status.code >= 500 ? .error : .info, "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", milliseconds)),
            ])
        return response
    }

    /// Renders an error for the client. Unexpected errors are logged in full here and
    /// shown to the client only as a generic message with the request id.
    func errorResponse(_ error: any Error, request: Request, context: Context) -> Response {
        // The router says "not found" for a known path with the wrong method: that is a 405.
        if let http = error as? HTTPError, http.status == .notFound, let allowed = routes.allowedMethods(for: request.uri.path),
            !allowed.contains(request.method.rawValue)
        {
            var response = errorResponse(HTTPError(.methodNotAllowed), request: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
        let problem = ProblemDetails.from(error, requestID: context.requestID)
        if problem.status >= 500 {
            context.logger.error("request failed", metadata: ["error": .string(String(reflecting: error))])
        }
        if Self.wantsJSON(request) {
            var headers = HTTPFields()
            headers[.contentType] = "application/problem+json"
            if problem.status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"lantern\"" }
            let body = (try? JSONBody.encoder(.asDeclared).encode(problem)) ?? Data("{}".utf8)
            return Response(status: problem.httpStatus, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        if error is NotSignedIn {
            let next =
                request.uri.path == "/"
                ? ""
                : "?next="
                    + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "")
            return Response(status: .seeOther, headers: [.location: "/login" + next])
        }
        return pages.errorPage(problem, context: context)
    }

    func applyHeaders(to response: inout Response, request: Request, context: Context) {
        let nonce = context.cspNonce
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self' 'nonce-\(nonce)'; style-src 'self' 'nonce-\(nonce)'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), payment=()"
        response.headers[HTTPField.Name("X-Request-Id")!] = context.requestID
        if configuration.servedOverTLS {
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        // Nothing personal may sit in a shared or browser cache: only the static assets are cacheable.
        if request.uri.path.hasPrefix("/static/") && response.status == .ok {
            response.headers[.cacheControl] = "public, max-age=3600"
        } else {
            response.headers[.cacheControl] = "no-store"
            response.headers[HTTPField.Name("Pragma")!] = "no-cache"
        }
    }

    /// A query parameter holding NUL is refused before any route reads it (see ``TextInput/containsNUL(_:)``).
    static func refuseNUL(inQueryOf request: Request) throws {
        guard let query = request.uri.query, query.contains("%00") else { return }
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        // 400 like every other unreadable query parameter; bodies holding NUL are 422 (JSONBody, FormBody).
        if let refusal = TextInput.nulError(in: fields) { throw BadRequest(refusal.message, field: refusal.field) }
    }

    /// HEAD must answer as GET would, without the body (RFC 9110 §9.3.2); the router only knows GET,
    /// so a HEAD request runs the GET route, with everything a GET does (permission, purpose, log).
    static func headAsGet(_ request: Request) -> Request {
        guard request.method == .head else { return request }
        var head = request.head
        head.method = .get
        return Request(head: head, body: request.body)
    }

    /// The GET response's status and headers with no body; the length a GET would send is kept.
    static func dropBody(of response: inout Response) {
        let length = response.body.contentLength
        response.body = ResponseBody()
        response.headers[.contentLength] = length.map { String($0) }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/health" || path == "/ready" || path == "/metrics" { return true }
        return false
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
