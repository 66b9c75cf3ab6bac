import Foundation
import LanternCore
import Testing

@Suite("Login throttle")
struct LoginThrottleTests {
    let now = Date(timeIntervalSince1970: 1_000_000)
    let throttle = LoginThrottle()

    func minutesAgo(_ minutes: [Double]) -> [Date] { minutes.map { now.addingTimeInterval(-$0 * 60) } }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var accountFailuresMinutesAgo: [Double]
        var addressFailuresMinutesAgo: [Double]
        var locked: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no failures", accountFailuresMinutesAgo: [], addressFailuresMinutesAgo: [], locked: false),
        Case(name: "four failures", accountFailuresMinutesAgo: [1, 2, 3, 4], addressFailuresMinutesAgo: [], locked: false),
        Case(name: "five failures within 15 minutes", accountFailuresMinutesAgo: [1, 2, 3, 4, 5], addressFailuresMinutesAgo: [], locked: true),
        Case(
            name: "five failures spread over 20 minutes", accountFailuresMinutesAgo: [1, 5, 10, 15, 20.5], addressFailuresMinutesAgo: [],
            locked: false),
        Case(name: "lock over after 10 minutes", accountFailuresMinutesAgo: [11, 12, 13, 14, 15], addressFailuresMinutesAgo: [], locked: false),
        Case(name: "lock still on at 9 minutes", accountFailuresMinutesAgo: [9, 10, 11, 12, 13], addressFailuresMinutesAgo: [], locked: true),
        Case(
            name: "address over its limit", accountFailuresMinutesAgo: [], addressFailuresMinutesAgo: Array(stride(from: 0.5, through: 10, by: 0.5)),
            locked: true),
        Case(
            name: "address under its limit", accountFailuresMinutesAgo: [],
            addressFailuresMinutesAgo: Array(stride(from: 0.5, through: 9.5, by: 0.5)), locked: false),
    ]

    @Test(arguments: cases)
    func decides(_ c: Case) {
        let decision = throttle.decide(
            accountFailures: minutesAgo(c.accountFailuresMinutesAgo),
            addressFailures: minutesAgo(c.addressFailuresMinutesAgo), now: now)
        if c.locked {
            guard case .locked(let until) = decision else {
                Issue.record("expected a lock for \(c.name)")
                return
            }
            #expect(until > now)
        } else {
            #expect(decision == .allowed)
        }
    }

    @Test func lockLastsTenMinutesFromTheFifthFailure() {
        let failures = minutesAgo([4, 3, 2, 1, 0])
        #expect(throttle.decide(accountFailures: failures, addressFailures: [], now: now) == .locked(until: now.addingTimeInterval(600)))
    }
}

@Suite("Session policy")
struct SessionPolicyTests {
    let start = Date(timeIntervalSince1970: 2_000_000)
    let policy = SessionPolicy()

    struct Case: Sendable, CustomStringConvertible {
        var secondsSinceStart: Double
        var lastSeenSecondsSinceStart: Double
        var expected: SessionPolicy.State
        var description: String { "\(secondsSinceStart)s after start, seen at \(lastSeenSecondsSinceStart)s" }
    }

    static let cases: [Case] = [
        Case(secondsSinceStart: 0, lastSeenSecondsSinceStart: 0, expected: .active),
        Case(secondsSinceStart: 14 * 60, lastSeenSecondsSinceStart: 14 * 60, expected: .active),
        Case(secondsSinceStart: 15 * 60, lastSeenSecondsSinceStart: 0, expected: .idleExpired),
        Case(secondsSinceStart: 15 * 60 + 1, lastSeenSecondsSinceStart: 1, expected: .idleExpired),
        Case(secondsSinceStart: 10 * 3600 - 1, lastSeenSecondsSinceStart: 10 * 3600 - 60, expected: .active),
        Case(secondsSinceStart: 10 * 3600, lastSeenSecondsSinceStart: 10 * 3600 - 60, expected: .absoluteExpired),
    ]

    @Test(arguments: cases)
    func state(_ c: Case) {
        let state = policy.state(
            createdAt: start, lastSeenAt: start.addingTimeInterval(c.lastSeenSecondsSinceStart), endedAt: nil,
            now: start.addingTimeInterval(c.secondsSinceStart))
        #expect(state == c.expected)
    }

    @Test func endedSessionStaysEnded() {
        #expect(policy.state(createdAt: start, lastSeenAt: start, endedAt: start, now: start) == .ended)
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test(arguments: [
        ("short-pass1", "must be at least 12"),
        ("password1234", "too common"),
        ("Password1234", "too common"),
        ("jsmith-is-the-best", "must not contain the username"),
        ("aaaaaaaaaaaaaaaa", "must not repeat"),
        ("aaaaaaaaaaaa", "too common"),
        ("abababababababab", "must not repeat"),
        (String(repeating: "é", count: 40), "72 bytes or fewer"),
    ])
    func refuses(password: String, reason: String) {
        #expect {
            try PasswordPolicy.standard.check(password, username: "jsmith")
        } throws: { error in
            (error as? ValidationFailure)?.errors.first?.message.contains(reason) == true
        }
    }

    @Test(arguments: ["correct horse battery", "glow-worm-harbour-7", "Tr0ub4dor&3-extended"])
    func accepts(password: String) throws {
        try PasswordPolicy.standard.check(password, username: "jsmith")
    }
}
