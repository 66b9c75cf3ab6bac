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

    func add(to router: Router<LanternRequestContext>) {
        router.get("/health") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
        router.get("/ready") { _, _ -> Response in
            do {
                let current = try await Migrator().isCurrent(store.database)
                guard current else {
                    return try JSONBody.response(["status": "not-ready", "reason": "database schema is not current"],
                                                 status: .serviceUnavailable)
                }
                return try JSONBody.response(["status": "ready", "database": store.database.engine.rawValue])
            } catch {
                return try JSONBody.response(["status": "not-ready", "reason": "database unreachable"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/api/v1/openapi.yaml") { _, _ -> Response in
            guard let data = LanternResources.data(at: "openapi.yaml") else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/static/{file}") { _, context -> Response in
            let file = try context.parameters.require("file")
            guard let type = Self.staticTypes[(file as NSString).pathExtension],
                  file.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }), !file.hasPrefix("."),
                  let data = LanternResources.data(at: "static/\(file)") else {
                throw HTTPError(.notFound)
            }
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    static let staticTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
}
