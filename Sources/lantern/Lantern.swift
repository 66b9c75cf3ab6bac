import ArgumentParser
import Foundation
import LanternCore
import LanternServer
import LanternStore
import Logging

/// `lantern`: the one executable. Each subcommand parses its options, then calls into
/// LanternStore or LanternServer; no rules live here.
@main
struct Lantern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lantern",
        abstract: "Lantern: a safeguarding hub for police child-protection work.",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, UserCommand.self, AuditCommand.self, LanguageCommand.self,
            BackupCommand.self, NetworkCommand.self, FlagsCommand.self, ImportCommand.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Where the data lives; shared by every subcommand that opens the database.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "Database URL: sqlite:PATH or postgres://user:password@host:port/db (env LANTERN_DATABASE_URL).")
    var database: String?

    @Option(name: .long, help: "Access-log signing key file (env LANTERN_AUDIT_KEY; default beside the SQLite file).")
    var auditKey: String?

    @Option(name: .long, help: "Access-log checkpoint export file (env LANTERN_AUDIT_CHECKPOINTS).")
    var auditCheckpoints: String?

    var location: DatabaseLocation {
        get throws {
            let text = database ?? ProcessInfo.processInfo.environment["LANTERN_DATABASE_URL"] ?? DatabaseLocation.defaultURL
            do {
                return try DatabaseLocation.parse(text)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func openStore(logger: Logger, clock: any WallClock = SystemClock()) async throws -> Store {
        let env = ProcessInfo.processInfo.environment
        return try await Store.open(
            location: try location, clock: clock, logger: logger,
            keyPath: auditKey ?? env["LANTERN_AUDIT_KEY"],
            checkpointPath: auditCheckpoints ?? env["LANTERN_AUDIT_CHECKPOINTS"])
    }
}

enum Logs {
    /// JSON lines on standard error, at LANTERN_LOG_LEVEL (default info).
    static func bootstrap(defaultLevel: Logger.Level = .info) -> Logger {
        let level = ProcessInfo.processInfo.environment["LANTERN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "lantern")
    }
}

/// Prints a failure for people (no stack trace) and exits non-zero.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("lantern: " + message + "\n").utf8))
    return ExitCode(1)
}
