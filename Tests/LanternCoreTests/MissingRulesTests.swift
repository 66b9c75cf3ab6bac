import Foundation
import LanternCore
import LanternResources
import Testing

/// The bundled missing-children rule pack, read once for every table below.
let missingRules: MissingRules = try! MissingRules.decode(LanternResources.data(at: "rules/missing.json")!)

func actor(_ role: Role, rank: Rank) -> Actor {
    Actor(userID: "\(role.rawValue)-\(rank.rawValue)", username: "u", displayName: "U", role: role, rank: rank, team: "T", borough: "Lambeth")
}

/// 2026-11-25 23:30 UTC: half an hour before midnight, so clocks are seen to cross it.
let lateEvening = Date(timeIntervalSince1970: 1_795_649_400)

@Suite("Missing children: risk grading")
struct RiskGradingTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var yes: [String]
        var no: [String] = ["*"]
        var child: ChildRiskFactors = ChildRiskFactors(ageYears: 15)
        var grade: RiskGrade
        var driver: String?
    }

    static func answers(_ yes: [String], no: [String]) -> [RiskAnswer] {
        missingRules.questions.compactMap { q in
            if yes.contains(q.id) { return RiskAnswer(questionID: q.id, value: .yes, sourceName: "Mother") }
            if no == ["*"] || no.contains(q.id) { return RiskAnswer(questionID: q.id, value: .no, sourceName: "Mother") }
            return nil
        }
    }

    static let cases: [Case] = [
        Case(description: "everything answered no: very low", yes: [], grade: .veryLow),
        Case(description: "a planned absence alone: low", yes: ["planned"], grade: .low, driver: "planned"),
        Case(description: "mental health: medium", yes: ["mental-health"], grade: .medium, driver: "mental-health"),
        Case(description: "two medium factors stay medium", yes: ["mental-health", "drugs-alcohol"], grade: .medium),
        Case(
            description: "three medium factors together: high", yes: ["mental-health", "drugs-alcohol", "out-of-character"],
            grade: .high, driver: "three-medium"),
        Case(description: "crime or abduction: high", yes: ["crime-or-abduction"], grade: .high, driver: "crime-or-abduction"),
        Case(description: "medication not with them: high", yes: ["medical-needs"], grade: .high, driver: "medical-needs"),
        Case(
            description: "unanswered high question: medium, not safe", yes: [], no: ["mental-health"], grade: .medium,
            driver: "crime-or-abduction"),
        Case(
            description: "a child under 13 is at least medium", yes: [], child: ChildRiskFactors(ageYears: 11), grade: .medium,
            driver: "under-13"),
        Case(
            description: "a looked-after child is at least low", yes: [], child: ChildRiskFactors(ageYears: 15, lookedAfter: true),
            grade: .low, driver: "looked-after"),
        Case(
            description: "repeat missing is at least medium", yes: [], child: ChildRiskFactors(ageYears: 15, repeatMissing: true),
            grade: .medium, driver: "repeat-missing"),
        Case(
            description: "an open exploitation concern is at least medium, whatever the answers", yes: [],
            child: ChildRiskFactors(ageYears: 15, known: [.openExploitationConcern: "on open concern EX-1"]), grade: .medium,
            driver: "known-exploitation"),
        Case(
            description: "a significant screening is at least medium", yes: [],
            child: ChildRiskFactors(ageYears: 14, known: [.significantScreening: "latest screening: significant"]), grade: .medium,
            driver: "known-exploitation"),
        Case(
            description: "an exploitation flag is at least medium even with every answer no", yes: [],
            child: ChildRiskFactors(ageYears: 16, exploitationFlagged: true), grade: .medium, driver: "known-exploitation"),
        Case(
            description: "found with a flagged person before is at least medium", yes: [],
            child: ChildRiskFactors(ageYears: 15, known: [.previouslyFoundWithFlagged: "found with A (registered sex offender)"]),
            grade: .medium, driver: "previously-found-with-flagged"),
        Case(
            description: "one earlier episode this year: never very low", yes: [], child: ChildRiskFactors(ageYears: 15, earlierEpisodesInYear: 1),
            grade: .low, driver: "history"),
        Case(
            description: "two earlier episodes this year: at least medium", yes: [],
            child: ChildRiskFactors(ageYears: 15, earlierEpisodesInYear: 2), grade: .medium, driver: "history"),
        Case(
            description: "two yes mediums and repeat missing make three: high", yes: ["mental-health", "drugs-alcohol"],
            child: ChildRiskFactors(ageYears: 15, repeatMissing: true), grade: .high, driver: "three-medium"),
        Case(
            description: "a medium answer, known exploitation and history make three: high", yes: ["mental-health"],
            child: ChildRiskFactors(ageYears: 15, known: [.openExploitationConcern: "on EX-1"], earlierEpisodesInYear: 2),
            grade: .high, driver: "three-medium"),
        Case(
            description: "a young child missing out of character: high", yes: ["out-of-character"], child: ChildRiskFactors(ageYears: 9),
            grade: .high, driver: "young-out-of-character"),
        Case(
            description: "a young child, out of character not known: counts against safety, high", yes: [],
            no: ["crime-or-abduction", "suicide-self-harm", "medical-needs", "exploitation"], child: ChildRiskFactors(ageYears: 10),
            grade: .high, driver: "young-out-of-character"),
        Case(
            description: "a young child with every answer no: medium for age", yes: [], child: ChildRiskFactors(ageYears: 8), grade: .medium,
            driver: "under-13"),
        Case(
            description: "not known on a teenager's out-of-character question stays low", yes: [],
            no: [
                "crime-or-abduction", "suicide-self-harm", "medical-needs", "exploitation", "mental-health", "disability-illness",
                "drugs-alcohol", "harm-when-missing-before", "violence-or-abuse", "unfamiliar-environment", "weather",
                "trafficking-or-uasc", "honour-based-abuse", "online-grooming", "radicalisation", "risky-adult",
            ],
            child: ChildRiskFactors(ageYears: 15), grade: .low),
        Case(
            description: "trafficking or an unaccompanied asylum-seeking child: high", yes: ["trafficking-or-uasc"], grade: .high,
            driver: "trafficking-or-uasc"),
        Case(description: "honour-based abuse or forced marriage: high", yes: ["honour-based-abuse"], grade: .high, driver: "honour-based-abuse"),
        Case(
            description: "online grooming by unknown adults is not low: medium", yes: ["online-grooming"], grade: .medium,
            driver: "online-grooming"),
        Case(description: "association with a known risky adult: high", yes: ["risky-adult"], grade: .high, driver: "risky-adult"),
        Case(description: "radicalisation: high", yes: ["radicalisation"], grade: .high, driver: "radicalisation"),
        Case(description: "pregnancy: medium", yes: ["pregnancy"], grade: .medium, driver: "pregnancy"),
        Case(
            description: "missing from an out-of-area placement: medium", yes: ["out-of-area-placement"], grade: .medium,
            driver: "out-of-area-placement"),
        Case(
            description: "victim or suspect in a live investigation: medium", yes: ["live-investigation"], grade: .medium,
            driver: "live-investigation"),
        Case(
            description: "a protected child's high factor still wins", yes: ["suicide-self-harm"],
            child: ChildRiskFactors(ageYears: 15, childProtectionPlan: true), grade: .high, driver: "suicide-self-harm"),
    ]

    @Test(arguments: cases)
    func recommendation(_ c: Case) {
        let result = RiskGrading.recommend(Self.answers(c.yes, no: c.no), child: c.child, rules: missingRules)
        #expect(result.grade == c.grade)
        if let driver = c.driver { #expect(result.drivers.contains { $0.ruleID == driver }, "\(result.drivers)") }
        #expect(result.reasons.map(\.grade) == result.reasons.map(\.grade).sorted(by: >), "strongest reasons first")
    }

    struct Override: Sendable, CustomStringConvertible {
        var description: String
        var chosen: RiskGrade
        var rationale: String
        var child: ChildRiskFactors
        var by: Actor
        var refusedField: String?
    }

    static let overrideCases: [Override] = [
        Override(
            description: "accepting the recommendation needs no rationale", chosen: .medium, rationale: "",
            child: ChildRiskFactors(ageYears: 15), by: actor(.responseOfficer, rank: .constable), refusedField: nil),
        Override(
            description: "a different grade without a rationale is refused", chosen: .low, rationale: "",
            child: ChildRiskFactors(ageYears: 15), by: actor(.responseOfficer, rank: .constable), refusedField: "rationale"),
        Override(
            description: "a token rationale is refused", chosen: .high, rationale: "see log",
            child: ChildRiskFactors(ageYears: 15), by: actor(.responseOfficer, rank: .constable), refusedField: "rationale"),
        Override(
            description: "a different grade with a rationale is accepted", chosen: .high,
            rationale: "Mother says he was threatened by older boys this week", child: ChildRiskFactors(ageYears: 15),
            by: actor(.responseOfficer, rank: .constable), refusedField: nil),
        Override(
            description: "very low for a looked-after child by an officer is refused", chosen: .veryLow,
            rationale: "Placement confirms she is at her aunt's address", child: ChildRiskFactors(ageYears: 15, lookedAfter: true),
            by: actor(.responseOfficer, rank: .constable), refusedField: "grade"),
        Override(
            description: "very low for a flagged child by a sergeant with a rationale is accepted", chosen: .veryLow,
            rationale: "Placement confirms she is at her aunt's address", child: ChildRiskFactors(ageYears: 15, exploitationFlagged: true),
            by: actor(.supervisor, rank: .sergeant), refusedField: nil),
        Override(
            description: "very low for a flagged child by a sergeant without a rationale is refused", chosen: .veryLow,
            rationale: "", child: ChildRiskFactors(ageYears: 15, exploitationFlagged: true),
            by: actor(.supervisor, rank: .sergeant), refusedField: "rationale"),
    ]

    @Test(arguments: overrideCases)
    func gradeOverrides(_ o: Override) throws {
        let recommendation = RiskGrading.recommend(Self.answers(["mental-health"], no: ["*"]), child: o.child, rules: missingRules)
        do {
            let decision = try RiskGrading.decide(
                recommendation, chosen: o.chosen, rationale: o.rationale, child: o.child, by: o.by,
                rules: missingRules)
            #expect(o.refusedField == nil, "expected a refusal on \(o.refusedField ?? "")")
            #expect(decision.grade == o.chosen)
        } catch {
            #expect(error.errors.map(\.field) == [o.refusedField].compactMap { $0 })
        }
    }

    /// What the record knows answers the checklist before the officer does; answering otherwise needs a reason.
    @Test func theRecordPreAnswersTheChecklist() throws {
        let flagged = ChildRiskFactors(
            ageYears: 15,
            known: [
                .exploitationFlag: "flagged for child sexual exploitation",
                .previouslyFoundWithFlagged: "found with A (registered sex offender) on MP-1",
            ])
        let record = RiskGrading.recordAnswers(child: flagged, rules: missingRules)
        #expect(Set(record.map(\.questionID)) == ["exploitation", "harm-when-missing-before", "risky-adult"])
        #expect(record.allSatisfy { $0.fromRecord })
        #expect(record.allSatisfy { $0.value == .yes })
        #expect(record.allSatisfy { $0.sourceName == RecordSource.name })
        #expect(record.first { $0.questionID == "exploitation" }?.detail == "flagged for child sexual exploitation")
        // Left unanswered: the record's "yes" stands and drives the grade.
        let merged = try RiskGrading.merge(Self.answers([], no: ["mental-health"]), record: record, rules: missingRules)
        #expect(RiskGrading.recommend(merged, child: flagged, rules: missingRules).grade == .high)
        // "No" typed over the flag without a reason is refused, naming the question.
        let typedOver = [RiskAnswer(questionID: "exploitation", value: .no, sourceName: "Mother")]
        #expect(throws: ValidationFailure.self) { _ = try RiskGrading.merge(typedOver, record: record, rules: missingRules) }
        do {
            _ = try RiskGrading.merge(typedOver, record: record, rules: missingRules)
        } catch {
            #expect(error.errors.map(\.field) == ["answers.exploitation.changeReason"])
            #expect(error.errors.first?.message.contains("flagged for child sexual exploitation") == true)
        }
        // With a reason it is accepted, and the floor still holds: at least medium.
        var reasoned = typedOver
        reasoned[0].changeReason = "The flag was for a 2019 concern closed by the MASH as not exploitation"
        let all = try RiskGrading.merge(
            Self.answers([], no: ["*"]).filter { $0.questionID != "exploitation" } + reasoned, record: [],
            rules: missingRules)
        let accepted = try RiskGrading.merge(
            all.filter { !["harm-when-missing-before", "risky-adult"].contains($0.questionID) },
            record: record.filter { $0.questionID == "exploitation" }, rules: missingRules)
        #expect(
            RiskGrading.recommend(accepted, child: ChildRiskFactors(ageYears: 15, exploitationFlagged: true), rules: missingRules).grade
                == .medium)
    }

    struct Downgrade: Sendable, CustomStringConvertible {
        var description: String
        var chosen: RiskGrade
        var by: Actor
        var awaiting: Bool
    }

    static let downgrades: [Downgrade] = [
        Downgrade(
            description: "an officer's grade below the recommendation awaits a supervisor", chosen: .low,
            by: actor(.responseOfficer, rank: .constable), awaiting: true),
        Downgrade(
            description: "a coordinator's downgrade awaits a supervisor too", chosen: .low, by: actor(.missingPersonsCoordinator, rank: .constable),
            awaiting: true),
        Downgrade(
            description: "a sergeant's own downgrade is a supervisor's", chosen: .low, by: actor(.supervisor, rank: .sergeant),
            awaiting: false),
        Downgrade(
            description: "a grade above the recommendation needs no agreement", chosen: .high,
            by: actor(.responseOfficer, rank: .constable), awaiting: false),
        Downgrade(
            description: "the recommendation itself needs no agreement", chosen: .medium, by: actor(.responseOfficer, rank: .constable),
            awaiting: false),
    ]

    @Test(arguments: downgrades)
    func downgradesNeedASupervisor(_ d: Downgrade) throws {
        let recommendation = RiskGrading.recommend(
            Self.answers(["mental-health"], no: ["*"]), child: ChildRiskFactors(ageYears: 15),
            rules: missingRules)
        #expect(recommendation.grade == .medium)
        let decision = try RiskGrading.decide(
            recommendation, chosen: d.chosen, rationale: "Father has since spoken to her by phone",
            child: ChildRiskFactors(ageYears: 15), by: d.by, rules: missingRules)
        #expect(decision.awaitingSupervisor == d.awaiting)
    }

    /// The facts the store reads become factors by the pack: windows, bands and the profile.
    @Test func gatheringTheRecord() {
        let day = 86_400.0
        let lastSeen = lateEvening
        var profile = ChildProfile(
            personID: "c", lookedAfter: true, responsibleAuthority: "Kent", placedOutOfArea: true,
            hostAuthority: "Lambeth", updatedAt: lastSeen, updatedBy: "u")
        profile.exploitationFlags = [.criminal]
        let facts = ChildRecordFacts(
            profile: profile, dateOfBirth: "2011-03-01",
            earlierLastSeen: [lastSeen - 10 * day, lastSeen - 50 * day, lastSeen - 200 * day, lastSeen - 400 * day],
            openConcerns: ["EX-2026-000004"], latestScreening: (band: "significant", title: "Category 4"),
            flaggedFinds: ["found with A on MP-1"])
        let factors = ChildRiskFactors.gather(facts, lastSeen: lastSeen, now: lastSeen + 3_600, rules: missingRules)
        #expect(factors.ageYears == 15)
        #expect(factors.earlierEpisodesInYear == 3)
        #expect(
            Set(factors.known.keys) == [
                .lookedAfter, .placedOutOfArea, .exploitationFlag, .openExploitationConcern,
                .significantScreening, .previouslyFoundWithFlagged, .repeatMissing,
            ])
        #expect(factors.known[.placedOutOfArea] == "placed out of area (in Lambeth)")
        let mild = ChildRecordFacts(latestScreening: (band: "mild", title: "Category 2"))
        #expect(ChildRiskFactors.gather(mild, lastSeen: lastSeen, now: lastSeen, rules: missingRules).known.isEmpty)
        let twoInNinety = ChildRecordFacts(earlierLastSeen: [lastSeen - 10 * day])
        #expect(ChildRiskFactors.gather(twoInNinety, lastSeen: lastSeen, now: lastSeen, rules: missingRules).repeatMissing == false)
    }

    /// A domestic abuse incident the child was at answers "violence or domestic abuse at home" from the record.
    @Test func aDomesticAbuseIncidentPreAnswersAbuseAtHome() throws {
        let facts = ChildRecordFacts(domesticAbuseIncidents: ["DA-2026-000012 on 2026-11-27 (saw or heard it)"])
        let factors = ChildRiskFactors.gather(facts, lastSeen: lateEvening, now: lateEvening, rules: missingRules)
        #expect(factors.known[.domesticAbuseAtHome] == "at domestic abuse incident DA-2026-000012 on 2026-11-27 (saw or heard it)")
        let answer = try #require(RiskGrading.recordAnswers(child: factors, rules: missingRules).first { $0.questionID == "violence-or-abuse" })
        #expect(answer.value == .yes)
        #expect(answer.fromRecord)
    }

    struct AdultCase: Sendable, CustomStringConvertible {
        var description: String
        var yes: [String]
        var grade: RiskGrade
        var driver: String
    }

    static let adultCases: [AdultCase] = [
        AdultCase(description: "an adult at risk with every answer no: never very low", yes: [], grade: .low, driver: "adult-at-risk"),
        AdultCase(description: "dementia: high", yes: ["adult-dementia"], grade: .high, driver: "adult-dementia"),
        AdultCase(
            description: "left a mental health unit in crisis: high", yes: ["adult-mental-health-crisis"], grade: .high,
            driver: "adult-mental-health-crisis"),
        AdultCase(
            description: "a learning disability: medium", yes: ["adult-learning-disability"], grade: .medium,
            driver: "adult-learning-disability"),
        AdultCase(
            description: "three medium factors: high", yes: ["adult-learning-disability", "adult-depends-on-carer", "adult-environment"],
            grade: .high, driver: "three-medium"),
    ]

    /// The adult-at-risk checklist: the same grading over the adult questions; no child rule applies.
    @Test(arguments: adultCases)
    func adultsAtRisk(_ c: AdultCase) throws {
        let answers = missingRules.adultQuestions.map {
            RiskAnswer(questionID: $0.id, value: c.yes.contains($0.id) ? .yes : .no, sourceName: "Carer")
        }
        let result = RiskGrading.recommend(answers, child: ChildRiskFactors(ageYears: 84), subject: .adultAtRisk, rules: missingRules)
        #expect(result.grade == c.grade)
        #expect(result.drivers.contains { $0.ruleID == c.driver }, "\(result.drivers)")
        #expect(!result.reasons.contains { missingRules.question($0.ruleID, subject: .child) != nil }, "no child question counts")
        #expect(throws: ValidationFailure.self, "a child's question is not on the adult checklist") {
            _ = try RiskGrading.validate(
                [RiskAnswer(questionID: "out-of-character", value: .yes, sourceName: "Carer")], informantName: "",
                informantContact: "", subject: .adultAtRisk, rules: missingRules, now: lateEvening)
        }
    }

    @Test func answersNeedASourceAndAKnownQuestion() {
        let now = lateEvening
        #expect(throws: ValidationFailure("answers.mental-health.source", "Say who gave the answer to: Are there mental health concerns?")) {
            _ = try RiskGrading.validate(
                [RiskAnswer(questionID: "mental-health", value: .yes)], informantName: "", informantContact: "",
                rules: missingRules, now: now)
        }
        let filled = try? RiskGrading.validate(
            [RiskAnswer(questionID: "mental-health", value: .yes)], informantName: "Maria Hart",
            informantContact: "07700 900123", rules: missingRules, now: now)
        #expect(filled?.first?.sourceName == "Maria Hart", "the informant is the source when an answer names none")
        #expect(filled?.first?.sourceContact == "07700 900123")
        let other = try? RiskGrading.validate(
            [RiskAnswer(questionID: "mental-health", value: .yes, sourceName: "School nurse")],
            informantName: "Maria Hart", informantContact: "07700 900123", rules: missingRules, now: now)
        #expect(
            other?.first?.sourceName == "School nurse",
            "an answer from someone else never takes the informant's contact")
        #expect(
            other?.first?.sourceContact == "",
            "an answer from someone else never takes the informant's contact")
        #expect(throws: ValidationFailure.self) {
            _ = try RiskGrading.validate(
                [RiskAnswer(questionID: "horoscope", value: .yes, sourceName: "x")], informantName: "",
                informantContact: "", rules: missingRules, now: now)
        }
        #expect(throws: ValidationFailure.self) {
            _ = try RiskGrading.validate(
                [RiskAnswer(questionID: "planned", value: .no, sourceName: "x", obtainedAt: now + 60)],
                informantName: "", informantContact: "", rules: missingRules, now: now)
        }
        #expect(throws: ValidationFailure("grade", "'absent' is not a risk grade; choose one of: very-low, low, medium, high")) {
            _ = try RiskGrade.parse("absent")
        }
    }

    @Test func everyQuestionCarriesItsSource() {
        #expect(missingRules.questions.count >= 20)
        #expect(missingRules.adultQuestions.count >= 10)
        for q in missingRules.questions + missingRules.adultQuestions {
            #expect(!q.source.isEmpty, "\(q.id)")
            #expect(q.checked.count == 10, "\(q.id)")
            #expect(["F", "F2", "M", "L"].contains(q.evidence), "\(q.id)")
            #expect(q.ifUnknown <= q.ifYes, "\(q.id): not knowing cannot be worse than yes")
        }
    }
}

