import Foundation
import LanternCore
import LanternStore

// What the police powers API answers, in the API's spelling ("childId"): the record with its clock worked out at
// the moment of the answer, so a client never re-implements the 72-hour rule.

extension PolicePowersAPI {
    /// Where the 72-hour clock stands: `running`, `ending-due-soon` (within the pack's window, escalating), `expired`
    /// (past 72 hours with no ending: the child may be held without lawful authority) or `ended`.
    struct ClockOut: Encodable {
        var state: String
        var minutesLeft: Int?
        var minutesOverdue: Int?
        var escalationLevel: Int?

        init(_ state: PoliceProtectionState) {
            switch state {
            case .running(let left):
                self.state = "running"
                minutesLeft = Int(left / 60)
            case .endingDueSoon(let left, let level):
                self.state = "ending-due-soon"
                minutesLeft = Int(left / 60)
                escalationLevel = level
            case .expired(let by, let level):
                self.state = "expired"
                minutesOverdue = Int(by / 60)
                escalationLevel = level
            case .ended: self.state = "ended"
            }
        }
    }

    struct ProtectionField: Encodable {
        var reference: String
        var childName: String
        var team: String
        var borough: String
        var designatedOfficerName: String?
        var expiresAt: Date
        var clock: ClockOut
        var outstandingDuties: [String]
        /// Where the child was taken from and the adults there: on a single record, not in the queue.
        var takenFrom: PlaceAndPeopleOut?
        var location: String
    }

    typealias ProtectionOut = Flat<PoliceProtection, ProtectionField>

    struct QueueOut: Encodable {
        var items: [ProtectionOut]
    }

    struct ProtectionRulesOut: Encodable {
        struct Duty: Encodable {
            var id: String
            var text: String
            var mandatory: Bool
            var needsNote: Bool
        }
        struct Ending: Encodable {
            var code: String
            var title: String
            var byDesignatedOfficer: Bool
        }
        var pack: String
        var version: Int
        var maximumHours: Int
        var dueSoonHours: Int
        var designatedOfficerMinimumRank: Rank
        var duties: [Duty]
        var endings: [Ending]

        init(_ rules: PolicePowersRules) {
            let p = rules.protection
            pack = rules.pack
            version = rules.version
            maximumHours = p.maximumHours.value
            dueSoonHours = p.dueSoonHours.value
            designatedOfficerMinimumRank = p.designatedOfficerMinimumRank.value
            duties = p.duties.map { Duty(id: $0.id, text: $0.text, mandatory: $0.mandatory, needsNote: $0.needsNote) }
            endings = p.endings.map { Ending(code: $0.code, title: $0.title, byDesignatedOfficer: $0.byDesignatedOfficer) }
        }
    }
}

extension Flat where Base == PoliceProtection, Extra == PolicePowersAPI.ProtectionField {
    init(_ r: PoliceProtectionRecord) {
        self.init(
            base: r.protection,
            extra: .init(
                reference: r.reference, childName: r.childName, team: r.team, borough: r.borough, designatedOfficerName: r.designatedOfficerName,
                expiresAt: r.expiresAt, clock: .init(r.state), outstandingDuties: r.outstandingDuties.map(\.id),
                takenFrom: PlaceAndPeopleOut(r.takenFrom), location: "/api/v1/police-protections/\(r.protection.id)"))
    }

    var location: String { extra.location }
}
