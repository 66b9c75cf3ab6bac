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
        guard let head = try await head(forUpdate: true, in: sql) else {
            throw AccessLogUnavailable(reason: "the access log head is missing")
        }
        let sequence = head.seq + 1
        let hash = chain.entryHash(previousHash: head.hash, sequence: sequence, entry: entry)
        let row = AccessLogRow(entry, sequence: sequence, previousHash: head.hash, entryHash: hash)
        try await sql.insert(into: AccessLogRow.table).model(row, with: StoredRow.encoder).run()
        try await sql.update(AccessLogHeadRow.table).set("seq", to: sequence).set("hash", to: hash)
            .where("id", .equal, 1).run()
        return sequence
    }

    /// The chain head: the newest entry's sequence and hash; `forUpdate` locks it until the transaction ends.
    static func head(forUpdate: Bool = false, in sql: any SQLDatabase) async throws -> AccessLogHeadRow? {
        let query = sql.select().columns("seq", "hash").from(AccessLogHeadRow.table).where("id", .equal, 1)
        return try await (forUpdate ? query.for(.update) : query).first(decoding: AccessLogHeadRow.self, with: StoredRow.decoder)
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
            guard let head = try await Self.head(forUpdate: true, in: sql), head.seq > 0 else { return nil }
            let sequence = head.seq
            let latest = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "s")
                .from("access_log_checkpoints").first()
            if let last = try latest?.decode(column: "s", as: Int64?.self), last >= sequence { return nil }
            let unsigned = AccessLogCheckpoint(sequence: sequence, hash: head.hash, at: now, signature: "")
            let signed = try signer.sign(unsigned)
            try await sql.insert(into: AccessLogCheckpointRow.table).model(AccessLogCheckpointRow(signed), with: StoredRow.encoder).run()
            return signed
        }
        if let checkpoint { try signer.export(checkpoint) }
        return checkpoint
    }

    /// Recomputes the whole chain and compares it with the head and every checkpoint
    /// (from the table and from the export file outside the database).
    public func verify(signer: AccessLogSigner?, pageSize: Int = 5_000) async throws -> AccessLogVerification {
        var checkpoints = try await database.read { sql in
            try await sql.select().column("*").from(AccessLogCheckpointRow.table).orderBy("seq")
                .all(decoding: AccessLogCheckpointRow.self, with: StoredRow.decoder).map(\.checkpoint)
        }
        if let signer {
            for exported in try signer.exportedCheckpoints() where !checkpoints.contains(exported) {
                checkpoints.append(exported)
            }
        }
        // The head is read first: entries appended while the check runs are verified too, and do
        // not count against the head.
        let head = try await database.read { sql in try await Self.head(in: sql) }
        var watched = Set(checkpoints.map(\.sequence))
        if let head { watched.insert(head.seq) }
        var verifier = AccessLogVerifier(chain: Self.chain, checkpointSequences: watched)
        var after: Int64 = 0
        while true {
            let page = try await database.read { [after] sql in
                try await sql.select().columns(Self.columns).from(AccessLogRow.table).where("seq", .greaterThan, after)
                    .orderBy("seq").limit(pageSize).all(decoding: AccessLogRow.self, with: StoredRow.decoder)
                    .map { row in (try? row.entry()) ?? row.unreadable() }
            }
            for entry in page { verifier.consume(entry) }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return verifier.finish(
            head: head.map { (sequence: $0.seq, hash: $0.hash) }, checkpoints: checkpoints,
            validSignature: { signer?.isValid($0) ?? true })
    }

    // MARK: Row mapping

    static let columns = [
        "seq", "at_ms", "actor_id", "actor_username", "actor_role", "action", "record_type", "record_ids",
        "purpose", "purpose_note", "recipient", "outcome", "request_id", "client_address", "detail",
        "previous_hash", "entry_hash",
    ]

    /// The entry in `row`; an action, outcome or purpose this Lantern does not know is a ``StoredValueUnknown``.
    static func decode(_ row: any SQLRow) throws -> ChainedAccessLogEntry {
        try row.decode(model: AccessLogRow.self, with: StoredRow.decoder).entry()
    }

    /// What is wrong with entry `sequence` when it holds a value this Lantern does not know (what `verify` reports
    /// as altered), or nil when it reads.
    public func unknownValue(at sequence: Int64) async throws -> StoredValueUnknown? {
        try await database.read { sql in
            guard
                let row = try await sql.select().columns(Self.columns).from(AccessLogRow.table).where("seq", .equal, sequence)
                    .first(decoding: AccessLogRow.self, with: StoredRow.decoder)
            else { return nil }
            do {
                _ = try row.entry()
                return nil
            } catch let unknown as StoredValueUnknown {
                return unknown
            }
        }
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