@Suite("Missing children: clocks")
struct SupervisionClockTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var grade: RiskGrade
        var minutesAfter: Double
        var overdue: Bool
        var rank: Rank
    }

    static let cases: [Case] = [
        Case(description: "high: inspector within the hour", grade: .high, minutesAfter: 59, overdue: false, rank: .inspector),
        Case(description: "high: overdue at the hour, to chief inspector", grade: .high, minutesAfter: 60, overdue: true, rank: .chiefInspector),
        Case(description: "high: two hours overdue, superintendent", grade: .high, minutesAfter: 121, overdue: true, rank: .superintendent),
        Case(description: "high: never past the top of the chain", grade: .high, minutesAfter: 600, overdue: true, rank: .superintendent),
        Case(description: "medium: sergeant within two hours, across midnight", grade: .medium, minutesAfter: 90, overdue: false, rank: .sergeant),
        Case(description: "medium: overdue after midnight goes to inspector", grade: .medium, minutesAfter: 125, overdue: true, rank: .inspector),
        Case(description: "low: four hours", grade: .low, minutesAfter: 239, overdue: false, rank: .sergeant),
        Case(description: "very low: eight hours then inspector", grade: .veryLow, minutesAfter: 481, overdue: true, rank: .inspector),
    ]

    @Test(arguments: cases)
    func reviewDueAndEscalation(_ c: Case) {
        let due = SupervisionClock.firstReview(grade: c.grade, assessedAt: lateEvening, rules: missingRules)
        let state = SupervisionClock.state(of: due, at: lateEvening.addingTimeInterval(c.minutesAfter * 60), rules: missingRules)
        #expect(state.isOverdue == c.overdue)
        switch state {
        case .due: #expect(due.rank == c.rank)
        case .overdue(_, _, let rank): #expect(rank == c.rank)
        }
    }

    @Test func escalationTimesClimbEveryInterval() {
        let due = ReviewDue(dueAt: lateEvening, rank: .sergeant)
        #expect(SupervisionClock.escalationTime(of: due, level: 1, rules: missingRules) == lateEvening)
        #expect(SupervisionClock.escalationTime(of: due, level: 3, rules: missingRules) == lateEvening.addingTimeInterval(7_200))
        #expect(
            SupervisionClock.escalatedRank(from: .constable, level: 1, rules: missingRules) == .sergeant,
            "a rank below the chain starts at its bottom")
    }

    @Test func whoMayReview() {
        #expect(SupervisionClock.mayReview(actor(.supervisor, rank: .inspector), rank: .inspector))
        #expect(!SupervisionClock.mayReview(actor(.supervisor, rank: .sergeant), rank: .inspector))
        #expect(!SupervisionClock.mayReview(actor(.missingPersonsCoordinator, rank: .chiefInspector), rank: .sergeant))
    }

    struct Deadline: Sendable, CustomStringConvertible {
        var description: String
        var grade: RiskGrade
        /// Minutes after the late-evening start: the periodic review, the prevention interview.
        var nextReview: Double
        var rank: Rank
        var prevention: Double
        /// The deadline's day in London (the start is the 25th, half an hour before midnight).
        var preventionDay: Int
    }

    static let deadlines: [Deadline] = [
        Deadline(
            description: "high: reviewed every 6 hours by an inspector; interview within the hour, after midnight",
            grade: .high, nextReview: 360, rank: .inspector, prevention: 60, preventionDay: 26),
        Deadline(
            description: "medium: every 12 hours by a sergeant; interview within 24 hours, next day",
            grade: .medium, nextReview: 720, rank: .sergeant, prevention: 1_440, preventionDay: 26),
        Deadline(description: "low: every 24 hours", grade: .low, nextReview: 1_440, rank: .sergeant, prevention: 1_440, preventionDay: 26),
        Deadline(
            description: "very low: every 24 hours", grade: .veryLow, nextReview: 1_440, rank: .sergeant, prevention: 1_440,
            preventionDay: 26),
    ]

    @Test(arguments: deadlines)
    func periodicReviewsAndInterviewDeadlines(_ d: Deadline) {
        let next = SupervisionClock.nextReview(grade: d.grade, reviewedAt: lateEvening, rules: missingRules)
        #expect(next.dueAt == lateEvening.addingTimeInterval(d.nextReview * 60))
        #expect(next.rank == d.rank)
        let prevention = EpisodeClocks.preventionInterviewDue(foundAt: lateEvening, grade: d.grade, rules: missingRules)
        #expect(prevention == lateEvening.addingTimeInterval(d.prevention * 60))
        var london = Calendar(identifier: .gregorian)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        #expect(london.component(.day, from: prevention) == d.preventionDay, "the deadline crosses midnight")
        // The return home interview is 72 hours whatever the grade, and the notification check two hours after the report.
        #expect(EpisodeClocks.returnInterviewDue(foundAt: lateEvening, rules: missingRules) == lateEvening.addingTimeInterval(72 * 3_600))
        #expect(london.component(.day, from: EpisodeClocks.localAuthorityAlertAt(reportedAt: lateEvening, rules: missingRules)) == 26)
    }

    @Test func returnAndPreventionDeadlines() {
        #expect(EpisodeClocks.returnInterviewDue(foundAt: lateEvening, rules: missingRules) == lateEvening.addingTimeInterval(72 * 3_600))
        #expect(
            EpisodeClocks.preventionInterviewDue(foundAt: lateEvening, grade: .high, rules: missingRules)
                == lateEvening.addingTimeInterval(3_600))
        #expect(EpisodeClocks.localAuthorityAlertAt(reportedAt: lateEvening, rules: missingRules) == lateEvening.addingTimeInterval(7_200))
    }

    struct RepeatCase: Sendable, CustomStringConvertible {
        var description: String
        var daysAgo: [Double]
        var count: Int
        var flagged: Bool
    }

    static let repeats: [RepeatCase] = [
        RepeatCase(description: "first episode", daysAgo: [0], count: 1, flagged: false),
        RepeatCase(description: "three within 90 days", daysAgo: [0, 30, 89.9], count: 3, flagged: true),
        RepeatCase(description: "the third is just outside the window", daysAgo: [0, 30, 90.1], count: 2, flagged: false),
        RepeatCase(description: "many long ago do not count", daysAgo: [0, 200, 300, 400], count: 1, flagged: false),
        RepeatCase(description: "a future-dated row is ignored", daysAgo: [0, 1, -1], count: 2, flagged: false),
    ]

    @Test(arguments: repeats)
    func repeatMissingWindow(_ c: RepeatCase) {
        let status = RepeatMissing.evaluate(
            lastSeen: c.daysAgo.map { lateEvening.addingTimeInterval(-$0 * 86_400) }, at: lateEvening,
            rules: missingRules)
        #expect(status.count == c.count)
        #expect(status.flagged == c.flagged)
    }
}

