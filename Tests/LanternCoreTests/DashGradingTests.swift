import Foundation
import LanternCore
import LanternResources
import Testing

@Suite("DASH grading")
struct DashGradingTests {
    let rules = domesticAbuseRules

    @Test func theShippedPackIsThePoliceChecklist() {
        #expect(rules.tool == "dash")
        #expect(rules.questions.count == 27)
        #expect(rules.bands.map(\.atLeastYes) == [0, 10, 14])
    }

    /// 14 or more "yes" is high (SafeLives); 10 to 13 medium and below that standard (a local band).
    @Test(arguments: [(0, DashGrade.standard), (9, .standard), (10, .medium), (13, .medium), (14, .high), (27, .high)])
    func theCountOfYesSetsTheLevel(_ yes: Int, _ expected: DashGrade) throws {
        let result = try DashGrading.grade(DashSubmission(answers: dashAnswers(yes: yes)), callOutsInWindow: 0, rules: rules)
        #expect(result.grade == expected)
        #expect(result.countGrade == expected)
        #expect(result.yesCount == yes)
        #expect(result.referToMARAC == (expected == .high))
    }

    @Test(arguments: [(2, DashGrade.standard), (3, .high), (7, .high)])
    func callOutsInTwelveMonthsEscalate(_ callOuts: Int, _ expected: DashGrade) throws {
        let result = try DashGrading.grade(DashSubmission(answers: dashAnswers(yes: 5)), callOutsInWindow: callOuts, rules: rules)
        #expect(result.grade == expected)
        #expect(result.countGrade == .standard)
    }

    @Test func professionalJudgementRaisesTheLevelWithItsReasonRecorded() throws {
        let judgement = ProfessionalJudgement(raisesTo: .high, reason: "She described being choked last week and fears for the baby")
        let result = try DashGrading.grade(DashSubmission(answers: dashAnswers(yes: 4), judgement: judgement), callOutsInWindow: 0, rules: rules)
        #expect(result.grade == .high)
        #expect(result.referToMARAC)
        #expect(result.reasons.last?.contains("fears for the baby") == true)
    }

    @Test func aJudgementBelowTheCountChangesNothing() throws {
        let judgement = ProfessionalJudgement(raisesTo: .medium, reason: "Officer's view after speaking to both adults")
        let result = try DashGrading.grade(DashSubmission(answers: dashAnswers(yes: 15), judgement: judgement), callOutsInWindow: 0, rules: rules)
        #expect(result.grade == .high)
        #expect(result.reasons.count == 1)
    }

    @Test(arguments: [
        (ProfessionalJudgement(raisesTo: .high, reason: "worried"), "judgement.reason"),
        (ProfessionalJudgement(raisesTo: .standard, reason: "The officer's reasons at some length here"), "judgement.raisesTo"),
    ])
    func aJudgementWithoutAReasonOrThatLowersIsRefused(_ judgement: ProfessionalJudgement, _ field: String) throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try DashGrading.grade(DashSubmission(answers: [:], judgement: judgement), callOutsInWindow: 0, rules: rules)
        }
        #expect(failure.errors.map(\.field) == [field])
    }

    @Test func anAnswerToAQuestionNotOnTheChecklistIsRefusedByName() throws {
        let failure = try #require(throws: ValidationFailure.self) {
            try DashGrading.grade(DashSubmission(answers: ["shoe-size": .yes]), callOutsInWindow: 0, rules: rules)
        }
        #expect(failure.errors.map(\.field) == ["answers.shoe-size"])
    }

    @Test func unansweredQuestionsAreCountedAsNotKnownNotAsNo() throws {
        let answers: [String: DashAnswer] = ["injury": .yes, "frightened": .yes, "isolated": .no, "weapons": .notKnown]
        let result = try DashGrading.grade(DashSubmission(answers: answers), callOutsInWindow: 0, rules: rules)
        #expect(result.yesCount == 2)
        #expect(result.notKnownCount == 24)
    }

    @Test func strangulationBelowHighPromptsProfessionalJudgement() throws {
        let result = try DashGrading.grade(DashSubmission(answers: ["strangulation": .yes]), callOutsInWindow: 0, rules: rules)
        #expect(result.grade == .standard)
        #expect(result.prompts.count == 1)
        #expect(result.prompts.first?.contains("strangulation") == true)
    }

    @Test func aHighLevelNeedsNoPrompt() throws {
        let result = try DashGrading.grade(DashSubmission(answers: ["strangulation": .yes]), callOutsInWindow: 3, rules: rules)
        #expect(result.grade == .high)
        #expect(result.prompts.isEmpty)
    }

    @Test func callOutsAreCountedInTheWindowBeforeTheIncident() {
        let incident = Date(timeIntervalSince1970: 1_800_000_000)
        let days = { (d: Double) in incident.addingTimeInterval(-d * 86_400) }
        let times = [days(1), days(100), days(364), days(366), incident.addingTimeInterval(3600)]
        #expect(DashGrading.callOuts(times, before: incident, rules: rules) == 3)
    }
}

