import Foundation
import Hummingbird
import LanternStore
import NIOCore

/// Finds who is making the request: a bearer token (API clients) or the session cookie
/// (browsers). Never rejects; routes that need a user say so with ``RequireSignedIn``.
///
/// A bearer token is only ever read from the Authorization header, never from a cookie,
/// so API tokens cannot be ridden by a cross-site request.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = LanternRequestContext

    let accounts: AccountStore
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = clientAddress(request, context: context)
        if request.uri.path.hasPrefix("/static/") || request.uri.path == "/health" {
            return try await next(request, context)
        }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            // Lantern takes only bearer tokens; any other credentials are "not signed in" (RFC 6750 §3).
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw NotSignedIn() }
            if let session = try await accounts.session(
                forToken: String(parts[1]), requestID: context.requestID,
                clientAddress: context.clientAddress), session.kind == .bearer
            {
                context.session = session
            } else {
                throw NotSignedIn()
            }
        } else if let token = request.cookies[configuration.sessionCookieName]?.value {
            if let session = try await accounts.session(
                forToken: token, requestID: context.requestID,
                clientAddress: context.clientAddress), session.kind == .cookie
            {
                context.session = session
            }
        }
        context.logger[metadataKey: "user"] = context.session.map { .string($0.actor.username) }
        return try await next(request, context)
    }

    /// The client's address: the socket peer, or the first X-Forwarded-For hop when the
    /// peer is a configured proxy (never believed from anyone else).
    func clientAddress(_ request: Request, context: Context) -> String {
        if configuration.trustedProxies.contains(context.channelAddress),
            let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return String(forwarded.prefix(64))
        }
        return context.channelAddress
    }
}

/// Refuses requests from people who are not signed in (401, or the sign-in page).
struct RequireSignedIn: RouterMiddleware {
    typealias Context = LanternRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        _ = try context.requireActor()
        return try await next(request, context)
    }
}
