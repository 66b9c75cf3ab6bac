import ArgumentParser
import Foundation
import LanternCore
import LanternStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to this Lantern's version.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let logger = Logs.bootstrap(defaultLevel: .warning)
        let store = try await storage.openStore(logger: logger)
        do {
            let applied = try await store.migrate()
            let migrator = Migrator()
            if applied.isEmpty {
                print("Database \(try storage.location) is up to date (schema version \(migrator.latestVersion)).")
            } else {
                print("Applied schema versions \(applied.map(String.init).joined(separator: ", ")); now at \(migrator.latestVersion).")
            }
        } catch let error as Migrator.SchemaTooNew {
            await store.close()
            throw fail(error.description)
        }
        await store.close()
    }
}
