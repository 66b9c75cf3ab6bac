import Foundation

/// How long a signed-in session lives (ASVS 7.3, CJIS 5.5.5).
///
/// A session ends after 15 minutes without a request, or 10 hours after
/// sign-in whatever happens, or at once on sign-out or account disable.
public struct SessionPolicy: Sendable, Equatable {
    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 15 * 60, absoluteTimeout: TimeInterval = 10 * 60 * 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    public enum State: Sendable, Equatable {
        case active
        case idleExpired
        case absoluteExpired
        case ended
    }

    public func state(createdAt: Date, lastSeenAt: Date, endedAt: Date?, now: Date) -> State {
        if endedAt != nil { return .ended }
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }
}
