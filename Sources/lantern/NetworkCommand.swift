import ArgumentParser

/// `lantern network`: link-network analysis over the records. (The benchmark generators are `lantern-bench`,
/// beside Benchmarks/.)
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Link-network analysis tools.", subcommands: [NetworkDetect.self])
}
