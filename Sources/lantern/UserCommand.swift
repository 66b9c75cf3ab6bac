import ArgumentParser
import Foundation
import LanternCore
import LanternStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.",
        subcommands: [Add.self, Disable.self, ResetPassword.self, List.self])

    /// Reads a password from standard input, or makes a strong one and prints it once.
    static func password(fromStdin: Bool) -> (String, generated: Bool) {
        if fromStdin {
            let line = readLine(strippingNewline: true) ?? ""
            return (line, false)
        }
        let words = [
            "amber", "harbour", "lantern", "meadow", "copper", "willow", "signal", "granite", "thistle", "orbit",
            "quarry", "falcon", "saffron", "beacon", "tundra", "violet", "cobalt", "juniper", "pebble", "rafter",
        ]
        var generator = SystemRandomNumberGenerator()
        let phrase =
            (0..<4).map { _ in words.randomElement(using: &generator)! }.joined(separator: "-")
            + "-" + String(Int.random(in: 10...99, using: &generator))
        return (phrase, true)
    }

    static func report(_ error: any Error) -> any Error {
        switch error {
        case let failure as ValidationFailure: return fail(failure.summary)
        case let unknown as UnknownUser: return fail(unknown.description)
        default: return error
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "Username (lower-case letters, digits, . - _).") var username: String
        @Option(help: "Name shown on pages.") var name: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Rank: \(Rank.allCases.map(\.rawValue).joined(separator: ", ")).") var rank: String = "constable"
        @Option(help: "Team.") var team: String
        @Option(help: "Borough.") var borough: String
        @Flag(help: "Read the password from standard input instead of generating one.") var passwordStdin = false

        func run() async throws {
            guard let parsedRole = Role(lenient: role) else {
                throw ValidationError("Unknown role '\(role)'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let parsedRank = Rank(rawValue: rank.lowercased()) else {
                throw ValidationError("Unknown rank '\(rank)'; use one of \(Rank.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (password, generated) = UserCommand.password(fromStdin: passwordStdin)
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            do {
                try await store.migrate()
                let user = try await store.accounts.addUser(
                    NewUser(
                        username: username, displayName: name, role: parsedRole, rank: parsedRank, team: team, borough: borough,
                        password: password), by: .system("cli"))
                print("Added \(user.username) (\(user.role.title), \(user.rank.title), \(user.team), \(user.borough)).")
                if generated { print("Password (shown once): \(password)") }
            } catch {
                await store.close()
                throw UserCommand.report(error)
            }
            await store.close()
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user and end their sessions at once.")
        @OptionGroup var storage: StorageOptions
        @Argument var username: String

        func run() async throws {
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            do {
                try await store.accounts.disableUser(username, by: .system("cli"))
                print("Disabled \(username); their sessions have ended.")
            } catch {
                await store.close()
                throw UserCommand.report(error)
            }
            await store.close()
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password and end the user's sessions.")
        @OptionGroup var storage: StorageOptions
        @Argument var username: String
        @Flag(help: "Read the password from standard input instead of generating one.") var passwordStdin = false

        func run() async throws {
            let (password, generated) = UserCommand.password(fromStdin: passwordStdin)
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            do {
                try await store.accounts.resetPassword(username, to: password, by: .system("cli"))
                print("Password reset for \(username); their sessions have ended.")
                if generated { print("New password (shown once): \(password)") }
            } catch {
                await store.close()
                throw UserCommand.report(error)
            }
            await store.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let store = try await storage.openStore(logger: Logs.bootstrap(defaultLevel: .warning))
            let users = try await store.accounts.users()
            // Officers' account details are personal data: listing them is a logged consultation.
            try await store.accessLog.append(
                AccessContext(actor: .system("cli")).entry(
                    at: store.clock.now(), .consult, recordType: "user", recordIDs: users.map(\.id), detail: "user list"))
            for user in users {
                let status = user.isDisabled ? "disabled" : "active"
                print("\(user.username)\t\(user.role.rawValue)\t\(user.rank.rawValue)\t\(user.team)\t\(user.borough)\t\(status)")
            }
            await store.close()
        }
    }
}
