import Foundation

/// The source of "now" for every rule that involves a deadline.
///
/// Core never reads the system clock: callers pass a `WallClock`, so a test can
/// stand at any instant. ``SystemClock`` is the production clock; ``ManualClock``
/// is the one tests move by hand.
///
/// ```swift
/// let clock = ManualClock(Date(timeIntervalSince1970: 0))
/// clock.advance(by: 15 * 60)   // fifteen minutes later
/// ```
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The real time of day.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to (tests, simulations).
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        self.current = start
    }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(by seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }

    public func set(_ date: Date) {
        lock.lock()
        defer { lock.unlock() }
        current = date
    }
}

extension Date {
    /// Milliseconds since 1970-01-01 UTC: how Lantern stores instants in both databases.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// This instant rounded up to the millisecond the database keeps: up, so a time a client read
    /// from the same clock is never "in the future" when checked against it.
    public var roundedUpToMillisecond: Date {
        Date(millisecondsSince1970: Int64((timeIntervalSince1970 * 1000).rounded(.up)))
    }

    public init(millisecondsSince1970 ms: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(ms) / 1000)
    }
}
