import Foundation
import LanternCore

/// A child's detention in custody as a page or the API shows it: the record, its reference and child, and where the
/// appropriate adult's wait and the s38(6) transfer stand at `asOf`.
public struct CustodyRecord: Sendable, Equatable {
    public var detention: ChildInCustody
    public var reference: String
    public var childName: String
    public var team: String
    public var borough: String
    public var asOf: Date
    /// Where the child was arrested and who with; read for one record, nil in lists and queues.
    public var arrest: PolicePowersScene? = nil
    /// The pack the record was read under, for its clocks.
    public let rules: PolicePowersRules

    /// How long the child has waited for the appropriate adult: to their arrival, or until now while they are awaited.
    public var appropriateAdultWait: TimeInterval? {
        guard let adult = detention.appropriateAdult else { return nil }
        return (adult.arrivedAt ?? detention.releasedAt ?? asOf).timeIntervalSince(adult.requestedAt)
    }

    public var transferState: TransferState? { detention.transfer.map { TransferClock.state(of: $0, at: asOf, rules: rules) } }
    public var heldOvernight: Bool { detention.transfer.map { TransferClock.heldOvernight($0, at: detention.releasedAt ?? asOf) } ?? false }
    public var certificate: String? { TransferClock.certificateText(child: detention, childName: childName, rules: rules) }
}
