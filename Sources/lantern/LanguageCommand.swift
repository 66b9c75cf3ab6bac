import ArgumentParser
import Foundation
import LanternCore
import LanternStore

struct LanguageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "language", abstract: "The children-first language check.",
        subcommands: [Scan.self, Check.self, Phrases.self])

    struct Phrases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every phrase the rule pack expands to, one per line (normalised: lower case, single spaces).")

        func run() async throws {
            let checker = try BundledRules.languageChecker()
            for phrase in checker.matcher.phrases { print(phrase) }
        }
    }

    /// One finding as the scan report writes it.
    struct Row: Encodable {
        var source: String
        var location: String
        var ruleId: String
        var term: String
        var text: String
        var start: Int
        var end: Int
        var quotation: Bool
        var severity: String
    }

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan the database's narratives, or text and CSV files, and write a CSV or JSON report.",
            discussion: """
                With no files, scans every person's notes in the database (a consultation of each, written to the
                access log with the purpose data-quality). With files, scans each .txt file line by line and each
                .csv file cell by cell. --throughput reads each file as one block and prints MB/s instead.
                """)

        @OptionGroup var storage: StorageOptions
        @Argument(help: "Text (.txt) or CSV (.csv) files to scan instead of the database.") var files: [String] = []
        @Option(help: "Report format: csv or json.") var format: String = "csv"
        @Option(help: "Write the report here instead of standard output.") var output: String?
        @Flag(help: "Include phrases inside attributed quotations (reported with quotation=true).") var includeQuotations = false
        @Flag(help: "Measure scanning speed over the files (one core) instead of reporting findings.") var throughput = false

        func run() async throws {
            guard format == "csv" || format == "json" else { throw ValidationError("--format must be csv or json") }
            let checker = try BundledRules.languageChecker()
            if throughput {
                guard !files.isEmpty else { throw ValidationError("--throughput needs one or more files") }
                try measure(checker)
                return
            }
            var rows: [Row] = []
            if files.isEmpty {
                rows = try await scanDatabase(checker)
            } else {
                for file in files { rows += try scanFile(file, checker) }
            }
            if !includeQuotations { rows.removeAll { $0.quotation } }
            let report = format == "json" ? try json(rows) : csv(rows)
            if let output {
                try report.write(toFile: output, atomically: true, encoding: .utf8)
                FileHandle.standardError.write(Data("\(rows.count) findings written to \(output)\n".utf8))
            } else {
                print(report, terminator: "")
            }
        }

        func scanFile(_ path: String, _ checker: LanguageChecker) throws -> [Row] {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read \(path)") }
            let text = String(decoding: data, as: UTF8.self)
            var rows: [Row] = []
            if path.lowercased().hasSuffix(".csv") {
                for (r, record) in CSV.records(text).enumerated() {
                    for (c, cell) in record.enumerated() {
                        rows += checker.check(cell).map { Row(path, "row \(r + 1) column \(c + 1)", $0) }
                    }
                }
            } else {
                for (l, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    rows += checker.check(String(line)).map { Row(path, "line \(l + 1)", $0) }
                }
            }
            return rows
        }

        func scanDatabase(_ checker: LanguageChecker) async throws -> [Row] {
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            do {
                let rows = try await store.people.scanNotes(context: AccessContext(actor: .system("language-scan")), purpose: .dataQuality) {
                    person in checker.check(person.notes).map { Row("person", "\(person.id) notes", $0) }
                }
                await store.close()
                return rows.flatMap { $0 }
            } catch {
                await store.close()
                throw error
            }
        }

        func measure(_ checker: LanguageChecker) throws {
            var totalBytes = 0
            var totalFindings = 0
            var seconds = 0.0
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
                let started = DispatchTime.now().uptimeNanoseconds
                let found = data.withUnsafeBytes { raw in
                    checker.matcher.count(in: raw.bindMemory(to: UInt8.self))
                }
                seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                totalBytes += data.count
                totalFindings += found
            }
            let mb = Double(totalBytes) / 1e6
            print(
                String(
                    format: "{\"bytes\": %d, \"matches\": %d, \"seconds\": %.3f, \"mb_per_second\": %.1f}",
                    totalBytes, totalFindings, seconds, mb / seconds))
        }

        func csv(_ rows: [Row]) -> String {
            var out = "source,location,rule_id,term,text,start,end,quotation,severity\n"
            for row in rows {
                out +=
                    [
                        row.source, row.location, row.ruleId, row.term, row.text, String(row.start), String(row.end),
                        String(row.quotation), row.severity,
                    ].map(CSV.field).joined(separator: ",") + "\n"
            }
            return out
        }

        func json(_ rows: [Row]) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(["findings": rows]), as: UTF8.self) + "\n"
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check text given as arguments or on standard input.")
        @Argument var text: [String] = []

        func run() async throws {
            let checker = try BundledRules.languageChecker()
            let input =
                text.isEmpty
                ? (readLine(strippingNewline: false).map { first in
                    var all = first
                    while let line = readLine(strippingNewline: false) { all += line }
                    return all
                } ?? "") : text.joined(separator: " ")
            for finding in checker.check(input) {
                let kind = finding.quotation ? " (quotation)" : ""
                print("\(finding.start)-\(finding.end) “\(finding.text)”\(kind): \(finding.reason)")
                print("    instead: " + finding.suggestions.joined(separator: "; "))
            }
        }
    }
}

extension LanguageCommand.Row {
    init(_ source: String, _ location: String, _ finding: LanguageFinding) {
        self.init(
            source: source, location: location, ruleId: finding.ruleID, term: finding.term, text: finding.text,
            start: finding.start, end: finding.end, quotation: finding.quotation, severity: finding.severity.rawValue)
    }
}
