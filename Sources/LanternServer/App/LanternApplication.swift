import Foundation
import Hummingbird
import HummingbirdCore
import LanternCore
import LanternStore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the Lantern web application around an open ``Store``.
///
/// ```swift
/// let app = try await LanternApplication.build(store: store, configuration: .init(port: 8080), logger: logger)
/// try await app.runService()
/// ```
public enum LanternApplication {
    public static func build(
        store: Store, configuration: ServerConfiguration, logger: Logger,
        metrics: HTTPMetrics = HTTPMetrics(),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        async throws -> some ApplicationProtocol
    {
        let router = try await buildRouter(store: store, configuration: configuration, metrics: metrics)
        return Application(
            router: router,
            server: http1(configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [
                AccessLogCheckpointService(store: store, interval: configuration.checkpointInterval, logger: logger),
                EpisodeClockService(store: store, interval: configuration.clockInterval, logger: logger),
            ],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// HTTP/1.1 with both read limits: the idle timeout for silent connections, the request deadline
    /// for ones that trickle.
    static func http1(_ configuration: ServerConfiguration) -> HTTPServerBuilder {
        let readLimit = TimeAmount.nanoseconds(configuration.requestReadTimeout.wholeNanoseconds)
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestReadDeadline(limit: readLimit)],
                idleTimeout: .nanoseconds(configuration.idleTimeout.wholeNanoseconds)))
    }

    /// The router with every middleware and route; tests drive it without a socket.
    public static func buildRouter(
        store: Store, configuration: ServerConfiguration,
        metrics: HTTPMetrics = HTTPMetrics()
    ) async throws -> Router<LanternRequestContext> {
        let pages = try await PageRenderer.load()
        let router = Router(context: LanternRequestContext.self)
        let routeTable = RouteTable()
        // Order matters: the guard wraps everything (so errors get headers), then who is asking,
        // then the cross-site check that needs to know it.
        router.addMiddleware {
            ResponseGuardMiddleware(configuration: configuration, pages: pages, metrics: metrics, routes: routeTable)
            SessionMiddleware(accounts: store.accounts, configuration: configuration)
            CSRFMiddleware(configuration: configuration)
        }
        HealthRoutes(
            store: store, metrics: metrics,
            accessLog: AccessLogReadiness(store: store, interval: configuration.checkpointInterval)
        ).add(to: router)
        SessionRoutes(store: store, pages: pages, configuration: configuration).add(to: router)

        let signedIn = router.group().add(middleware: RequireSignedIn())
        PeopleAPI(store: store).add(to: signedIn.group("/api/v1"))
        MissingAPI(store: store).add(to: signedIn.group("/api/v1"))
        LinksAPI(store: store).add(to: signedIn.group("/api/v1"))
        ExploitationAPI(store: store).add(to: signedIn.group("/api/v1"))
        DomesticAbuseAPI(store: store).add(to: signedIn.group("/api/v1"))
        PolicePowersAPI(store: store).add(to: signedIn.group("/api/v1"))
        CustodyAPI(store: store).add(to: signedIn.group("/api/v1"))
        WelfareCallAPI(store: store).add(to: signedIn.group("/api/v1"))
        PeoplePages(store: store, pages: pages).add(to: signedIn)
        MissingPages(store: store, pages: pages).add(to: signedIn)
        EpisodeForms(store: store, pages: pages).add(to: signedIn)
        ChildPages(store: store, pages: pages).add(to: signedIn)
        LinkPages(store: store, pages: pages).add(to: signedIn)
        ExploitationPages(store: store, pages: pages).add(to: signedIn)
        ConcernForms(store: store, pages: pages).add(to: signedIn)
        DomesticAbuseQueues(store: store, pages: pages).add(to: signedIn)
        IncidentForms(store: store, pages: pages).add(to: signedIn)
        IncidentPages(store: store, pages: pages).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: IncidentWorkForms.area, specs: IncidentWorkForms.specs).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: ProtectionForms.childArea, specs: [ProtectionForms.take]).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: ProtectionForms.area, specs: ProtectionForms.specs).add(to: signedIn)
        ProtectionPages(store: store, pages: pages).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: CustodyForms.childArea, specs: [CustodyForms.detain]).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: CustodyForms.area, specs: CustodyForms.specs).add(to: signedIn)
        CustodyPages(store: store, pages: pages).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: WelfareCallPages.childArea, specs: [WelfareCallPages.triage]).add(to: signedIn)
        RecordWorkForms(store: store, pages: pages, area: WelfareCallPages.mashArea, specs: [WelfareCallPages.takeUp]).add(to: signedIn)
        WelfareCallPages(store: store, pages: pages).add(to: signedIn)
        LanguageRoutes(store: store, pages: pages).add(to: signedIn)
        AccessLogRoutes(store: store, pages: pages)
            .add(to: signedIn.group().add(middleware: RequirePermission(permission: .readAccessLog, store: store)))
        UserRoutes(store: store, pages: pages)
            .add(to: signedIn.group().add(middleware: RequirePermission(permission: .manageAccounts, store: store)))
        routeTable.fill(from: router.routes)
        addHead(to: router)
        return router
    }

    /// The router picks a route by method before any middleware runs, so each GET path gets a HEAD route
    /// that answers through the GET route (permission, purpose and log included); the response guard
    /// then drops the body (RFC 9110 §9.3.2).
    static func addHead(to router: Router<LanternRequestContext>) {
        let box = ResponderBox()
        for route in router.routes where route.method == .get {
            router.on(route.path, method: .head) { request, context -> Response in
                guard let responder = box.responder else { throw HTTPError(.serviceUnavailable) }
                return try await responder.respond(to: ResponseGuardMiddleware.headAsGet(request), context: context)
            }
        }
        box.responder = router.buildResponder()
    }

    /// Set once, before the server starts, and only read afterwards.
    final class ResponderBox: @unchecked Sendable {
        var responder: RouterResponder<LanternRequestContext>?
    }
}
