import Logging
import LanternStore
import ServiceLifecycle

/// Runs the episode clocks: every tick it fires the clock jobs that are due (reviews escalating,
/// missing local-authority notifications, interview deadlines). Jobs live in the database, so
/// they survive restarts; each fires in the transaction that marks it fired, so never twice.
struct EpisodeClockService: Service {
    let store: Store
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await tick()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await tick()
        }
    }

    private func tick() async {
        do {
            let fired = try await store.runDueClocks()
            if fired > 0 { logger.info("episode clocks fired", metadata: ["count": "\(fired)"]) }
        } catch {
            logger.error("episode clocks failed", metadata: ["error": "\(error)"])
        }
    }
}

extension EpisodeClockService: CustomStringConvertible {
    var description: String { "EpisodeClockService(every \(interval))" }
}
