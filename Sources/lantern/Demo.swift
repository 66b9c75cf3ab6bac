import ArgumentParser
import Foundation
import LanternCore
import LanternDemo
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

    @Option(
        help: """
            How much data: small (a handful of hand-written records), london (a year of a large force: 9,000 children, 30,000 missing episodes) \
            or decade (ten times london).
            """
    )
    var scale: String = "small"

    @Option(help: "Seed for the generated data (the same seed, scale and --now give the same data, ids included).")
    var seed: UInt64 = 2026

    @Option(help: "The moment the demo data ends at, ISO 8601 (e.g. 2026-11-20T06:00:00Z); default: now. Fix it to reproduce a run exactly.")
    var now: String?

    /// `--now` parsed, with or without fractional seconds.
    var endsAt: Date? {
        guard let now else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: now) ?? fractional.date(from: now)
    }

    func validate() throws {
        guard DemoScale(rawValue: scale) != nil else {
            throw ValidationError("--scale must be one of: " + DemoScale.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if now != nil, endsAt == nil {
            throw ValidationError("--now must be an ISO 8601 date and time, e.g. 2026-11-20T06:00:00Z")
        }
        // Data ending in the future would hold reports, finds and interviews that have not happened yet.
        if let end = endsAt, end > Date() {
            throw ValidationError("--now cannot be in the future: the demo data ends at that moment")
        }
    }

    func run() async throws {
        let logger = Logs.bootstrap(defaultLevel: .warning)
        let manager = FileManager.default
        for file in [
            "lantern.sqlite", "lantern.sqlite-wal", "lantern.sqlite-shm", "access-log-signing.key",
            "access-log-checkpoints.jsonl",
        ] {
            try? manager.removeItem(atPath: "\(folder)/\(file)")
        }
        let location = DatabaseLocation.sqlite(path: "\(folder)/lantern.sqlite")
        // Seed with a clock that can step back in time for the months of history, then serve on the real one.
        let end = endsAt ?? Date()
        let seedClock = ManualClock(end)
        let seeding = try await Store.open(location: location, clock: seedClock, logger: logger)
        let summary: DemoData.Summary
        let people: Int
        var generated: ScaleDemo.Summary?
        let groundTruth = "\(folder)/ground-truth.json"
        do {
            try await seeding.migrate()
            summary = try await DemoData.seed(seeding, history: seedClock)
            if let scale = DemoScale(rawValue: scale), scale != .small {
                seedClock.set(end)
                generated = try await ScaleDemo(store: seeding, scale: scale, seed: seed).generate(
                    now: end,
                    groundTruthPath: groundTruth)
            }
            people = try await seeding.people.count()
        } catch {
            await seeding.close()
            throw error
        }
        await seeding.close()
        let store = try await Store.open(location: location, clock: SystemClock(), logger: logger)

        say(
            """
            Lantern demo
              database:    \(location)  (\(people) people, \(summary.accessLogEntries) access-log entries from the hand-written records)
              check it:    swift run lantern audit verify --database \(location)
            """)
        if let generated { report(generated, end: end, location: location, groundTruth: groundTruth) }
        say("\nDemo accounts (password for all: \(DemoData.password))")
        for account in DemoData.accounts {
            let padded = account.username.padding(toLength: 14, withPad: " ", startingAt: 0)
            say("  \(padded)\(account.role.title), \(account.rank.title), \(account.team)")
        }
        if noServe {
            await store.close()
            return
        }
        say("\nOpen http://127.0.0.1:\(port) in a browser. Stop with Ctrl-C.\n")
        try await LanternServerRunner.run(
            store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: port),
            logger: logger)
        await store.close()
    }

    /// What the scale generator made, and how to measure detection on it.
    func report(_ generated: ScaleDemo.Summary, end: Date, location: DatabaseLocation, groundTruth: String) {
        say(
            """

            Generated at \(scale) scale (seed \(seed), ending \(ISO8601DateFormatter().string(from: end))) \
            in \(String(format: "%.1f", generated.seconds)) s:
              \(generated.children) children, \(generated.episodes) missing episodes (\(generated.openEpisodes) open now),
              \(generated.contacts) agency contacts (\(generated.missingNotifications) episodes with no local-authority notification, on purpose),
              \(generated.blamingNarratives) narratives with victim-blaming wording, \
            \(generated.registeredSexOffenders) registered sex offenders at home addresses,
              \(generated.plantedNetworks) planted exploitation networks and \
            \(generated.offenderHomeFinds) children found at an offender's home (ground truth: \(groundTruth)),
              \(generated.queuedForScreening) children queued for exploitation screening, \
            \(generated.screenings) screened, \(generated.concerns) open concerns
              \(generated.domesticAbuse.incidents) domestic abuse incidents (\(generated.domesticAbuse.repeatIncidents) repeats, \
            \(generated.domesticAbuse.highRisk) high risk, \(generated.domesticAbuse.maracReferrals) MARAC referrals, \
            \(generated.domesticAbuse.notifications) school notifications, \(generated.domesticAbuse.notificationsOpen) still to send; \
            \(String(format: "%.1f", generated.domesticAbuseSeconds)) s of the total)
              \(generated.policePowers.protections) police protections (\(generated.policePowers.inProtectionNow) now), \
            \(generated.policePowers.detentions) children in custody (\(generated.policePowers.bailRefused) refused bail, \
            \(generated.policePowers.certified) certified), \(generated.policePowers.welfareCalls) welfare calls \
            (\(generated.policePowers.welfareToMASH) to the MASH); \(String(format: "%.1f", generated.policePowersSeconds)) s
              measure detection: lantern network detect --database \(location) --ground-truth \(groundTruth)
            """)
    }
}

/// Writes a line straight to standard output. `print` is buffered when output goes to a file, so a demo
/// started with its output sent to a log would show its address and accounts only when it stopped.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
