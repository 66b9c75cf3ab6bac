import Foundation
import LanternCore
import LanternResources
import Testing

@Suite("Police powers rules")
struct PolicePowersRulesTests {
    /// Every value in the pack that has a source names one of the pack's sources, and carries an evidence tag
    /// (F, F2, M, L) and a checked date beside it.
    @Test func everySourcedValueNamesAKnownSourceWithEvidenceAndDate() throws {
        let json = try JSONSerialization.jsonObject(with: LanternResources.data(at: "rules/police-powers.json")!) as! [String: Any]
        let sources = json["sources"] as! [String: [String: String]]
        for (key, source) in sources { #expect(!(source["title"] ?? "").isEmpty && source["url"] != nil, "\(key)") }
        var sourced: [(path: String, value: [String: Any])] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if object["source"] is String { sourced.append((path, object)) }
                for (key, child) in object where key != "sources" { walk(child, path + "." + key) }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { walk(child, "\(path)[\(index)]") }
            }
        }
        walk(json, "")
        #expect(sourced.count >= 35)
        for (path, value) in sourced {
            #expect(sources.keys.contains(value["source"] as! String), "\(path) names an unknown source")
            #expect(["F", "F2", "M", "L"].contains(value["evidence"] as? String ?? ""), "\(path) has no evidence tag")
            #expect((value["checked"] as? String).flatMap(CivilDay.init) != nil, "\(path) has no checked date")
        }
        #expect(policePowersRules.version == 1)
    }

    @Test func theShippedPackHoldsTheStatutoryLimits() {
        #expect(policePowersRules.protection.maximumHours.value == 72)
        #expect(policePowersRules.protection.designatedOfficerMinimumRank.value == .inspector)
        #expect(policePowersRules.custody.childUnderAge.value == 18)
        #expect(policePowersRules.custody.transfer.secureFromAge.value == 12)
        #expect(policePowersRules.duty("child-told-wishes")?.mandatory == true)
    }

    struct PackCase: Sendable, CustomStringConvertible {
        var description: String
        var edit: @Sendable (inout [String: Any]) -> Void
        var refusal: String
    }

    /// Sets one value, written as JSON ("96", "true", "[\"s136\"]"), so the edit captures only strings.
    static func setting(_ section: String, _ key: String, _ valueJSON: String) -> @Sendable (inout [String: Any]) -> Void {
        { json in
            let value = try! JSONSerialization.jsonObject(with: Data(valueJSON.utf8), options: .fragmentsAllowed)
            var part = json[section] as! [String: Any]
            var entry = part[key] as! [String: Any]
            entry["value"] = value
            part[key] = entry
            json[section] = part
        }
    }

    static let packCases: [PackCase] = [
        PackCase(description: "more than 72 hours", edit: setting("protection", "maximumHours", "96"), refusal: "more than 72 hours"),
        PackCase(
            description: "a solicitor as appropriate adult", edit: setting("custody", "solicitorMayBeAppropriateAdult", "true"),
            refusal: "solicitor"),
        PackCase(
            description: "a constable as designated officer", edit: setting("protection", "designatedOfficerMinimumRank", "\"constable\""),
            refusal: "sergeant"),
        PackCase(
            description: "a police station without reason", edit: setting("protection", "policeStationNeedsExceptionalReason", "false"),
            refusal: "exceptional"),
        PackCase(
            description: "a carve-out for an unknown call", edit: setting("welfare", "childAlwaysAttended", "[\"s136\"]"),
            refusal: "unknown call kind"),
        PackCase(
            description: "the child's wishes made optional",
            edit: { json in
                var protection = json["protection"] as! [String: Any]
                var duties = protection["duties"] as! [[String: Any]]
                duties[2]["mandatory"] = false
                protection["duties"] = duties
                json["protection"] = protection
            }, refusal: "child-told-wishes"),
    ]

    @Test(arguments: packCases)
    func aPackThatWouldBreakTheLawIsRefused(_ testCase: PackCase) {
        let refusal = policePowersPackRefusal(testCase.edit)
        #expect(refusal?.contains(testCase.refusal) == true, "\(refusal ?? "accepted")")
    }

    @Test func theUnchangedPackIsAccepted() {
        #expect(policePowersPackRefusal { _ in } == nil)
    }
}
