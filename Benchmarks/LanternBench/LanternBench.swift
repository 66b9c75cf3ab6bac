import ArgumentParser
import Foundation
import LanternCore
import LanternStore
import Logging

/// `lantern-bench`: the generators and timers that Benchmarks/run measures beside their anchors. Kept out of
/// the shipped `lantern` command: they write generated rows straight to the tables, which nothing in
/// production may do.
@main
struct LanternBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lantern-bench",
        abstract: "Lantern's benchmark generators and timers (see Benchmarks/README.md).",
        subcommands: [NetworkBench.self, FlagCheckBench.self, DomesticAbuseBench.self])
}

/// The database a benchmark fills: its own file, never a live one.
struct BenchDatabase: ParsableArguments {
    @Option(name: .long, help: "Database URL: sqlite:PATH or postgres://user:password@host:port/db.")
    var database: String

    func openStore() async throws -> Store {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.parse(database)
        } catch {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "lantern-bench")
        logger.logLevel = .warning
        return try await Store.open(location: location, clock: SystemClock(), logger: logger)
    }
}

/// JSON on one line, keys sorted: what Benchmarks/run reads.
func printJSON(_ result: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// The value at percentile `p` (0...1) of sorted `durations`, rounded to microseconds.
func percentile(_ durations: [Double], _ p: Double) -> Double {
    (durations[min(durations.count - 1, Int(Double(durations.count) * p))] * 1000).rounded() / 1000
}
