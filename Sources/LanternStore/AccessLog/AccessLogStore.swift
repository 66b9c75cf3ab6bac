import Crypto
import Foundation
import LanternCore
import SQLKit

/// Writes, reads and proves the access log (DPA 2018 s62).
///
/// ``append(_:in:)`` is called inside the transaction that makes the change it
/// records, so the change and its entry commit together. The chain head row is
/// locked (`FOR UPDATE` on PostgreSQL; SQLite's single writer does the same) so
/// concurrent writers on several servers still build one unbroken chain.
public struct AccessLogStore: Sendable {
    public static let chain = AccessLogChain(hash: { bytes in
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    })

    let database: LanternDatabase

    public init(database: LanternDatabase) {
        self.database = database
    }

    /// Appends an entry inside the caller's transaction; returns its sequence number.
    @discardableResult
    public static func append(_ entry: AccessLogEntry, in sql: any SQLDatabase) async throws -> Int64 {
        guard
            let head = try await sql.select().columns("seq", "hash").from("access_log_head")
                .where("id", .equal, 1).for(.update).first()
        else {
            throw AccessLogUnavailable(reason: "the access log head is missing")
        }
        let previousSequence = try head.decode(column: "seq", as: Int64.self)
        let previousHash = try head.decode(column: "hash", as: String.self)
        let sequence = previousSequence + 1
        let hash = chain.entryHash(previousHash: previousHash, sequence: sequence, entry: entry)
        try await sql.insert(into: "access_log")
            .columns(
                "seq", "at_ms", "actor_id", "actor_username", "actor_role", "action", "record_type", "record_ids",
                "purpose", "purpose_note", "recipient", "outcome", "request_id", "client_address", "detail",
                "previous_hash", "entry_hash"
            )
            .values(
                SQLBind(sequence), SQLBind(entry.at.millisecondsSince1970), SQLBind(entry.actorID),
                SQLBind(entry.actorUsername), SQLBind(entry.actorRole), SQLBind(entry.action.rawValue),
                SQLBind(entry.recordType), SQLBind(encodeIDs(entry.recordIDs)), SQLBind(entry.purpose?.rawValue ?? ""),
                SQLBind(entry.purposeNote), SQLBind(entry.recipient), SQLBind(entry.outcome.rawValue),
                SQLBind(entry.requestID), SQLBind(entry.clientAddress), SQLBind(entry.detail),
                SQLBind(previousHash), SQLBind(hash)
            )
            .run()
        try await sql.update("access_log_head").set("seq", to: sequence).set("hash", to: hash)
            .where("id", .equal, 1).run()
        return sequence
    }

    /// Appends an entry in a transaction of its own (security events with no data change).
    @discardableResult
    public func append(_ entry: AccessLogEntry) async throws -> Int64 {
        try await database.transaction { sql in try await Self.append(entry, in: sql) }
    }

    // MARK: Reading

    /// A page of entries for the access-log screen. Reading the log is itself logged.
    public func entries(
        actor: Actor, policy: AccessPolicy, filter: AccessLogFilter, purpose: AccessPurpose, purposeNote: String = "",
        at now: Date, requestID: String, clientAddress: String
    ) async throws -> [ChainedAccessLogEntry] {
        try policy.require(actor, .readAccessLog)
        return try await database.transaction { sql in
            var query = sql.select().columns(Self.columns).from("access_log")
            if let username = filter.actorUsername { query = query.where("actor_username", .equal, username) }
            if let recordID = filter.recordID {
                // record_ids is a JSON array of strings: match the quoted id.
                query = query.where(LikeContains(SQLColumn("record_ids"), "\"\(recordID)\""))
            }
            if let action = filter.action { query = query.where("action", .equal, action.rawValue) }
            if let before = filter.beforeSequence { query = query.where("seq", .lessThan, before) }
            let rows = try await query.orderBy("seq", .descending).limit(max(1, min(filter.limit, 500))).all()
            let entries = try rows.map(Self.decode)
            try await Self.append(
                AccessLogEntry(
                    at: now, actor: actor, action: .accessLogRead, recordType: "access-log",
                    recordIDs: entries.map { String($0.sequence) }, purpose: purpose, purposeNote: purposeNote, requestID: requestID,
                    clientAddress: clientAddress, detail: filter.description), in: sql)
            return entries
        }
    }

