import Foundation

/// When repeated failed sign-ins lock an account or an address out.
///
/// Defaults follow CJIS 5.5.3 and ASVS 6.3.1: five failures for one account
/// within 15 minutes lock it for 10 minutes; a per-address limit stops one
/// machine trying many accounts. The lock is temporary so an attacker cannot
/// lock an officer out for good. Unknown usernames are throttled exactly like
/// real ones, so the response never tells whether an account exists.
public struct LoginThrottle: Sendable, Equatable {
    public var accountFailureLimit: Int = 5
    public var addressFailureLimit: Int = 20
    public var window: TimeInterval = 15 * 60
    public var lockout: TimeInterval = 10 * 60

    public init() {}

    public init(accountFailureLimit: Int, addressFailureLimit: Int, window: TimeInterval, lockout: TimeInterval) {
        self.accountFailureLimit = accountFailureLimit
        self.addressFailureLimit = addressFailureLimit
        self.window = window
        self.lockout = lockout
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case locked(until: Date)
    }

    /// Decides whether another attempt may be checked.
    ///
    /// - Parameters:
    ///   - accountFailures: times of failed attempts for this username since its last success.
    ///   - addressFailures: times of failed attempts from this client address.
    ///   - now: the current instant.
    public func decide(accountFailures: [Date], addressFailures: [Date], now: Date) -> Decision {
        let accountLock = lockEnd(failures: accountFailures, limit: accountFailureLimit, now: now)
        let addressLock = lockEnd(failures: addressFailures, limit: addressFailureLimit, now: now)
        switch (accountLock, addressLock) {
        case (nil, nil): return .allowed
        case (let a?, nil): return .locked(until: a)
        case (nil, let b?): return .locked(until: b)
        case (let a?, let b?): return .locked(until: max(a, b))
        }
    }

    /// The furthest instant back that still matters for a decision made at `now`.
    public func horizon(now: Date) -> Date { now.addingTimeInterval(-(window + lockout)) }

    /// A lock starts at the failure that reaches the limit within the window, and lasts `lockout`.
    private func lockEnd(failures: [Date], limit: Int, now: Date) -> Date? {
        guard limit > 0, failures.count >= limit else { return nil }
        let sorted = failures.sorted()
        var latestLockEnd: Date?
        for end in (limit - 1)..<sorted.count {
            let start = sorted[end - (limit - 1)]
            if sorted[end].timeIntervalSince(start) <= window {
                latestLockEnd = sorted[end].addingTimeInterval(lockout)
            }
        }
        guard let lockEnd = latestLockEnd, lockEnd > now else { return nil }
        return lockEnd
    }
}
