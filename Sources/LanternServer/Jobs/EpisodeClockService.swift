import LanternStore
import Logging
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
            // Catch up in batches after downtime, without holding the writer for long at a time.
            var total = 0
            while !Task.isShuttingDownGracefully {
                let fired = try await store.runDueClocks(limit: 200)
                total += fired
                if fired < 200 { break }
            }
            if total > 0 { logger.info("episode clocks fired", metadata: ["count": "\(total)"]) }
        } catch {
            logger.error("episode clocks failed", metadata: ["error": "\(error)"])
        }
    }
}

extension EpisodeClockService: CustomStringConvertible {
    var description: String { "EpisodeClockService(every \(interval))" }
}
