import Foundation
import LanternCore

/// Asks the access policy and, when it says no, writes the refusal to the access log
/// before throwing: every refused attempt is visible to auditors, wherever it is refused.
///
/// ```swift
/// try await store.authoriser.require(.alterPersonRecord, context, on: person.scope, recordType: "person", recordIDs: [person.id])
/// ```
public struct Authoriser: Sendable {
    let database: LanternDatabase
    let clock: any WallClock
    public let policy: AccessPolicy

    public init(database: LanternDatabase, clock: any WallClock, policy: AccessPolicy) {
        self.database = database
        self.clock = clock
        self.policy = policy
    }

    public func require(
        _ permission: Permission, _ context: AccessContext, on scope: RecordScope? = nil,
        recordType: String, recordIDs: [String] = [], detail: String = ""
    ) async throws {
        if case .deny(let reason) = policy.decide(context.actor, permission, on: scope) {
            try await logDenial(
                permission, reason: reason, context: context, recordType: recordType, recordIDs: recordIDs,
                detail: detail)
            throw AccessDenied(permission: permission, reason: reason)
        }
    }

    /// Records a refusal decided elsewhere (inside a transaction that then rolled back).
    public func logDenial(
        _ permission: Permission, reason: String, context: AccessContext, recordType: String,
        recordIDs: [String], detail: String = ""
    ) async throws {
        let text = [permission.rawValue + ": " + reason, detail].filter { !$0.isEmpty }.joined(separator: "; ")
        try await database.transaction { sql in
            try await AccessLogStore.append(
                context.entry(
                    at: clock.now(), .accessDenied, recordType: recordType,
                    recordIDs: recordIDs, outcome: .denied, detail: text), in: sql)
        }
    }

    /// Turns a transaction's outcome into a value or an error. A record-level refusal decided inside
    /// the (rolled back) transaction is logged here, then reported as "not found" so the caller
    /// learns nothing about the record.
    public func settle<T>(
        _ outcome: Result<T, any Error>, permission: Permission, context: AccessContext, recordType: String,
        id: String, shownAs: String
    ) async throws -> T {
        switch outcome {
        case .success(let value): return value
        case .failure(let denied as AccessDenied):
            try await logDenial(permission, reason: denied.reason, context: context, recordType: recordType, recordIDs: [id])
            throw RecordNotFound(recordType: shownAs, id: id)
        case .failure(let error): throw error
        }
    }
}
