import Foundation
import LanternCore
import LanternResources

let domesticAbuseRules: DomesticAbuseRules = try! DomesticAbuseRules.decode(LanternResources.data(at: "rules/domestic-abuse.json")!)

/// The shipped domestic abuse pack with one change made to its JSON: the message it is refused with, or nil.
func domesticAbusePackRefusal(_ edit: (inout [String: Any]) -> Void) -> String? {
    do {
        var json = try JSONSerialization.jsonObject(with: LanternResources.data(at: "rules/domestic-abuse.json")!) as! [String: Any]
        edit(&json)
        _ = try DomesticAbuseRules.decode(try JSONSerialization.data(withJSONObject: json))
        return nil
    } catch let invalid as RulePackInvalid {
        return invalid.reason
    } catch {
        return "\(error)"
    }
}

/// Answers with the first `yes` questions of the shipped checklist "yes" and the rest "no".
func dashAnswers(yes: Int) -> [String: DashAnswer] {
    Dictionary(uniqueKeysWithValues: domesticAbuseRules.questions.enumerated().map { ($1.id, $0 < yes ? .yes : .no) })
}
