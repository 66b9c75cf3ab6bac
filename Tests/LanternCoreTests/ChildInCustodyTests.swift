import Foundation
import LanternCore
import Testing

@Suite("Children in custody")
struct ChildInCustodyTests {
    let rules = policePowersRules
    let detained = instant("2026-12-05T21:00:00+00:00")

    func child(_ edit: (inout ChildInCustody) -> Void = { _ in }) -> ChildInCustody {
        var record = ChildInCustody(id: "cc-1", childID: "child-1", custodyRecord: "01LW/1234/26", detainedAt: detained, dateOfBirth: "2011-03-14")
        edit(&record)
        return record
    }

    func refused(_ record: ChildInCustody) -> [String] {
        refusedFields { () throws(ValidationFailure) in try record.check(now: detained.addingTimeInterval(10 * 3600), rules: rules) }
    }

    /// A date of birth decides; without one, how the person appears does.
    @Test(arguments: [
        ("2008-12-06" as String?, false, true),  // 17 the day before the eighteenth birthday
        ("2008-12-05", true, false),  // 18 today, whatever they look like
        (nil, true, true),
        (nil, false, false),
    ])
    func anAgeUnder18MakesAChildInCustody(_ born: String?, _ appears: Bool, _ expected: Bool) {
        #expect(ChildInCustody.isChild(dateOfBirth: born, appearsUnder18: appears, at: detained, rules: rules) == expected)
    }

    @Test(arguments: [
        (
            AppropriateAdult(name: "Ms Okafor", relationship: .other, isSolicitor: true, requestedAt: Date(timeIntervalSince1970: 1_796_506_200)),
            ["appropriateAdult.isSolicitor"]
        ),
        (
            AppropriateAdult(name: "Mr Lee", relationship: .parent, isDetained: true, requestedAt: Date(timeIntervalSince1970: 1_796_506_200)),
            ["appropriateAdult.isDetained"]
        ),
        (
            AppropriateAdult(name: "J Smith", relationship: .other, age: 17, requestedAt: Date(timeIntervalSince1970: 1_796_506_200)),
            ["appropriateAdult.age"]
        ),
        (AppropriateAdult(name: "Mrs Lee", relationship: .parent, requestedAt: Date(timeIntervalSince1970: 1_796_506_200)), []),
    ])
    func theAppropriateAdultIsNeitherSolicitorNorDetainedNorAChild(_ adult: AppropriateAdult, _ expected: [String]) {
        #expect(refused(child { $0.appropriateAdult = adult }) == expected)
    }

    @Test func anAppropriateAdultCannotArriveBeforeBeingRequested() {
        let adult = AppropriateAdult(name: "Mrs Lee", relationship: .parent, requestedAt: detained.addingTimeInterval(600), arrivedAt: detained)
        #expect(refused(child { $0.appropriateAdult = adult }) == ["appropriateAdult.arrivedAt"])
    }

    @Test(arguments: [(nil as String?, ["womanInCare"]), ("PS Adeyemi", [])])
    func aGirlIsUnderTheCareOfAWoman(_ woman: String?, _ expected: [String]) {
        #expect(
            refused(
                child {
                    $0.isGirl = true
                    $0.womanInCare = woman
                }) == expected)
    }

    @Test(arguments: [
        (CustodySearch.Kind.strip, false, nil as CustodySearch.UrgentException?, ["searches[0].appropriateAdultPresent"]),
        (.intimate, false, nil, ["searches[0].appropriateAdultPresent"]),
        (.strip, true, nil, []),
        (.outer, false, nil, []),
        (.strip, false, .init(reason: "urgent", supervisor: "PS Khan"), ["searches[0].urgentException.reason"]),
        (
            .strip, false, .init(reason: "Concealed blade seen in waistband; risk of serious harm to the child", supervisor: ""),
            ["searches[0].urgentException.supervisor"]
        ),
        (.strip, false, .init(reason: "Concealed blade seen in waistband; risk of serious harm to the child", supervisor: "PS Khan"), []),
    ])
    func aStripSearchNeedsTheAppropriateAdultOrTheUrgentException(
        _ kind: CustodySearch.Kind, _ present: Bool, _ exception: CustodySearch.UrgentException?, _ expected: [String]
    ) {
        let search = CustodySearch(
            kind: kind, at: detained.addingTimeInterval(1800), by: "pc-9", appropriateAdultPresent: present, urgentException: exception)
        #expect(refused(child { $0.searches = [search] }) == expected)
    }
}
