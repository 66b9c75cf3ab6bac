import Foundation
import LanternCore
import Testing

@Suite("Custody transfers and welfare calls")
struct TransferAndWelfareTests {
    let rules = policePowersRules
    let charged = instant("2026-12-05T22:00:00+00:00")

    func child(transfer: TransferRequest, born: String = "2011-03-14") -> ChildInCustody {
        ChildInCustody(
            id: "cc-1", childID: "child-1", custodyRecord: "01LW/1234/26", detainedAt: charged.addingTimeInterval(-3 * 3600), dateOfBirth: born,
            transfer: transfer)
    }

    func refused(_ record: ChildInCustody) -> [String] {
        refusedFields { () throws(ValidationFailure) in try record.check(now: charged.addingTimeInterval(12 * 3600), rules: rules) }
    }

    func certificate(_ ground: TransferRequest.Ground, _ reasons: String) -> TransferRequest.Certificate {
        .init(ground: ground, reasons: reasons, custodyOfficer: "PS Morgan", at: charged.addingTimeInterval(5 * 3600))
    }

    @Test(arguments: [
        ("", ["transfer.certificate.reasons"]),
        ("no bed", ["transfer.certificate.reasons"]),
        ("Snow closed every road out of the borough; the authority's carers could not reach the station", []),
    ])
    func aCertificateWithoutReasonsIsRefused(_ reasons: String, _ expected: [String]) {
        let transfer = TransferRequest(
            chargedAt: charged, bailRefusedAt: charged, requestedAt: charged.addingTimeInterval(600),
            certificate: certificate(.impracticable, reasons))
        #expect(refused(child(transfer: transfer)) == expected)
    }

    /// No secure accommodation is a ground only for a child of 12 or over for whom secure was asked.
    @Test(arguments: [("2011-03-14", [String]()), ("2015-01-01", ["transfer.certificate.ground"])])
    func theNoSecureGroundNeedsAChildOf12OrOver(_ born: String, _ expected: [String]) {
        let transfer = TransferRequest(
            chargedAt: charged, bailRefusedAt: charged, requestedAt: charged.addingTimeInterval(600), accommodation: .secure,
            justification: "Charged with wounding with intent; threats to the witness",
            certificate: certificate(
                .noSecureAccommodation, "No secure bed in the region tonight, and the threats make a foster placement unsafe for the public"))
        #expect(refused(child(transfer: transfer, born: born)) == expected)
    }

    @Test func secureAccommodationNeedsItsJustification() {
        let transfer = TransferRequest(
            chargedAt: charged, bailRefusedAt: charged, requestedAt: charged.addingTimeInterval(600), accommodation: .secure)
        #expect(refused(child(transfer: transfer)) == ["transfer.justification"])
    }

    @Test(arguments: [
        (nil as Double?, nil as TransferRequest.Answer?, 0.5, TransferState.waiting(for: .request, since: 1800, level: 0)),
        (nil, nil, 2, .waiting(for: .request, since: 7200, level: 1)),
        (0.25, nil, 4, .waiting(for: .answer, since: 4 * 3600, level: 2)),
        (0.25, .accepted, 7, .waiting(for: .transfer, since: 7 * 3600, level: 4)),
    ])
    func theTransferClockClimbsWhileTheChildWaits(
        _ requestedAfter: Double?, _ answer: TransferRequest.Answer?, _ hours: Double, _ expected: TransferState
    ) {
        let transfer = TransferRequest(
            chargedAt: charged, bailRefusedAt: charged, requestedAt: requestedAfter.map { charged.addingTimeInterval($0 * 3600) }, answer: answer)
        #expect(TransferClock.state(of: transfer, at: charged.addingTimeInterval(hours * 3600), rules: rules) == expected)
    }

    @Test func aChildStillHeldAfterMidnightIsHeldOvernight() {
        let transfer = TransferRequest(chargedAt: charged, bailRefusedAt: charged)
        #expect(!TransferClock.heldOvernight(transfer, at: charged.addingTimeInterval(3600)))
        #expect(TransferClock.heldOvernight(transfer, at: charged.addingTimeInterval(3 * 3600)))
    }

    @Test func theCourtCertificateStatesTheGroundAndReasons() throws {
        let reasons = "Snow closed every road out of the borough; the authority's carers could not reach the station"
        let transfer = TransferRequest(
            chargedAt: charged, bailRefusedAt: charged, requestedAt: charged.addingTimeInterval(600), answer: .accepted,
            answeredAt: charged.addingTimeInterval(1200), certificate: certificate(.impracticable, reasons))
        let text = try #require(TransferClock.certificateText(child: child(transfer: transfer), childName: "A. Child", rules: rules))
        #expect(text.contains("SECTION 38(7)"))
        #expect(text.contains("s38(6)(a)"))
        #expect(text.contains("Reasons: " + reasons))
        #expect(text.contains("bail refused at 2026-12-05 22:00"))
    }

    func call(kind: String, child: Bool, threshold: Bool = false, decision: WelfareCall.Decision = .notAttend) -> WelfareCall {
        WelfareCall(
            id: "wc-1", kind: kind, receivedAt: charged, subjectIsChild: child, thresholdMet: threshold, decision: decision,
            reason: "Ward staff confirm the patient is known and safe with family", partnerAgency: "NHS mental health trust", decidedBy: "call-1")
    }

    /// The force's carve-out keeps a concern-for-welfare call about a child attended; an adult's goes to partners.
    @Test(arguments: [
        ("concern-for-welfare", true, ["decision"]),
        ("walk-out-from-health-setting", true, ["decision"]),
        ("transport-to-health-setting", true, []),
        ("concern-for-welfare", false, []),
    ])
    func theChildCarveOutKeepsTheCallAttended(_ kind: String, _ isChild: Bool, _ expected: [String]) {
        #expect(
            refusedFields { () throws(ValidationFailure) in try WelfareCallTriage.check(call(kind: kind, child: isChild), now: charged, rules: rules)
            } == expected)
        #expect(WelfareCallTriage.mustAttend(call(kind: kind, child: isChild), rules: rules) == !expected.isEmpty)
    }

    @Test func aCallMeetingTheThresholdIsAttended() {
        let adult = call(kind: "concern-for-welfare", child: false, threshold: true)
        #expect(refusedFields { () throws(ValidationFailure) in try WelfareCallTriage.check(adult, now: charged, rules: rules) } == ["decision"])
    }

    @Test func aDecisionNotToAttendNamesThePartnerAgency() {
        var adult = call(kind: "concern-for-welfare", child: false)
        adult.partnerAgency = nil
        #expect(refusedFields { () throws(ValidationFailure) in try WelfareCallTriage.check(adult, now: charged, rules: rules) } == ["partnerAgency"])
    }

    @Test(arguments: [(true, WelfareCall.Decision.notAttend, true), (true, .attend, false), (false, .notAttend, false)])
    func aChildNotAttendedGoesToTheMASH(_ isChild: Bool, _ decision: WelfareCall.Decision, _ expected: Bool) {
        #expect(WelfareCallTriage.goesToMASH(call(kind: "transport-to-health-setting", child: isChild, decision: decision), rules: rules) == expected)
    }
}
