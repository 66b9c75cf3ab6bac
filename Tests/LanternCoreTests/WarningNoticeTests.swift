import Foundation
import LanternCore
import Testing

@Suite("Child Abduction Warning Notices")
struct WarningNoticeTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var basis: CAWNBasis?
        var age: Int?
        var status: Set<CAWNChildStatus> = []
        var parentalResponsibility = false
        /// The fields refused, in order; empty when the notice may be served.
        var refused: [String]
    }

    static let cases: [Case] = [
        Case(description: "15, s2", basis: .section2, age: 15, refused: []),
        Case(description: "16, s2", basis: .section2, age: 16, refused: ["basis"]),
        Case(description: "age unknown, s2", basis: .section2, age: nil, refused: ["basis"]),
        Case(description: "16 under a care order, s49", basis: .section49, age: 16, status: [.careOrder], refused: []),
        Case(description: "17 in police protection, s49", basis: .section49, age: 17, status: [.policeProtection], refused: []),
        Case(
            description: "17 under an emergency protection order, s49", basis: .section49, age: 17, status: [.emergencyProtectionOrder], refused: []),
        Case(description: "17 accommodated by agreement only, s49", basis: .section49, age: 17, status: [], refused: ["childStatus"]),
        Case(description: "18 under a care order, s49", basis: .section49, age: 18, status: [.careOrder], refused: ["basis"]),
        Case(description: "no basis", basis: nil, age: 12, refused: ["basis"]),
        Case(
            description: "14, s2, served on her father who has parental responsibility", basis: .section2, age: 14, parentalResponsibility: true,
            refused: ["adultId"]),
        Case(
            description: "16 in care, s49, served on a parent with parental responsibility", basis: .section49, age: 16, status: [.careOrder],
            parentalResponsibility: true, refused: ["adultId"]),
    ]

    @Test(arguments: cases)
    func aNoticeCoversOnlyTheChildrenTheLawCoversAndNoParent(_ c: Case) {
        let now = ukTime("2026-12-06 12:00")
        let request = CAWNRequest(
            basis: c.basis, childAge: c.age, childStatus: c.status, adultHasParentalResponsibility: c.parentalResponsibility,
            servedAt: now, servedBy: "PC One", consentFrom: "Local authority")
        let result = Result { try WarningNotice.validate(request, now: now, rules: exploitationRules) }
        switch result {
        case .success(let basis):
            #expect(c.refused.isEmpty)
            #expect(basis == c.basis)
        case .failure(let failure): #expect((failure as? ValidationFailure)?.errors.map(\.field) == c.refused)
        }
    }

    @Test func theRefusalsSayWhy() throws {
        let now = ukTime("2026-12-06 12:00")
        let parent = #expect(throws: ValidationFailure.self) {
            try WarningNotice.validate(
                CAWNRequest(
                    basis: .section2, childAge: 14, adultHasParentalResponsibility: true, servedAt: now,
                    servedBy: "PC One", consentFrom: "Mother"), now: now, rules: exploitationRules)
        }
        #expect(
            parent?.errors.first?.message.hasPrefix(
                "This adult has parental responsibility for the child, so a warning notice cannot be served on them.") == true)
        let accommodated = #expect(throws: ValidationFailure.self) {
            try WarningNotice.validate(
                CAWNRequest(basis: .section49, childAge: 15, servedAt: now, servedBy: "PC One", consentFrom: "LA"),
                now: now, rules: exploitationRules)
        }
        #expect(accommodated?.errors.first?.message.contains("section 20 is not covered: use section 2 if they are under 16") == true)
        let tooOld = #expect(throws: ValidationFailure.self) {
            try WarningNotice.validate(
                CAWNRequest(basis: .section2, childAge: 16, servedAt: now, servedBy: "PC One", consentFrom: "Mother"),
                now: now, rules: exploitationRules)
        }
        #expect(
            tooOld?.errors.first?.message == "Section 2 covers children under 16; this child is 16. For a child in care, in police protection "
                + "or under an emergency protection order use section 49")
    }

    @Test func theNoticeIsServedOnAnAdultNowByAnOfficerWithConsent() {
        let now = ukTime("2026-12-06 12:00")
        let all = #expect(throws: ValidationFailure.self) {
            try WarningNotice.validate(
                CAWNRequest(
                    basis: .section2, childAge: 13, adultIsChild: true, servedAt: now.addingTimeInterval(3_600),
                    servedBy: " ", consentFrom: ""), now: now, rules: exploitationRules)
        }
        #expect(all?.errors.map(\.field) == ["servedAt", "servedBy", "consentFrom", "adultId"])
    }
}
