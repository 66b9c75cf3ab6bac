import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Accounts, sign-in and sessions")
struct AccountTests {
    @Test(arguments: TestBackend.available)
    func signInOpensASessionAndLogsIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let signIn = try await test.store.accounts.signIn(
                username: "Officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "10.0.0.1", requestID: "r1")
            #expect(signIn.token.count >= 43, "256-bit token")
            let session = try await test.store.accounts.session(forToken: signIn.token)
            #expect(session?.actor.username == "officer1")
            #expect(session?.csrfToken == signIn.session.csrfToken)
            let entries = try await test.store.accessLog.entries(requestID: "r1")
            #expect(entries.map(\.entry.action) == [.loginSucceeded])
        }
    }

    @Test(arguments: TestBackend.available)
    func eachSignInGetsANewSession(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let a = try await test.store.accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "x", requestID: "a")
            let b = try await test.store.accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "x", requestID: "b")
            #expect(a.token != b.token)
            #expect(a.session.csrfToken != b.session.csrfToken)
        }
    }

    @Test(arguments: TestBackend.available)
    func wrongPasswordAndUnknownUserLookTheSame(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            await #expect(throws: SignInRefused(reason: .badCredentials)) {
                try await test.store.accounts.signIn(
                    username: "officer1", password: "wrong-password-here", kind: .cookie,
                    clientAddress: "x", requestID: "r1")
            }
            await #expect(throws: SignInRefused(reason: .badCredentials)) {
                try await test.store.accounts.signIn(
                    username: "nobody", password: "wrong-password-here", kind: .cookie,
                    clientAddress: "x", requestID: "r2")
            }
            #expect(try await test.store.accessLog.entries(requestID: "r2").map(\.entry.action) == [.loginFailed])
        }
    }

    @Test(arguments: TestBackend.available)
    func fiveFailuresLockTheAccountForTenMinutes(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let accounts = test.store.accounts
            for i in 0..<5 {
                test.clock.advance(by: 60)
                await #expect(throws: SignInRefused(reason: .badCredentials)) {
                    try await accounts.signIn(
                        username: "officer1", password: "wrong-password-\(i)", kind: .cookie,
                        clientAddress: "10.0.0.\(i)", requestID: "f\(i)")
                }
            }
            // Even the right password is refused while locked, with the same answer to the client.
            test.clock.advance(by: 9 * 60)
            await #expect(throws: SignInRefused(reason: .locked)) {
                try await accounts.signIn(
                    username: "officer1", password: TestStore.password, kind: .cookie,
                    clientAddress: "10.0.0.9", requestID: "locked")
            }
            test.clock.advance(by: 61)
            let signIn = try await accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "10.0.0.9", requestID: "ok")
            #expect(signIn.session.actor.username == "officer1")
        }
    }

    @Test(arguments: TestBackend.available)
    func unknownAccountsAreLockedToo(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            for i in 0..<5 {
                _ = try? await test.store.accounts.signIn(
                    username: "ghost", password: "whatever-\(i)", kind: .cookie,
                    clientAddress: "1.1.1.\(i)", requestID: "g\(i)")
            }
            await #expect(throws: SignInRefused(reason: .locked)) {
                try await test.store.accounts.signIn(
                    username: "ghost", password: "whatever", kind: .cookie,
                    clientAddress: "1.1.1.9", requestID: "g9")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func oneAddressIsLimitedAcrossAccounts(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            for i in 0..<20 {
                _ = try? await test.store.accounts.signIn(
                    username: "user\(i)", password: "guess-guess-\(i)", kind: .cookie,
                    clientAddress: "6.6.6.6", requestID: "s\(i)")
            }
            await #expect(throws: SignInRefused(reason: .locked)) {
                try await test.store.accounts.signIn(
                    username: "officer1", password: TestStore.password, kind: .cookie,
                    clientAddress: "6.6.6.6", requestID: "blocked")
            }
            // Another address is unaffected.
            _ = try await test.store.accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "10.1.1.1", requestID: "fine")
        }
    }

    @Test(arguments: TestBackend.available)
    func idleSessionsEndAfterFifteenMinutes(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let signIn = try await test.store.accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie,
                clientAddress: "x", requestID: "r")
            test.clock.advance(by: 14 * 60)
            #expect(try await test.store.accounts.session(forToken: signIn.token) != nil, "activity at 14 minutes")
            test.clock.advance(by: 14 * 60)
            #expect(try await test.store.accounts.session(forToken: signIn.token) != nil, "14 minutes after the last activity")
            test.clock.advance(by: 15 * 60)
            #expect(try await test.store.accounts.session(forToken: signIn.token) == nil, "15 idle minutes end it")
            test.clock.advance(by: -30 * 60)
            #expect(try await test.store.accounts.session(forToken: signIn.token) == nil, "an ended session never returns")
            let last = try await test.store.accessLog.latest(1)
            #expect(last.first?.entry.action == .sessionExpired)
        }
    }

    @Test(arguments: TestBackend.available)
    func sessionsEndTenHoursAfterSignIn(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let signIn = try await test.store.accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .bearer,
                clientAddress: "x", requestID: "r")
            for _ in 0..<(10 * 60 / 10 - 1) {
                test.clock.advance(by: 10 * 60)
                #expect(try await test.store.accounts.session(forToken: signIn.token) != nil)
            }
            test.clock.advance(by: 10 * 60)
            #expect(try await test.store.accounts.session(forToken: signIn.token) == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func signOutAndDisableEndSessionsAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let accounts = test.store.accounts
            let first = try await accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .cookie, clientAddress: "x", requestID: "a")
            let second = try await accounts.signIn(
                username: "officer1", password: TestStore.password, kind: .bearer, clientAddress: "x", requestID: "b")
            try await accounts.signOut(first.session, requestID: "c", clientAddress: "x")
            #expect(try await accounts.session(forToken: first.token) == nil)
            #expect(try await accounts.session(forToken: second.token) != nil)
            try await accounts.disableUser("officer1", by: .system("test"))
            #expect(try await accounts.session(forToken: second.token) == nil)
            await #expect(throws: SignInRefused(reason: .disabled)) {
                try await accounts.signIn(username: "officer1", password: TestStore.password, kind: .cookie, clientAddress: "x", requestID: "d")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func passwordResetEndsSessionsAndReplacesThePassword(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let accounts = test.store.accounts
            let old = try await accounts.signIn(username: "officer1", password: TestStore.password, kind: .cookie, clientAddress: "x", requestID: "a")
            try await accounts.resetPassword("officer1", to: "new-lantern-phrase-42", by: .system("test"))
            #expect(try await accounts.session(forToken: old.token) == nil)
            await #expect(throws: SignInRefused.self) {
                try await accounts.signIn(username: "officer1", password: TestStore.password, kind: .cookie, clientAddress: "x", requestID: "b")
            }
            _ = try await accounts.signIn(username: "officer1", password: "new-lantern-phrase-42", kind: .cookie, clientAddress: "x", requestID: "c")
        }
    }

    @Test("Bad account details are refused with a message saying what is wrong, and add no one", arguments: TestBackend.available)
    func badAccountDetailsAreRefusedAndChangeNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            let cases: [(NewUser, String)] = [
                (
                    NewUser(
                        username: "officer1", displayName: "Dup", role: .analyst, rank: .staff,
                        team: "T", borough: "B", password: TestStore.password),
                    "already exists"
                ),
                (
                    NewUser(username: "x", displayName: "Short", role: .analyst, rank: .staff, team: "T", borough: "B", password: TestStore.password),
                    "3 to 64 characters"
                ),
                (
                    NewUser(
                        username: "has space", displayName: "S", role: .analyst, rank: .staff, team: "T", borough: "B", password: TestStore.password),
                    "lower-case letters"
                ),
                (
                    NewUser(
                        username: "newuser", displayName: "", role: .analyst, rank: .staff, team: "T", borough: "B", password: TestStore.password),
                    "Enter a display name"
                ),
                (
                    NewUser(
                        username: "newuser", displayName: "N", role: .analyst, rank: .staff, team: "", borough: "B", password: TestStore.password),
                    "Enter a team"
                ),
                (
                    NewUser(username: "newuser", displayName: "N", role: .analyst, rank: .staff, team: "T", borough: "B", password: "short"),
                    "at least 12"
                ),
                (
                    NewUser(username: "newuser", displayName: "N", role: .analyst, rank: .staff, team: "T", borough: "B", password: "password1234"),
                    "too common"
                ),
            ]
            for (draft, message) in cases {
                await #expect {
                    try await test.store.accounts.addUser(draft, by: .system("test"))
                } throws: { error in
                    (error as? ValidationFailure)?.summary.contains(message) == true
                }
            }
            #expect(try await test.store.accounts.users().count == 1)
        }
    }

    @Test("Disabling a user who does not exist is refused", arguments: TestBackend.available)
    func disablingAnUnknownUserIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            await #expect(throws: UnknownUser.self) { try await test.store.accounts.disableUser("ghost", by: .system("test")) }
        }
    }

    @Test func onlyAdministratorsManageAccounts() async throws {
        try await TestStore.with(.sqlite) { test in
            let supervisor = try await test.addUser("sup1", role: .supervisor, rank: .inspector)
            await #expect(throws: AccessDenied.self) {
                try await test.store.accounts.addUser(
                    NewUser(
                        username: "newuser", displayName: "N", role: .analyst, rank: .staff,
                        team: "T", borough: "B", password: TestStore.password), by: supervisor.actor)
            }
        }
    }

    @Test func productionHashCostIsTwelve() async throws {
        let hash = try await PasswordHasher().hash("correct-horse-battery")
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(try await PasswordHasher().verify("correct-horse-battery", hash: hash))
        #expect(try await !PasswordHasher().verify("correct-horse-batterx", hash: hash))
    }
}
