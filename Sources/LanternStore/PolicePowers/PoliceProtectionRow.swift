import Foundation
import LanternCore

/// A row of `police_protections`; its duties are rows of `police_protection_duties`.
package struct PoliceProtectionRow: Codable, Equatable {
    package static let table = "police_protections"

    var id: String
    var reference: String
    var childId: String
    var grounds: String
    var power: String
    var accommodationKind: String
    var accommodationPlace: String
    var exceptionalReason: String?
    var takenAtMs: Int64
    var takenBy: String
    var designatedOfficer: String?
    var designatedRank: String?
    var designatedAtMs: Int64?
    var endingCode: String?
    var endingBy: String?
    var endingAtMs: Int64?
    var endingNote: String?
    var team: String
    var borough: String
    var createdAtMs: Int64
    var version: Int

    package init(_ p: PoliceProtection, reference: String, team: String, borough: String, createdAt: Date) {
        id = p.id
        self.reference = reference
        childId = p.childID
        grounds = p.grounds
        power = p.power.rawValue
        accommodationKind = p.accommodation.kind.rawValue
        accommodationPlace = p.accommodation.place
        exceptionalReason = p.accommodation.exceptionalReason
        takenAtMs = p.takenAt.millisecondsSince1970
        takenBy = p.takenBy
        designatedOfficer = p.designatedOfficer?.userID
        designatedRank = p.designatedOfficer?.rank.rawValue
        designatedAtMs = p.designatedOfficer?.appointedAt.millisecondsSince1970
        endingCode = p.ending?.code
        endingBy = p.ending?.by
        endingAtMs = p.ending?.at.millisecondsSince1970
        endingNote = p.ending?.note
        self.team = team
        self.borough = borough
        createdAtMs = createdAt.millisecondsSince1970
        version = p.version
    }

    func protection(duties: [PoliceProtectionDutyRow]) throws -> PoliceProtection {
        let known = { (type: String, column: String) in StoredValueUnknown(table: Self.table, column: column, value: type) }
        var officer: PoliceProtection.DesignatedOfficer?
        if let designatedOfficer {
            guard let rankText = designatedRank, let atMs = designatedAtMs else { throw known("NULL", "designated_rank") }
            officer = .init(
                userID: designatedOfficer, rank: try StoredCode.known(Rank.self, rankText, table: Self.table, column: "designated_rank"),
                appointedAt: Date(millisecondsSince1970: atMs))
        }
        var ending: PoliceProtection.Ending?
        if let endingCode {
            guard let by = endingBy, let atMs = endingAtMs else { throw known("NULL", "ending_at_ms") }
            ending = .init(code: endingCode, by: by, at: Date(millisecondsSince1970: atMs), note: endingNote ?? "")
        }
        return PoliceProtection(
            id: id, childID: childId, grounds: grounds,
            power: try StoredCode.known(PoliceProtection.Power.self, power, table: Self.table, column: "power"),
            accommodation: .init(
                kind: try StoredCode.known(
                    PoliceProtection.AccommodationKind.self, accommodationKind, table: Self.table, column: "accommodation_kind"),
                place: accommodationPlace, exceptionalReason: exceptionalReason),
            takenAt: Date(millisecondsSince1970: takenAtMs), takenBy: takenBy, designatedOfficer: officer,
            duties: duties.map(\.done), ending: ending, version: version)
    }
}

/// A row of `police_protection_duties`: one s46 duty done, by whom and when, and who recorded it.
package struct PoliceProtectionDutyRow: Codable, Equatable {
    package static let table = "police_protection_duties"

    var protectionId: String
    var duty: String
    var doneBy: String
    var doneAtMs: Int64
    var note: String
    var recordedBy: String
    var recordedAtMs: Int64

    var done: PoliceProtection.DutyDone {
        .init(duty: duty, by: doneBy, at: Date(millisecondsSince1970: doneAtMs), note: note)
    }
}

extension PoliceProtectionDutyRow {
    package init(_ done: PoliceProtection.DutyDone, on protectionID: String, recordedBy: String, at recordedAt: Date) {
        self.init(
            protectionId: protectionID, duty: done.duty, doneBy: done.by, doneAtMs: done.at.millisecondsSince1970, note: done.note,
            recordedBy: recordedBy, recordedAtMs: recordedAt.millisecondsSince1970)
    }
}