@Suite("Missing children: records refuse bad input")
struct MissingInputTests {
    let now = lateEvening

    func report(lastSeen: TimeInterval = -3_600, reported: TimeInterval = 0, postcode: String? = nil) -> MissingReport {
        MissingReport(
            reportedAt: now.addingTimeInterval(reported), lastSeenAt: now.addingTimeInterval(lastSeen), lastSeenPlace: "Brixton",
            lastSeenPostcode: postcode, circumstances: "Left after an argument", reporterName: "Maria Hart", reporterContact: "07700")
    }

    @Test func reportTimes() throws {
        #expect(throws: ValidationFailure("lastSeenAt", "The time last seen cannot be in the future")) {
            _ = try report(lastSeen: 60).validated(now: now)
        }
        #expect(throws: ValidationFailure("reportedAt", "The time reported cannot be before the child was last seen")) {
            _ = try report(lastSeen: -60, reported: -120).validated(now: now)
        }
        #expect(try report(postcode: "sw1a1aa").validated(now: now).lastSeenPostcode == "SW1A 1AA")
        #expect(throws: ValidationFailure.self) { _ = try report(postcode: "NOT A CODE").validated(now: now) }
        var blank = report()
        blank.reporterName = "  "
        blank.circumstances = ""
        #expect(
            throws: ValidationFailure([
                FieldError("circumstances", "Enter the circumstances"),
                FieldError("reporterName", "Enter the name of the person reporting"),
            ])
        ) {
            _ = try blank.validated(now: now)
        }
    }

    @Test func foundBeforeLastSeenOrInFutureIsRefused() {
        let lastSeen = now.addingTimeInterval(-7_200)
        let found = FoundRecord(foundAt: now.addingTimeInterval(-9_000), place: "Croydon", condition: "Well", howFound: .foundByPolice)
        #expect(throws: ValidationFailure("foundAt", "The time found cannot be before the child was last seen")) {
            _ = try found.validated(now: now, lastSeenAt: lastSeen)
        }
        var future = found
        future.foundAt = now.addingTimeInterval(300)
        #expect(throws: ValidationFailure("foundAt", "The time found cannot be in the future")) {
            _ = try future.validated(now: now, lastSeenAt: lastSeen)
        }
    }

    @Test func dateOfBirthInTheFutureIsRefused() {
        #expect(throws: ValidationFailure("dateOfBirth", "Date of birth must be today or in the past")) {
            _ = try PersonDraft(kind: .child, givenName: "A", familyName: "B", dateOfBirth: "2031-01-01").validated(today: now)
        }
    }

    @Test func onlySocialCareNotifiesTheLocalAuthority() {
        let contact = AgencyContact(
            id: "", episodeID: "", agency: .health, organisation: "GP", personName: "Dr A", at: now,
            method: .phone, summary: "Told the GP", reference: "", notifiesLocalAuthority: true, recordedBy: "",
            recordedAt: now)
        #expect(throws: ValidationFailure.self) { _ = try contact.validated(now: now, lastSeenAt: now.addingTimeInterval(-60)) }
    }

    struct ClosureCase: Sendable, CustomStringConvertible {
        var description: String
        var found: Bool
        var interview: TaskOutcome??
        var notified: Bool
        var unmet: [String]
    }

    static let closures: [ClosureCase] = [
        ClosureCase(description: "nothing done", found: false, interview: .none, notified: false, unmet: ["found", "localAuthorityNotification"]),
        ClosureCase(description: "found, interview open", found: true, interview: .some(nil), notified: true, unmet: ["preventionInterview"]),
        ClosureCase(description: "found, interview not done with a reason", found: true, interview: .some(.notDone), notified: true, unmet: []),
        ClosureCase(
            description: "found, interviewed, no LA contact", found: true, interview: .some(.completed), notified: false,
            unmet: ["localAuthorityNotification"]),
        ClosureCase(description: "everything done", found: true, interview: .some(.completed), notified: true, unmet: []),
    ]

    @Test(arguments: closures)
    func closureNeeds(_ c: ClosureCase) {
        let task = c.interview.map { outcome in
            EpisodeTask(id: "t", episodeID: "e", kind: .preventionInterview, title: "PI", owner: "o", dueAt: now, outcome: outcome, createdAt: now)
        }
        let unmet = EpisodeClosure.unmet(
            status: c.found ? .found : .open, hasFoundRecord: c.found, preventionInterview: task,
            localAuthorityNotified: c.notified)
        #expect(unmet.map(\.field) == c.unmet)
    }

    struct ReturnCase: Sendable, CustomStringConvertible {
        var description: String
        var afterReturn: EpisodeClosure.AfterReturn
        var unmet: [String]
    }

    static let returns: [ReturnCase] = [
        ReturnCase(
            description: "the return not reviewed and no one told", afterReturn: .init(returnReviewed: false, toldOfReturn: []),
            unmet: ["returnReview", "returnNotification"]),
        ReturnCase(
            description: "reviewed and told", afterReturn: .init(returnReviewed: true, toldOfReturn: ["Lambeth Children's Services"]),
            unmet: []),
        ReturnCase(
            description: "looked after: the placing authority must be the one told",
            afterReturn: .init(toldOfReturn: ["Croydon EDT"], authorities: ["Kent"], toldAtAll: ["Kent County Council"]),
            unmet: ["returnNotification"]),
        ReturnCase(
            description: "placed out of area: the host authority told of neither",
            afterReturn: .init(
                toldOfReturn: ["Kent children's services"], authorities: ["Kent", "Lambeth"],
                toldAtAll: ["Kent children's services"]),
            unmet: ["localAuthorityNotification", "returnNotification"]),
        ReturnCase(
            description: "placed out of area: both told of both",
            afterReturn: .init(
                toldOfReturn: ["Kent children's services", "Lambeth EDT"], authorities: ["Kent", "Lambeth"],
                toldAtAll: ["Kent children's services", "Lambeth EDT"]),
            unmet: []),
    ]

    /// What the return needs: the supervisor's review, and every responsible authority told it is over.
    @Test(arguments: returns)
    func returnNeeds(_ c: ReturnCase) {
        let done = EpisodeTask(
            id: "t", episodeID: "e", kind: .preventionInterview, title: "PI", owner: "o", dueAt: now, outcome: .completed,
            createdAt: now)
        let unmet = EpisodeClosure.unmet(
            status: .found, hasFoundRecord: true, preventionInterview: done, localAuthorityNotified: true,
            afterReturn: c.afterReturn)
        #expect(unmet.map(\.field) == c.unmet)
        #expect(
            EpisodeClosure.unmet(
                status: .open, hasFoundRecord: false, preventionInterview: nil, localAuthorityNotified: true,
                afterReturn: c.afterReturn
            ).map(\.field) == ["found"], "the return's needs wait for the find")
    }

    @Test(arguments: [
        ("sw1a1aa", "SW1A 1AA"), ("  ec1a 1bb ", "EC1A 1BB"), ("W1A0AX", "W1A 0AX"), ("m11ae", "M1 1AE"),
        ("CR0 2TB", "CR0 2TB"), ("B33 8TH", "B33 8TH"),
    ])
    func postcodes(_ input: String, _ expected: String) {
        #expect(Postcode.normalise(input) == expected)
    }

    @Test(arguments: ["", "SW1A", "12345", "SW1A 1CA", "1W1A 1AA", "SW1A1AAA"])
    func notPostcodes(_ input: String) {
        #expect(Postcode.normalise(input) == nil)
    }
}
