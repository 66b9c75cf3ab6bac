import Foundation
import Hummingbird
import LanternResources
import LanternStore
import NIOCore

/// Liveness, readiness, metrics, the OpenAPI document and static assets: the routes that
/// need no sign-in.
struct HealthRoutes {
    let store: Store
    let metrics: HTTPMetrics
    let accessLog: AccessLogReadiness

    func add(to router: Router<LanternRequestContext>) {
        router.get("/health", use: health)
        router.get("/ready", use: ready)
        router.get("/metrics", use: exposition)
        router.get("/api/v1/openapi.yaml", use: openAPIDocument)
        router.get("/static/{file}", use: staticFile)
    }

    /// `GET /health`: the process is up.
    @Sendable func health(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(["status": "ok"])
    }

    /// `GET /ready`: this node may take traffic: the schema is current, the access log verifies and the database answers.
    @Sendable func ready(_ request: Request, context: LanternRequestContext) async throws -> Response {
        do {
            let current = try await Migrator().isCurrent(store.database)
            guard current else {
                return try JSONBody.response(
                    ["status": "not-ready", "reason": "database schema is not current"],
                    status: .serviceUnavailable)
            }
            // A node whose access log `lantern audit verify` would reject must not take traffic.
            guard try await accessLog.intact() else {
                return try JSONBody.response(
                    ["status": "not-ready", "reason": "access log failed verification; run lantern audit verify"],
                    status: .serviceUnavailable)
            }
            return try JSONBody.response(["status": "ready", "database": store.database.engine.rawValue])
        } catch {
            return try JSONBody.response(["status": "not-ready", "reason": "database unreachable"], status: .serviceUnavailable)
        }
    }

    /// `GET /metrics`: the Prometheus exposition.
    @Sendable func exposition(_ request: Request, context: LanternRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }

    /// `GET /api/v1/openapi.yaml`: the API's description.
    @Sendable func openAPIDocument(_ request: Request, context: LanternRequestContext) async throws -> Response {
        guard let data = LanternResources.data(at: "openapi.yaml") else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `GET /static/{file}`: a bundled stylesheet, script or image; only plain names, so no path escapes the bundle.
    @Sendable func staticFile(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard let type = Self.staticTypes[(file as NSString).pathExtension],
            file.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }), !file.hasPrefix("."),
            let data = LanternResources.data(at: "static/\(file)")
        else {
            throw HTTPError(.notFound)
        }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let staticTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
}

/// The last access-log verification, rechecked at most once per `interval`: verifying streams the
/// whole chain, far too much for every readiness probe.
actor AccessLogReadiness {
    let store: Store
    let interval: Duration
    private var checked: (at: ContinuousClock.Instant, intact: Bool)?
    private var running: Task<Bool, any Error>?

    init(store: Store, interval: Duration) {
        self.store = store
        self.interval = interval
    }

    func intact() async throws -> Bool {
        if let checked, ContinuousClock.now - checked.at < interval { return checked.intact }
        // Probes arriving during a check share it rather than starting their own.
        let task = running ?? Task { [store] in try await store.verifyAccessLog().isIntact }
        running = task
        defer { running = nil }
        let intact = try await task.value
        checked = (ContinuousClock.now, intact)
        return intact
    }
}
