import Foundation
import LanternCore
import Testing

@Suite("Strategy discussions and section 47")
struct StrategyMeetingTests {
    static let now = ukTime("2026-11-26 12:00")
    static let meeting = StrategyMeeting(id: "m", concernID: "c", scheduledAt: now)
    static let both = [Attendee(agency: .police, name: "DC One"), Attendee(agency: .childrensSocialCare, name: "SW Two")]

    struct HeldCase: Sendable, CustomStringConvertible {
        var description: String
        var section47: Section47Outcome
        var byPhone: Bool
        var referral: String?
        var followUp: String?
        var assessment: String?
    }

    @Test(arguments: [
        HeldCase(
            description: "s47 by phone, referral a week before", section47: .enquiry, byPhone: true, referral: "2026-11-19 09:00",
            followUp: "2026-12-03 17:00", assessment: "2027-01-26 17:00"),
        HeldCase(
            description: "child in need in person, referral the same day", section47: .childInNeed, byPhone: false, referral: "2026-11-26 09:00",
            followUp: nil, assessment: "2027-02-02 17:00"),
        HeldCase(
            description: "no further action, no referral date needed", section47: .noFurtherAction, byPhone: false, referral: nil,
            followUp: nil, assessment: nil),
    ])
    func theAssessmentRunsFromTheReferralAndNoConferenceYet(_ c: HeldCase) throws {
        let held = try Self.meeting.held(
            at: Self.now, attendees: Self.both, decisions: "Decided", section47: c.section47, byPhone: c.byPhone,
            referralReceivedAt: c.referral.map(ukTime), now: Self.now, rules: exploitationRules)
        #expect(held.followUpMeetingDue == c.followUp.map(ukTime))
        #expect(held.assessmentDue == c.assessment.map(ukTime))
        #expect(held.initialConferenceDue == nil, "a conference waits for the enquiries to substantiate the concerns")
        #expect(held.referralReceivedAt == c.referral.map(ukTime))
    }

    @Test func recordingAMeetingRefusesWhatIsMissing() {
        let missing = #expect(throws: ValidationFailure.self) {
            try Self.meeting.held(
                at: Self.now, attendees: [Attendee(agency: .police, name: "DC One")], decisions: " ", section47: .enquiry, byPhone: true,
                referralReceivedAt: nil, now: Self.now, rules: exploitationRules)
        }
        #expect(missing?.errors.map(\.field) == ["decisions", "attendees", "referralReceivedAt"])
        #expect(
            missing?.errors.last?.message
                == "Enter when children's social care received the referral: the 45-working-day assessment is counted from it")
        let late = #expect(throws: ValidationFailure.self) {
            try Self.meeting.held(
                at: Self.now, attendees: Self.both, decisions: "x", section47: .enquiry, byPhone: false,
                referralReceivedAt: Self.now.addingTimeInterval(3_600), now: Self.now, rules: exploitationRules)
        }
        #expect(late?.errors.map(\.message) == ["The referral cannot be after the strategy discussion it led to"])
    }

    struct FindingCase: Sendable, CustomStringConvertible {
        var description: String
        var finding: Section47Finding?
        var at: String?
        var conference: String?
        var refused: [String]
    }

    @Test(arguments: [
        FindingCase(
            description: "substantiated: conference 15 working days from the discussion", finding: .substantiated, at: "2026-12-10 12:00",
            conference: "2026-12-17 17:00", refused: []),
        FindingCase(
            description: "not substantiated: no conference", finding: .notSubstantiated, at: "2026-12-10 12:00", conference: nil, refused: []),
        FindingCase(description: "no finding", finding: nil, at: "2026-12-10 12:00", conference: nil, refused: ["finding"]),
        FindingCase(
            description: "dated before the discussion", finding: .substantiated, at: "2026-11-20 12:00", conference: nil, refused: ["findingAt"]),
        FindingCase(description: "no date", finding: .substantiated, at: nil, conference: nil, refused: ["findingAt"]),
    ])
    func aConferenceOnlyWhenTheEnquiriesSubstantiateTheConcerns(_ c: FindingCase) throws {
        let held = try Self.meeting.held(
            at: Self.now, attendees: Self.both, decisions: "s47", section47: .enquiry, byPhone: false,
            referralReceivedAt: Self.now, now: Self.now, rules: exploitationRules)
        let later = ukTime("2026-12-11 09:00")
        let result = Result { try held.concludingEnquiry(c.finding, at: c.at.map(ukTime), now: later, rules: exploitationRules) }
        switch result {
        case .success(let done):
            #expect(c.refused.isEmpty)
            #expect(done.enquiryFinding == c.finding)
            #expect(done.initialConferenceDue == c.conference.map(ukTime))
        case .failure(let failure): #expect((failure as? ValidationFailure)?.errors.map(\.field) == c.refused)
        }
    }

    @Test func aFindingNeedsADiscussionThatDecidedOnEnquiries() throws {
        let notHeld = #expect(throws: ValidationFailure.self) {
            try Self.meeting.concludingEnquiry(.substantiated, at: Self.now, now: Self.now, rules: exploitationRules)
        }
        #expect(notHeld?.errors.map(\.field) == ["meetingId"])
        let cin = try Self.meeting.held(
            at: Self.now, attendees: Self.both, decisions: "CIN", section47: .childInNeed, byPhone: false,
            referralReceivedAt: Self.now, now: Self.now, rules: exploitationRules)
        let wrong = #expect(throws: ValidationFailure.self) {
            try cin.concludingEnquiry(.substantiated, at: Self.now, now: Self.now, rules: exploitationRules)
        }
        #expect(wrong?.errors.first?.message.contains("did not decide on section 47 enquiries") == true)
        let s47 = try Self.meeting.held(
            at: Self.now, attendees: Self.both, decisions: "s47", section47: .enquiry, byPhone: false,
            referralReceivedAt: Self.now, now: Self.now, rules: exploitationRules)
        let done = try s47.concludingEnquiry(.notSubstantiated, at: Self.now, now: Self.now, rules: exploitationRules)
        #expect(throws: ValidationFailure.self) { try done.concludingEnquiry(.substantiated, at: Self.now, now: Self.now, rules: exploitationRules) }
    }
}
