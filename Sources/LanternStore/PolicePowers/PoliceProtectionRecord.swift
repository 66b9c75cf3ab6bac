import Foundation
import LanternCore

/// A police protection as a page or the API shows it: the record, its reference and child, the designated
/// officer's name, and where its clock stands at `asOf`.
public struct PoliceProtectionRecord: Sendable, Equatable {
    public var protection: PoliceProtection
    public var reference: String
    public var childName: String
    public var team: String
    public var borough: String
    public var designatedOfficerName: String?
    public var asOf: Date
    /// Where the child was taken from and the adults there; read for one record, nil in lists and queues.
    public var takenFrom: PolicePowersScene? = nil

    public var expiresAt: Date { protection.expiry(rules: rules) }
    public var state: PoliceProtectionState { PoliceProtectionClock.state(of: protection, at: asOf, rules: rules) }
    public var outstandingDuties: [PolicePowersRules.Duty] { PoliceProtectionClock.outstandingDuties(of: protection, rules: rules) }
    public var checklist: [(duty: PolicePowersRules.Duty, done: PoliceProtection.DutyDone?)] {
        PoliceProtectionClock.checklist(of: protection, rules: rules)
    }

    /// The pack the record was read under, for its clock and checklist.
    public let rules: PolicePowersRules
}
