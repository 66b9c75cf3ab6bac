import HummingbirdBcrypt
import NIOPosix

/// bcrypt at cost 12 (ASVS 11.4.2 asks at least 10), run on NIO's thread pool so
/// a burst of sign-ins cannot stall the request threads.
public struct PasswordHasher: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) {
        precondition(cost >= 4 && cost <= 31, "bcrypt cost must be 4...31")
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
