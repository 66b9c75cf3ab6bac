import ArgumentParser
import Foundation
import LanternCore
import LanternStore

/// `lantern flags import FILE --source NAME`: load the flags register (registered sex offenders,
/// known exploitation locations, people served a Child Abduction Warning Notice) from CSV.
struct FlagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags", abstract: "The flags register of people and places.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import a flags-register CSV (see docs/links.md). All or nothing; re-importing is idempotent and reports adds, changes and removals.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Which register the file is (a reference missing from a later file of the same source is removed).")
        var source: String = "register"

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read \(file)")
            }
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            do {
                try await store.migrate()
                let report = try await store.links.importFlags(
                    csv: String(decoding: data, as: UTF8.self), source: source,
                    context: AccessContext(actor: .system("flags-import"), requestID: "cli"))
                await store.close()
                if !report.rejected.isEmpty {
                    print("Nothing imported: \(report.rejected.count) row(s) refused")
                    for line in report.rejected.prefix(50) { print("  \(line)") }
                    throw ExitCode(2)
                }
                print(
                    "Flags register '\(source)': \(report.added) added, \(report.changed) changed, "
                        + "\(report.removed) removed, \(report.unchanged) unchanged."
                )
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