    /// Every entry for a request id (tests and incident review).
    public func entries(requestID: String) async throws -> [ChainedAccessLogEntry] {
        try await database.read { sql in
            try await sql.select().columns(Self.columns).from("access_log").where("request_id", .equal, requestID)
                .orderBy("seq").all().map(Self.decode)
        }
    }

    /// The newest entries, newest first (tests, the CLI).
    public func latest(_ count: Int) async throws -> [ChainedAccessLogEntry] {
        try await database.read { sql in
            try await sql.select().columns(Self.columns).from("access_log").orderBy("seq", .descending)
                .limit(count).all().map(Self.decode)
        }
    }

    /// Whether any checkpoint has been signed (so a missing key must not be silently replaced).
    public func hasCheckpoints() async -> Bool {
        (try? await database.read { sql in
            try await sql.select().column("seq").from("access_log_checkpoints").limit(1).first() != nil
        }) ?? false
    }

    public func count() async throws -> Int64 {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("access_log")
                .first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }

    // MARK: Checkpoints and verification

    /// Signs the current head, stores the checkpoint and appends it to the export file.
    @discardableResult
    public func checkpoint(signer: AccessLogSigner, at now: Date) async throws -> AccessLogCheckpoint? {
        let checkpoint: AccessLogCheckpoint? = try await database.transaction { sql in
            guard
                let head = try await sql.select().columns("seq", "hash").from("access_log_head")
                    .where("id", .equal, 1).for(.update).first()
            else { return nil }
            let sequence = try head.decode(column: "seq", as: Int64.self)
            guard sequence > 0 else { return nil }
            let latest = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "s")
                .from("access_log_checkpoints").first()
            if let last = try latest?.decode(column: "s", as: Int64?.self), last >= sequence { return nil }
            let unsigned = AccessLogCheckpoint(
                sequence: sequence, hash: try head.decode(column: "hash", as: String.self),
                at: now, signature: "")
            let signed = try signer.sign(unsigned)
            try await sql.insert(into: "access_log_checkpoints").columns("seq", "hash", "at_ms", "signature")
                .values(
                    SQLBind(signed.sequence), SQLBind(signed.hash), SQLBind(signed.at.millisecondsSince1970),
                    SQLBind(signed.signature)
                ).run()
            return signed
        }
        if let checkpoint { try signer.export(checkpoint) }
        return checkpoint
    }

    /// Recomputes the whole chain and compares it with the head and every checkpoint
    /// (from the table and from the export file outside the database).
    public func verify(signer: AccessLogSigner?, pageSize: Int = 5_000) async throws -> AccessLogVerification {
        var checkpoints = try await database.read { sql in
            try await sql.select().columns("seq", "hash", "at_ms", "signature").from("access_log_checkpoints")
                .orderBy("seq").all().map { row in
                    AccessLogCheckpoint(
                        sequence: try row.decode(column: "seq", as: Int64.self),
                        hash: try row.decode(column: "hash", as: String.self),
                        at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)),
                        signature: try row.decode(column: "signature", as: String.self))
                }
        }
        if let signer {
            for exported in try signer.exportedCheckpoints() where !checkpoints.contains(exported) {
                checkpoints.append(exported)
            }
        }
        // The head is read first: entries appended while the check runs are verified too, and do
        // not count against the head.
        let head = try await database.read { sql -> (Int64, String)? in
            guard let row = try await sql.select().columns("seq", "hash").from("access_log_head").where("id", .equal, 1).first()
            else { return nil }
            return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
        }
        var watched = Set(checkpoints.map(\.sequence))
        if let head { watched.insert(head.0) }
        var verifier = AccessLogVerifier(chain: Self.chain, checkpointSequences: watched)
        var after: Int64 = 0
        while true {
            let page = try await database.read { [after] sql in
                try await sql.select().columns(Self.columns).from("access_log").where("seq", .greaterThan, after)
                    .orderBy("seq").limit(pageSize).all().map(Self.decode)
            }
            for entry in page { verifier.consume(entry) }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return verifier.finish(
            head: head.map { (sequence: $0.0, hash: $0.1) }, checkpoints: checkpoints,
            validSignature: { signer?.isValid($0) ?? true })
    }

    // MARK: Row mapping

    static let columns = [
        "seq", "at_ms", "actor_id", "actor_username", "actor_role", "action", "record_type", "record_ids",
        "purpose", "purpose_note", "recipient", "outcome", "request_id", "client_address", "detail",
        "previous_hash", "entry_hash",
    ]

    static func decode(_ row: any SQLRow) throws -> ChainedAccessLogEntry {
        let actionText = try row.decode(column: "action", as: String.self)
        let purposeText = try row.decode(column: "purpose", as: String.self)
        let outcomeText = try row.decode(column: "outcome", as: String.self)
        // An unknown action or outcome is kept as-is in the hash check by failing the decode
        // into a marker the verifier will flag as altered.
        let entry = AccessLogEntry(
            at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)),
            actorID: try row.decode(column: "actor_id", as: String.self),
            actorUsername: try row.decode(column: "actor_username", as: String.self),
            actorRole: try row.decode(column: "actor_role", as: String.self),
            action: AccessAction(rawValue: actionText) ?? .accessDenied,
            recordType: try row.decode(column: "record_type", as: String.self),
            recordIDs: decodeIDs(try row.decode(column: "record_ids", as: String.self)),
            purpose: AccessPurpose(rawValue: purposeText),
            purposeNote: try row.decode(column: "purpose_note", as: String.self),
            recipient: try row.decode(column: "recipient", as: String.self),
            outcome: AccessOutcome(rawValue: outcomeText) ?? .failed,
            requestID: try row.decode(column: "request_id", as: String.self),
            clientAddress: try row.decode(column: "client_address", as: String.self),
            detail: try row.decode(column: "detail", as: String.self))
        var hash = try row.decode(column: "entry_hash", as: String.self)
        // Text that does not map back to a known value cannot have been written by Lantern.
        if AccessAction(rawValue: actionText) == nil || AccessOutcome(rawValue: outcomeText) == nil
            || (!purposeText.isEmpty && AccessPurpose(rawValue: purposeText) == nil)
        {
            hash = "unreadable:" + hash
        }
        return ChainedAccessLogEntry(
            sequence: try row.decode(column: "seq", as: Int64.self), entry: entry,
            previousHash: try row.decode(column: "previous_hash", as: String.self), entryHash: hash)
    }

    static func encodeIDs(_ ids: [String]) -> String {
        let data = (try? JSONEncoder().encode(ids)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeIDs(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? ["unreadable:" + text]
    }

}

/// The access log could not be written, so the operation it records was refused.
public struct AccessLogUnavailable: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "access log unavailable: \(reason)" }
}

/// What to show on the access-log screen.
public struct AccessLogFilter: Sendable, CustomStringConvertible {
    public var actorUsername: String?
    public var recordID: String?
    public var action: AccessAction?
    public var beforeSequence: Int64?
    public var limit: Int

    public init(
        actorUsername: String? = nil, recordID: String? = nil, action: AccessAction? = nil,
        beforeSequence: Int64? = nil, limit: Int = 100
    ) {
        self.actorUsername = actorUsername
        self.recordID = recordID
        self.action = action
        self.beforeSequence = beforeSequence
        self.limit = limit
    }

    public var description: String {
        var parts: [String] = []
        if let actorUsername { parts.append("actor=\(actorUsername)") }
        if let recordID { parts.append("record=\(recordID)") }
        if let action { parts.append("action=\(action.rawValue)") }
        if let beforeSequence { parts.append("before=\(beforeSequence)") }
        parts.append("limit=\(limit)")
        return parts.joined(separator: " ")
    }
}
