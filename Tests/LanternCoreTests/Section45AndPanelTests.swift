import Foundation
import LanternCore
import Testing

@Suite("Section 45 on a child's arrest, and the exploitation panel")
struct Section45AndPanelTests {
    static func concern(_ reference: String, _ type: ConcernType, open: Bool = true) -> ExploitationConcern {
        ExploitationConcern(
            id: reference, reference: reference, type: type, status: open ? .open : .closed, summary: "", leadInvestigator: "dc",
            team: "T", borough: "B", openedBy: "dc", openedAt: ukTime("2026-10-01 09:00"))
    }

    static func referral(_ reference: String, rg: NRMDecision? = nil, cg: NRMDecision? = nil) -> NRMReferral {
        NRMReferral(
            id: reference, concernID: "c", childID: "k", referredAt: ukTime("2026-10-02 09:00"), reference: reference, referredBy: "dc",
            reasonableGrounds: rg, reasonableGroundsAt: rg.map { _ in ukTime("2026-10-06 09:00") }, conclusiveGrounds: cg,
            conclusiveGroundsAt: cg.map { _ in ukTime("2026-11-20 09:00") })
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var age: Int?
        var concerns: [ExploitationConcern]
        var referrals: [NRMReferral]
        var excluded: Bool?
        /// nil when no note is made.
        var grounds: [String]?
    }

    static let cases: [Case] = [
        Case(
            description: "15, open county-lines concern", age: 15, concerns: [concern("EC-1", .countyLines)], referrals: [], excluded: false,
            grounds: ["Open concern EC-1 (County lines)"]),
        Case(
            description: "16, positive reasonable grounds", age: 16, concerns: [], referrals: [referral("NRM-1", rg: .positive)], excluded: nil,
            grounds: ["NRM referral NRM-1: positive reasonable-grounds decision"]),
        Case(
            description: "17, referral awaiting a decision and a closed concern", age: 17, concerns: [concern("EC-2", .criminal, open: false)],
            referrals: [referral("NRM-2")], excluded: nil, grounds: ["NRM referral NRM-2: awaiting the reasonable-grounds decision"]),
        Case(
            description: "14, positive conclusive grounds", age: 14, concerns: [], referrals: [referral("NRM-3", rg: .positive, cg: .positive)],
            excluded: true, grounds: ["NRM referral NRM-3: positive conclusive-grounds decision"]),
        Case(
            description: "18 at the time of the offence", age: 18, concerns: [concern("EC-1", .countyLines)], referrals: [], excluded: nil,
            grounds: nil),
        Case(
            description: "15, negative reasonable grounds only", age: 15, concerns: [], referrals: [referral("NRM-4", rg: .negative)], excluded: nil,
            grounds: nil),
        Case(
            description: "15, only an intra-familial concern", age: 15, concerns: [concern("EC-5", .intraFamilial)], referrals: [], excluded: nil,
            grounds: nil),
        Case(
            description: "age not recorded, trafficking concern", age: nil, concerns: [concern("EC-6", .trafficking)], referrals: [], excluded: nil,
            grounds: ["Open concern EC-6 (Trafficking or modern slavery)"]),
    ]

    @Test(arguments: cases)
    func theDefenceIsNotedWhenTheRecordSuggestsAVictim(_ c: Case) {
        let note = Section45.note(
            ageAtOffence: c.age, concerns: c.concerns, referrals: c.referrals, offenceExcluded: c.excluded, rules: exploitationRules)
        #expect(note?.grounds == c.grounds)
        guard let note else { return }
        #expect(note.ruleText.hasPrefix("Modern Slavery Act 2015 s45(4)"))
        #expect(note.ruleText.contains("does not have to show they were compelled"))
        #expect(note.ageToCheck == (c.age == nil))
        #expect(note.action.contains("NRM"))
        switch c.excluded {
        case true?: #expect(note.exclusionText.hasPrefix("The offence is listed in Schedule 4, so the defence does not apply to it."))
        case false?: #expect(note.exclusionText == "The offence is not listed in Schedule 4.")
        case nil: #expect(note.exclusionText.hasPrefix("Check whether the offence is listed in Schedule 4."))
        }
    }

    @Test func thePanelListsCoreMembersFirstAndSaysWhoIsMissing() {
        let members = ExploitationPanel.members(rules: exploitationRules)
        #expect(exploitationRules.panel.name.contains("MACE"))
        #expect(
            members.prefix { $0.core }.map(\.agency) == [
                "police", "childrens-social-care", "health", "education", "youth-justice", "substance-misuse",
            ])
        #expect(members.filter { !$0.core }.map(\.agency).contains("community-safety"))
        let attending: Set<String> = Set([MeetingAgency.police, .childrensSocialCare, .education].map(\.rawValue))
        #expect(
            ExploitationPanel.missingCoreMembers(attending: attending, rules: exploitationRules).map(\.title)
                == ["Health", "Youth justice service", "Drug and alcohol service for young people"])
        for member in members {
            #expect(["F", "F2", "M", "L"].contains(member.evidence), "\(member.agency)")
            #expect(!member.source.isEmpty, "\(member.agency)")
        }
    }

    @Test func everyPanelMemberCanBeRecordedAsAnAttendingAgency() {
        for member in exploitationRules.panel.members { #expect(MeetingAgency(rawValue: member.agency) != nil, "\(member.agency)") }
    }
}
