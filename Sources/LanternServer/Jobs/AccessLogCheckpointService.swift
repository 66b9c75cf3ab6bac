import LanternStore
import Logging
import ServiceLifecycle

/// Signs and exports the access log's head at a fixed interval (and once more at
/// shutdown), so a truncated tail can always be proved against a recent checkpoint.
struct AccessLogCheckpointService: Service {
    let store: Store
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                // The wait ends at once on shutdown, so stopping the server is never held up.
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await checkpoint()
        }
        await checkpoint()
    }

    private func checkpoint() async {
        do {
            if let checkpoint = try await store.checkpointAccessLog() {
                logger.info("access log checkpoint", metadata: ["seq": "\(checkpoint.sequence)"])
            }
        } catch {
            logger.error("access log checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}

extension AccessLogCheckpointService: CustomStringConvertible {
    /// Service logs name the service; they must never dump the store (and its signing key) into a log line.
    var description: String { "AccessLogCheckpointService(every \(interval))" }
}
