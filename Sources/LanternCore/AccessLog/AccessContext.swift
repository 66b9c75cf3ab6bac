import Foundation

/// Who is acting, and from which request: what every logged operation needs to
/// write its access-log entry.
public struct AccessContext: Sendable, Equatable {
    public var actor: Actor
    public var requestID: String
    public var clientAddress: String

    public init(actor: Actor, requestID: String = "", clientAddress: String = "") {
        self.actor = actor
        self.requestID = requestID
        self.clientAddress = clientAddress
    }

    /// A new entry by this actor from this request.
    public func entry(
        at date: Date, _ action: AccessAction, recordType: String, recordIDs: [String],
        purpose: AccessPurpose? = nil, purposeNote: String = "", recipient: String = "",
        outcome: AccessOutcome = .success, detail: String = ""
    ) -> AccessLogEntry {
        AccessLogEntry(
            at: date, actor: actor, action: action, recordType: recordType, recordIDs: recordIDs, purpose: purpose,
            purposeNote: purposeNote, recipient: recipient, outcome: outcome, requestID: requestID,
            clientAddress: clientAddress, detail: detail)
    }
}
