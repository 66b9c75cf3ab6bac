import Foundation
import Logging
import NIOCore
import SQLKit

/// Makes the Nth SQL statement fail as an I/O error would, so tests can prove that every
/// failure rolls back completely (SQLite's "fail at N" testing). Off unless a test turns it on.
///
/// ```swift
/// store.database.faults.failStatement(number: 3)   // the third statement from now fails
/// ```
public final class FaultInjector: @unchecked Sendable {
    private let lock = NSLock()
    private var executed = 0
    private var failAt: Int?

    public init() {}

    /// Fails the `number`th statement from now (1 = the next one).
    public func failStatement(number: Int) {
        lock.lock()
        defer { lock.unlock() }
        executed = 0
        failAt = number
    }

    /// Stops failing and resets the count.
    public func reset() {
        lock.lock()
        defer { lock.unlock() }
        executed = 0
        failAt = nil
    }

    /// Statements run since the last reset (to size a fail-at-N loop).
    public var statementsExecuted: Int {
        lock.lock()
        defer { lock.unlock() }
        return executed
    }

    /// Counts one statement; true when it must fail.
    func shouldFail() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        executed += 1
        if let failAt, executed == failAt { return true }
        return false
    }
}

/// The error an injected fault raises: treated like a real I/O error (503, nothing changed).
public struct InjectedIOError: Error, Sendable, CustomStringConvertible {
    public var description: String { "injected I/O error" }
}

/// An SQLDatabase that asks the injector before each statement.
struct FaultInjectingDatabase: SQLDatabase {
    let base: any SQLDatabase
    let faults: FaultInjector

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        if faults.shouldFail() { return eventLoop.makeFailedFuture(InjectedIOError()) }
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if faults.shouldFail() { throw InjectedIOError() }
        try await base.execute(sql: query, onRow)
    }
}
