import ArgumentParser
import Foundation
import LanternCore
import LanternStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Prove the access log intact, or sign a checkpoint of it.",
        subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the access log's hash chain and compare it with the signed checkpoints; name the first bad entry.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            let started = Date()
            let result: AccessLogVerification
            var unknown: StoredValueUnknown?
            do {
                result = try await store.verifyAccessLog()
                // An entry holding a value no Lantern writes is reported as altered; say which value.
                if let problem = result.firstProblem { unknown = try await store.accessLog.unknownValue(at: problem.sequence) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            if let problem = result.firstProblem {
                print("Access log NOT intact. First bad entry: \(problem.sequence)")
                print("  \(problem.message)")
                if let unknown { print("  \(unknown)") }
                print("  (\(result.entriesChecked) entries and \(result.checkpointsChecked) checkpoints checked in \(seconds) s)")
                if let warning = result.unsignedTailWarning { print(warning) }
                throw ExitCode(2)
            }
            print("Access log intact: \(result.entriesChecked) entries, \(result.checkpointsChecked) signed checkpoints, checked in \(seconds) s.")
            print("  head: entry \(result.lastSequence), hash \(result.lastHash)")
            if let warning = result.unsignedTailWarning { print(warning) }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign the access log's current head and export it.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            let checkpoint = try await store.checkpointAccessLog()
            await store.close()
            if let checkpoint {
                print("Checkpoint signed at entry \(checkpoint.sequence) (\(checkpoint.hash)), exported to \(store.signer.exportPath).")
            } else {
                print("Nothing new to checkpoint.")
            }
        }
    }
}
