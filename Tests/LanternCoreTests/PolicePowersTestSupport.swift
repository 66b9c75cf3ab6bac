import Foundation
import LanternCore
import LanternResources

let policePowersRules: PolicePowersRules = try! PolicePowersRules.decode(LanternResources.data(at: "rules/police-powers.json")!)

/// The shipped police powers pack with one change made to its JSON: the message it is refused with, or nil.
func policePowersPackRefusal(_ edit: (inout [String: Any]) -> Void) -> String? {
    do {
        var json = try JSONSerialization.jsonObject(with: LanternResources.data(at: "rules/police-powers.json")!) as! [String: Any]
        edit(&json)
        _ = try PolicePowersRules.decode(try JSONSerialization.data(withJSONObject: json))
        return nil
    } catch let invalid as RulePackInvalid {
        return invalid.reason
    } catch {
        return "\(error)"
    }
}

/// An instant written as ISO 8601 with its offset ("2026-10-23T10:00:00+01:00").
func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

/// A police protection taken at `takenAt` by constable "pc-1" into local authority accommodation.
func protection(
    takenAt: Date, designatedOfficer: PoliceProtection.DesignatedOfficer? = nil, ending: PoliceProtection.Ending? = nil
) -> PoliceProtection {
    PoliceProtection(
        id: "pp-1", childID: "child-1", grounds: "Found alone at night in a flat with drug paraphernalia and no adult",
        power: .removed, accommodation: .init(kind: .localAuthority, place: "Emergency foster carer, Lewisham"),
        takenAt: takenAt, takenBy: "pc-1", designatedOfficer: designatedOfficer, ending: ending)
}

/// The field names a check refuses, or [] when it passes.
func refusedFields(_ check: () throws(ValidationFailure) -> Void) -> [String] {
    do throws(ValidationFailure) {
        try check()
        return []
    } catch {
        return error.errors.map(\.field)
    }
}
