import ArgumentParser
import Foundation
import LanternCore
import LanternStore

/// `lantern import FILE --source NAME`: people, locations, objects and links from CSV or JSON
/// (docs/import.md). All or nothing per file; re-importing the same file changes nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import entities and links from a CSV or JSON file (see docs/import.md). All or nothing; idempotent per source.")

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The file: .csv or .json.") var file: String
    @Option(help: "Where the file comes from; refs are kept per source, so a re-import of the same source changes nothing.")
    var source: String
    @Option(help: "csv or json (default: from the file name).") var format: String?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
        let kind = (format ?? (file.lowercased().hasSuffix(".json") ? "json" : "csv")).lowercased()
        guard kind == "csv" || kind == "json" else { throw ValidationError("--format must be csv or json") }
        let started = Date()
        let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
        do {
            try await store.migrate()
            let today = store.clock.now()
            let parsed =
                kind == "json"
                ? ImportFile.parse(json: data, today: today) : ImportFile.parse(csv: String(decoding: data, as: UTF8.self), today: today)
            let report = try await store.links.importRecords(
                parsed, source: source, context: AccessContext(actor: .system("import"), requestID: "cli"))
            await store.close()
            if !report.rejected.isEmpty {
                print("Nothing imported: \(report.rejected.count) row(s) refused")
                for rejection in report.rejected.prefix(200) { print("  \(rejection)") }
                if report.rejected.count > 200 { print("  ... and \(report.rejected.count - 200) more") }
                throw ExitCode(2)
            }
            let rows = parsed.entities.count + parsed.links.count
            let seconds = Date().timeIntervalSince(started)
            print(
                "Import '\(source)': entities \(report.entitiesAdded) added, "
                    + "\(report.entitiesChanged) changed, \(report.entitiesUnchanged) unchanged;"
                    + " links \(report.linksAdded) added, \(report.linksUnchanged) unchanged.")
            print(String(format: "%d rows in %.2f s (%.0f rows/s)", rows, seconds, Double(rows) / max(seconds, 0.001)))
        } catch {
            await store.close()
            throw error
        }
    }
}
