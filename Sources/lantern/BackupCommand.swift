import ArgumentParser
import Foundation
import LanternCore
import LanternStore

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take an online backup (SQLite) that restores to a database passing integrity and audit checks.",
        discussion: """
            Copies the access-log checkpoint file first, then takes a consistent snapshot of the database with
            VACUUM INTO while the server keeps writing, then checks the copy: PRAGMA integrity_check and the
            access-log chain against the copied checkpoints. To restore, stop the server and put the .sqlite file
            (and the .checkpoints.jsonl beside it, as --audit-checkpoints) in place. For PostgreSQL use pg_dump.
            """)

    @OptionGroup var storage: StorageOptions
    @Option(help: "Folder for the backup files.") var output: String

    func run() async throws {
        let logger = Logs.bootstrap(defaultLevel: .warning)
        let location = try storage.location
        guard case .sqlite = location else {
            throw fail("lantern backup copies SQLite databases; back up PostgreSQL with pg_dump (and its WAL archive)")
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let target = "\(output)/lantern-\(stamp).sqlite"
        let checkpoints = "\(output)/lantern-\(stamp).checkpoints.jsonl"
        let store = try await storage.openStore(logger: logger)
        let started = Date()
        do {
            // Checkpoints first: every one copied is then older than the snapshot taken next.
            if let data = FileManager.default.contents(atPath: store.signer.exportPath) {
                FileManager.default.createFile(atPath: checkpoints, contents: data, attributes: [.posixPermissions: 0o600])
            } else {
                FileManager.default.createFile(atPath: checkpoints, contents: Data(), attributes: [.posixPermissions: 0o600])
            }
            try await store.database.backupSQLite(to: target)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        // Check the copy as a restore would see it.
        let restored = try await Store.open(
            location: .sqlite(path: target), clock: SystemClock(), logger: logger,
            keyPath: store.signer.keyPath, checkpointPath: checkpoints)
        let integrity = try await restored.database.integrityCheck()
        let audit = try await restored.verifyAccessLog()
        await restored.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        print("Backup written to \(target) (\(size / 1024) kB in \(String(format: "%.2f", seconds)) s)")
        print("  checkpoints: \(checkpoints)")
        print("  integrity_check: \(integrity)")
        if let problem = audit.firstProblem {
            print("  access log NOT intact: first bad entry \(problem.sequence): \(problem.message)")
            throw ExitCode(2)
        }
        print("  access log intact: \(audit.entriesChecked) entries, \(audit.checkpointsChecked) checkpoints")
        guard integrity == "ok" else { throw ExitCode(2) }
    }
}
