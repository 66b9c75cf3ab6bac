import Foundation

/// One entry of the access log, as written and as hashed.
///
/// The log keeps no record content (ASVS 16.2.5): who, what kind of action, which
/// records, why, when, and how it ended. That lets a child's record be erased
/// while the trail of who saw it survives.
public struct AccessLogEntry: Sendable, Equatable, Codable {
    public var at: Date
    public var actorID: String
    public var actorUsername: String
    public var actorRole: String
    public var action: AccessAction
    public var recordType: String
    public var recordIDs: [String]
    public var purpose: AccessPurpose?
    public var purposeNote: String
    public var recipient: String
    public var outcome: AccessOutcome
    public var requestID: String
    public var clientAddress: String
    public var detail: String

    public init(
        at: Date, actor: Actor, action: AccessAction, recordType: String = "", recordIDs: [String] = [],
        purpose: AccessPurpose? = nil, purposeNote: String = "", recipient: String = "",
        outcome: AccessOutcome = .success, requestID: String = "", clientAddress: String = "", detail: String = ""
    ) {
        self.init(
            at: at, actorID: actor.userID, actorUsername: actor.username, actorRole: actor.role.rawValue,
            action: action, recordType: recordType, recordIDs: recordIDs, purpose: purpose, purposeNote: purposeNote,
            recipient: recipient, outcome: outcome, requestID: requestID, clientAddress: clientAddress, detail: detail)
    }

    public init(
        at: Date, actorID: String, actorUsername: String, actorRole: String, action: AccessAction,
        recordType: String, recordIDs: [String], purpose: AccessPurpose?, purposeNote: String, recipient: String,
        outcome: AccessOutcome, requestID: String, clientAddress: String, detail: String
    ) {
        self.at = Date(millisecondsSince1970: at.millisecondsSince1970)
        self.actorID = actorID
        self.actorUsername = actorUsername
        self.actorRole = actorRole
        self.action = action
        self.recordType = recordType
        self.recordIDs = recordIDs
        self.purpose = purpose
        self.purposeNote = purposeNote
        self.recipient = recipient
        self.outcome = outcome
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.detail = detail
    }

    /// The bytes the chain hashes: every field in a fixed order, each length-prefixed,
    /// so no two different entries can encode the same (no separator games).
    public func canonicalEncoding(sequence: Int64) -> [UInt8] {
        var out = Array("lantern-access-log-v1\n".utf8)
        func field(_ name: String, _ value: String) {
            let bytes = Array(value.utf8)
            out += Array("\(name)=\(bytes.count):".utf8)
            out += bytes
            out.append(0x0A)
        }
        field("seq", String(sequence))
        field("at", String(at.millisecondsSince1970))
        field("actor_id", actorID)
        field("actor_username", actorUsername)
        field("actor_role", actorRole)
        field("action", action.rawValue)
        field("record_type", recordType)
        field("record_ids", String(recordIDs.count))
        for id in recordIDs { field("record_id", id) }
        field("purpose", purpose?.rawValue ?? "")
        field("purpose_note", purposeNote)
        field("recipient", recipient)
        field("outcome", outcome.rawValue)
        field("request_id", requestID)
        field("client_address", clientAddress)
        field("detail", detail)
        return out
    }
}

/// An entry as stored: its place in the chain and the hashes that bind it there.
public struct ChainedAccessLogEntry: Sendable, Equatable {
    public var sequence: Int64
    public var entry: AccessLogEntry
    public var previousHash: String
    public var entryHash: String

    public init(sequence: Int64, entry: AccessLogEntry, previousHash: String, entryHash: String) {
        self.sequence = sequence
        self.entry = entry
        self.previousHash = previousHash
        self.entryHash = entryHash
    }
}
