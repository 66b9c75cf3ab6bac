import Foundation
import Prometheus

/// Request counts and latencies, exposed at `/metrics` in Prometheus text format.
/// Metrics live in the server's own registry (not a process-wide bootstrap), so tests
/// can build many servers in one process.
public final class HTTPMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let duration: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.duration = registry.makeDurationHistogram(
            name: "lantern_http_request_duration_seconds",
            buckets: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            ],
            help: "Time to answer HTTP requests")
    }

    func record(method: String, status: Int, duration elapsed: Duration) {
        let statusClass = "\(status / 100)xx"
        registry.makeCounter(
            name: "lantern_http_requests_total", labels: [("method", method), ("status", statusClass)],
            help: "HTTP requests answered"
        ).increment()
        duration.recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
