import Foundation
import LanternCore

/// A row of `access_log`: one entry, its place in the chain and its hashes. Record ids are a JSON list.
struct AccessLogRow: Codable, Equatable {
    static let table = "access_log"

    var seq: Int64
    var atMs: Int64
    var actorId: String
    var actorUsername: String
    var actorRole: String
    var action: String
    var recordType: String
    var recordIds: String
    var purpose: String
    var purposeNote: String
    var recipient: String
    var outcome: String
    var requestId: String
    var clientAddress: String
    var detail: String
    var previousHash: String
    var entryHash: String
}

extension AccessLogRow {
    init(_ entry: AccessLogEntry, sequence: Int64, previousHash: String, entryHash: String) {
        self.init(
            seq: sequence, atMs: entry.at.millisecondsSince1970, actorId: entry.actorID, actorUsername: entry.actorUsername,
            actorRole: entry.actorRole, action: entry.action.rawValue, recordType: entry.recordType,
            recordIds: Self.encodeIDs(entry.recordIDs), purpose: entry.purpose?.rawValue ?? "", purposeNote: entry.purposeNote,
            recipient: entry.recipient, outcome: entry.outcome.rawValue, requestId: entry.requestID, clientAddress: entry.clientAddress,
            detail: entry.detail, previousHash: previousHash, entryHash: entryHash)
    }

    /// The entry this row holds. An action, outcome or purpose this Lantern does not know is a ``StoredValueUnknown``:
    /// Lantern never writes one, so the row was altered (`verify` reports it as such).
    func entry() throws -> ChainedAccessLogEntry {
        let entry = AccessLogEntry(
            at: Date(millisecondsSince1970: atMs), actorID: actorId, actorUsername: actorUsername, actorRole: actorRole,
            action: try StoredCode.known(AccessAction.self, action, table: Self.table, column: "action"), recordType: recordType,
            recordIDs: Self.decodeIDs(recordIds),
            purpose: try StoredCode.knownIfAny(AccessPurpose.self, purpose.isEmpty ? nil : purpose, table: Self.table, column: "purpose"),
            purposeNote: purposeNote, recipient: recipient,
            outcome: try StoredCode.known(AccessOutcome.self, outcome, table: Self.table, column: "outcome"), requestID: requestId,
            clientAddress: clientAddress, detail: detail)
        return ChainedAccessLogEntry(sequence: seq, entry: entry, previousHash: previousHash, entryHash: entryHash)
    }

    /// What the chain check is given for a row holding a value this Lantern does not know: the row's place in the chain
    /// with a hash no entry can have, so the check reports the row as altered and carries on past it.
    func unreadable() -> ChainedAccessLogEntry {
        let placeholder = AccessLogEntry(
            at: Date(millisecondsSince1970: atMs), actorID: actorId, actorUsername: actorUsername, actorRole: actorRole,
            action: .accessDenied, recordType: recordType, recordIDs: [], purpose: nil, purposeNote: purposeNote, recipient: recipient,
            outcome: .failed, requestID: requestId, clientAddress: clientAddress, detail: detail)
        return ChainedAccessLogEntry(sequence: seq, entry: placeholder, previousHash: previousHash, entryHash: "unreadable:" + entryHash)
    }

    static func encodeIDs(_ ids: [String]) -> String {
        let data = (try? JSONEncoder().encode(ids)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Record ids that are not a JSON list cannot have been written by Lantern: kept visibly, so the hash no longer matches.
    static func decodeIDs(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? ["unreadable:" + text]
    }
}

/// A row of `access_log_checkpoints`: a signed hash of the chain at one entry.
struct AccessLogCheckpointRow: Codable, Equatable {
    static let table = "access_log_checkpoints"

    var seq: Int64
    var hash: String
    var atMs: Int64
    var signature: String

    init(_ c: AccessLogCheckpoint) {
        self.init(seq: c.sequence, hash: c.hash, atMs: c.at.millisecondsSince1970, signature: c.signature)
    }

    init(seq: Int64, hash: String, atMs: Int64, signature: String) {
        self.seq = seq
        self.hash = hash
        self.atMs = atMs
        self.signature = signature
    }

    var checkpoint: AccessLogCheckpoint {
        AccessLogCheckpoint(sequence: seq, hash: hash, at: Date(millisecondsSince1970: atMs), signature: signature)
    }
}

/// The row of `access_log_head` (id 1): the newest entry's sequence and hash, locked by each append.
struct AccessLogHeadRow: Codable, Equatable {
    static let table = "access_log_head"

    var seq: Int64
    var hash: String
}
