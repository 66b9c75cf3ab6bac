import ArgumentParser
import Foundation
import LanternCore
import LanternServer
import LanternStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start Lantern on a fresh demo database with an account for each role.")

    @Option(help: "Folder for the demo database (wiped at start).")
    var folder: String = "./lantern-data/demo"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Flag(help: "Create the demo database and exit without serving.")
    var noServe = false

    func run() async throws {
        let logger = Logs.bootstrap(defaultLevel: .warning)
        let manager = FileManager.default
        for file in ["lantern.sqlite", "lantern.sqlite-wal", "lantern.sqlite-shm", "access-log-signing.key",
                     "access-log-checkpoints.jsonl"] {
            try? manager.removeItem(atPath: "\(folder)/\(file)")
        }
        let location = DatabaseLocation.sqlite(path: "\(folder)/lantern.sqlite")
        // Seed with a clock that can step back in time for the months of history, then serve on the real one.
        let seedClock = ManualClock(Date())
        let seeding = try await Store.open(location: location, clock: seedClock, logger: logger)
        let summary: DemoData.Summary
        do {
            try await seeding.migrate()
            summary = try await DemoData.seed(seeding, history: seedClock)
        } catch {
            await seeding.close()
            throw error
        }
        await seeding.close()
        let store = try await Store.open(location: location, clock: SystemClock(), logger: logger)

        print("""
        Lantern demo
          database:    \(location)  (\(summary.people) people, \(summary.accessLogEntries) access-log entries)
          check it:    swift run lantern audit verify --database \(location)

        Demo accounts (password for all: \(DemoData.password))
        """)
        for account in DemoData.accounts {
            let padded = account.username.padding(toLength: 14, withPad: " ", startingAt: 0)
            print("  \(padded)\(account.role.title), \(account.rank.title), \(account.team)")
        }
        if noServe {
            await store.close()
            return
        }
        print("\nOpen http://127.0.0.1:\(port) in a browser. Stop with Ctrl-C.\n")
        try await LanternServerRunner.run(store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: port),
                                          logger: logger)
        await store.close()
    }
}