@Suite("Domestic abuse rule pack")
struct DomesticAbuseRulesTests {
    @Test func theShippedPackIsAccepted() {
        #expect(domesticAbusePackRefusal { _ in } == nil)
    }

    @Test func everyQuestionNamesAKnownSource() throws {
        let json = try JSONSerialization.jsonObject(with: LanternResources.data(at: "rules/domestic-abuse.json")!) as! [String: Any]
        let sources = Set((json["sources"] as! [String: Any]).keys)
        for question in domesticAbuseRules.questions {
            #expect(sources.contains(question.source), "\(question.id)")
            #expect(["F", "F2", "M", "L"].contains(question.evidence), "\(question.id)")
        }
    }

    /// Each way a pack can be broken, the edit that breaks it, and what the refusal must say.
    enum BrokenPack: String, CaseIterable, Sendable {
        case bandsOutOfOrder, promptNamingAnUnknownQuestion, schoolDayStartNotHHMM, overlappingTerms, halfTermOutsideItsTerm

        var message: String {
            switch self {
            case .bandsOutOfOrder: "first band"
            case .promptNamingAnUnknownQuestion: "unknown question 'nonsense'"
            case .schoolDayStartNotHHMM: "HH:MM"
            case .overlappingTerms: "starts before the term before it ends"
            case .halfTermOutsideItsTerm: "inside the term"
            }
        }

        func edit(_ j: inout [String: Any]) {
            var encompass = j["encompass"] as! [String: Any]
            var terms = j["terms"] as! [String: Any]
            switch self {
            case .bandsOutOfOrder: j["bands"] = Array((j["bands"] as! [Any]).reversed())
            case .promptNamingAnUnknownQuestion:
                j["judgementPrompts"] = [["questions": ["nonsense"], "prompt": "x", "source": "L", "evidence": "L", "checked": "2026-12-07"]]
            case .schoolDayStartNotHHMM:
                encompass["schoolDayStarts"] = ["value": "8.30am", "why": "", "source": "L", "evidence": "L", "checked": "2026-12-07"]
            case .overlappingTerms:
                terms["periods"] = [
                    ["name": "A", "starts": "2026-09-01", "ends": "2026-12-18", "closed": [Any]()],
                    ["name": "B", "starts": "2026-12-01", "ends": "2027-03-26", "closed": [Any]()],
                ]
            case .halfTermOutsideItsTerm:
                terms["periods"] = [
                    ["name": "A", "starts": "2026-09-01", "ends": "2026-12-18", "closed": [["from": "2027-01-01", "to": "2027-01-05", "name": "H"]]]
                ]
            }
            j["encompass"] = encompass
            j["terms"] = terms
        }
    }

    @Test(arguments: BrokenPack.allCases)
    func aBrokenPackIsRefusedAtStartUp(_ broken: BrokenPack) {
        let refusal = domesticAbusePackRefusal(broken.edit)
        #expect(refusal?.contains(broken.message) == true, "\(broken.rawValue): \(refusal ?? "accepted")")
    }
}
