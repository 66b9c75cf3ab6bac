import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Stops other sites from making a signed-in browser change anything (ASVS 3.5).
///
/// Every state-changing request must come from Lantern's own origin (Origin and
/// Sec-Fetch-Site, when the browser sends them), and a browser session must also
/// present its per-session token, in the `X-CSRF-Token` header (scripts) or the
/// `_csrf` form field (forms). Bearer-token clients are exempt from the token: a
/// browser never attaches their credentials on its own.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = LanternRequestContext

    let configuration: ServerConfiguration

    static let safeMethods: Set<HTTPRequest.Method> = [.get, .head, .options]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.safeMethods.contains(request.method) else {
            return try await next(request, context)
        }
        let site = request.headers[.secFetchSite]?.lowercased()
        if let site, site != "same-origin", site != "none" {
            throw CSRFRejected(reason: "Requests that change records must come from Lantern's own pages (Sec-Fetch-Site: \(site.prefix(20))).")
        }
        if let origin = request.headers[.origin]?.lowercased() {
            // With Referrer-Policy: no-referrer, browsers send "Origin: null" on Lantern's own form posts;
            // the browser-set Sec-Fetch-Site (which no page can forge) must then say same-origin.
            if origin == "null" {
                guard site == "same-origin" else {
                    throw CSRFRejected(reason: "Requests that change records must come from Lantern's own pages (the origin is hidden).")
                }
            } else if origin != expectedOrigin(request) {
                throw CSRFRejected(reason: "Requests that change records must come from Lantern's own pages (the Origin does not match).")
            }
        }
        guard let session = context.session, session.kind == .cookie else {
            return try await next(request, context)
        }
        var request = request
        var presented = request.headers[.csrfToken]
        if presented == nil, request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: configuration.maxBodySize)
            presented = FormData(body: String(buffer: body))["_csrf"]
        }
        guard let presented, Self.constantTimeEqual(presented, session.csrfToken) else {
            throw CSRFRejected(reason: "The form has expired or did not come from Lantern. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }

    /// Lantern's own origin: the configured public URL, or else the Host the browser used.
    func expectedOrigin(_ request: Request) -> String {
        if let origin = configuration.publicOrigin { return origin }
        let host = (request.head.authority ?? "").lowercased()
        return (configuration.servedOverTLS ? "https://" : "http://") + host
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// A state-changing request failed the cross-site checks. Nothing was changed.
struct CSRFRejected: Error, Sendable {
    var reason: String
}
