import Foundation
import LanternCore
import Testing

@Suite("NRM referrals")
struct NRMReferralTests {
    static let referred = ukTime("2026-11-26 10:00")  // a Thursday
    static let referral = NRMReferral(id: "r", concernID: "c", childID: "k", referredAt: referred, reference: "NRM-1", referredBy: "DC")

    @Test func reasonableGroundsHasAWorkingDayTarget() {
        let next = Self.referral.nextDecision(rules: exploitationRules)
        #expect(next == NRMNextDecision(stage: .reasonableGrounds, timing: .target, date: ukTime("2026-12-03 17:00")))
        #expect(next?.label == "Reasonable-grounds decision targeted by")
        let beforeChristmas = NRMReferral(
            id: "r", concernID: "c", childID: "k", referredAt: ukTime("2026-12-22 09:00"), reference: "NRM-2", referredBy: "DC")
        #expect(beforeChristmas.nextDecision(rules: exploitationRules)?.date == ukTime("2026-12-31 17:00"))
    }

    @Test func conclusiveGroundsIsNoEarlierThanTheRecoveryPeriodNeverExpected() throws {
        let now = Self.referred.addingTimeInterval(90 * 86_400)
        let rg = try Self.referral.deciding(.positive, at: ukTime("2026-11-30 15:00"), now: now, rules: exploitationRules)
        let next = rg.nextDecision(rules: exploitationRules)
        #expect(next == NRMNextDecision(stage: .conclusiveGrounds, timing: .noEarlierThan, date: ukTime("2026-12-30 00:00")))
        #expect(next?.label == "Conclusive-grounds decision no earlier than")
        #expect(next?.label.contains("xpected") == false)
    }

    struct DecisionCase: Sendable, CustomStringConvertible {
        var description: String
        var conclusiveAt: String
        var refusal: String?
    }

    @Test(arguments: [
        DecisionCase(description: "on the day the minimum recovery period ends", conclusiveAt: "2026-12-30 09:00", refusal: nil),
        DecisionCase(description: "45 days after", conclusiveAt: "2027-01-14 09:00", refusal: nil),
        DecisionCase(
            description: "a day early", conclusiveAt: "2026-12-29 16:00",
            refusal: "A conclusive-grounds decision comes no earlier than 30 days after the positive reasonable-grounds decision (2026-11-30), "
                + "so not before 2026-12-30: check the date on the decision letter"),
    ])
    func conclusiveGroundsBeforeTheMinimumIsRefused(_ c: DecisionCase) throws {
        let now = ukTime("2027-03-01 09:00")
        let rg = try Self.referral.deciding(.positive, at: ukTime("2026-11-30 15:00"), now: now, rules: exploitationRules)
        let result = Result { try rg.deciding(.positive, at: ukTime(c.conclusiveAt), now: now, rules: exploitationRules) }
        switch result {
        case .success(let done):
            #expect(c.refusal == nil)
            #expect(done.conclusiveGrounds == .positive)
            #expect(done.nextDecision(rules: exploitationRules) == nil)
        case .failure(let failure): #expect((failure as? ValidationFailure)?.errors.map(\.message) == [c.refusal].compactMap { $0 })
        }
    }

    @Test func decisionsComeInOrder() throws {
        let now = Self.referred.addingTimeInterval(60 * 86_400)
        #expect(throws: ValidationFailure.self) {
            try Self.referral.deciding(.positive, at: Self.referred.addingTimeInterval(-60), now: now, rules: exploitationRules)
        }
        #expect(throws: ValidationFailure.self) {
            try Self.referral.deciding(.positive, at: now.addingTimeInterval(60), now: now, rules: exploitationRules)
        }
        let missing = #expect(throws: ValidationFailure.self) { try Self.referral.deciding(nil, at: now, now: now, rules: exploitationRules) }
        #expect(missing?.errors.map(\.field) == ["decision"])
        let negative = try Self.referral.deciding(.negative, at: Self.referred.addingTimeInterval(86_400), now: now, rules: exploitationRules)
        #expect(negative.nextDecision(rules: exploitationRules) == nil)
        let after = #expect(throws: ValidationFailure.self) { try negative.deciding(.positive, at: now, now: now, rules: exploitationRules) }
        #expect(after?.errors.first?.message.contains("was negative") == true)
    }

    struct NewCase: Sendable, CustomStringConvertible {
        var description: String
        var reference: String
        var age: Int?
        var fields: [String]
    }

    @Test(arguments: [
        NewCase(description: "a child of 15, no consent asked", reference: " NRM-3 ", age: 15, fields: []),
        NewCase(description: "a child whose age is not recorded", reference: "NRM-4", age: nil, fields: []),
        NewCase(description: "an adult", reference: "NRM-5", age: 18, fields: ["childId"]),
        NewCase(description: "no reference", reference: "  ", age: 12, fields: ["reference"]),
    ])
    func aNewReferralIsOfAChildAndNeedsNoConsent(_ c: NewCase) {
        let now = Self.referred
        let result = Result { try NRMReferral.validateNew(reference: c.reference, referredAt: now, age: c.age, now: now, rules: exploitationRules) }
        switch result {
        case .success(let clean):
            #expect(c.fields.isEmpty)
            #expect(clean == c.reference.trimmingCharacters(in: .whitespaces))
        case .failure(let failure): #expect((failure as? ValidationFailure)?.errors.map(\.field) == c.fields)
        }
        #expect(exploitationRules.nrm.childConsent.text.contains("do not have to consent"))
    }
}
