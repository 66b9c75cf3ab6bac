import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

@Suite("Domestic abuse: store")
struct DomesticAbuseStoreTests {
    static let fridayNight = TestStore.instant("2026-11-27T21:00:00Z")
    static let mondayMorning = TestStore.instant("2026-11-30T08:30:00Z")

    static func answers(yes: Int, _ rules: DomesticAbuseRules) -> DashSubmission {
        DashSubmission(answers: Dictionary(uniqueKeysWithValues: rules.questions.enumerated().map { ($1.id, $0 < yes ? .yes : .no) }))
    }

    @Test(arguments: TestBackend.available)
    func aFridayNightIncidentSetsEncompassDueMondayForSchoolAgeChildrenAndUnknownAges(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let teenager = try await test.aChild(given: "Amelia", dateOfBirth: "2011-04-17", by: officer)
            let toddler = try await test.aChild(given: "Noah", dateOfBirth: "2024-06-01", by: officer)
            let unknownAge = try await test.aChild(given: "Ellie", dateOfBirth: nil, by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, children: [teenager, toddler, unknownAge], by: officer)
            let notified = Set(incident.record.encompass.map(\.childID))
            #expect(notified == [teenager.id, unknownAge.id])
            #expect(incident.record.encompass.allSatisfy { $0.dueAt == Self.mondayMorning })
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportIsOneAccessLoggedCreationNamingEveryone(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let entry = try #require(try await test.store.accessLog.latest(1).first?.entry)
            #expect(entry.action == .create)
            #expect(
                Set(entry.recordIDs) == Set([incident.record.incident.id, incident.victim.id, incident.suspect.id] + incident.children.map(\.id)))
        }
    }

    @Test(arguments: TestBackend.available)
    func fourteenYesAnswersReferTheVictimToMarac(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let rules = test.store.domesticAbuse.rules
            let assessment = try await test.store.domesticAbuse.assess(
                incident.record.incident.id, victimID: incident.victim.id, submission: Self.answers(yes: 14, rules), context: officer)
            #expect(assessment.result.grade == .high)
            let record = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(record.marac.count == 1)
            #expect(record.marac.first?.dueAt == test.clock.now().roundedUpToMillisecond.addingTimeInterval(24 * 3600))
        }
    }

    @Test(arguments: TestBackend.available)
    func aThirdCallOutInTwelveMonthsEscalatesToHigh(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let first = try await test.anIncident(at: Self.fridayNight.addingTimeInterval(-60 * 86_400), children: [child], by: officer)
            _ = try await test.anIncident(
                at: Self.fridayNight.addingTimeInterval(-20 * 86_400), address: "3 Elm Close", victim: first.victim, suspect: first.suspect,
                children: [child], by: officer)
            let third = try await test.anIncident(
                at: Self.fridayNight, address: "9 Ash Way", victim: first.victim, suspect: first.suspect, children: [child], by: officer)
            #expect(third.record.repeats.sameAdults.count == 2)
            let assessment = try await test.store.domesticAbuse.assess(
                third.record.incident.id, victimID: first.victim.id, submission: Self.answers(yes: 2, test.store.domesticAbuse.rules),
                context: officer)
            #expect(assessment.callOuts == 3)
            #expect(assessment.result.grade == .high)
        }
    }

    @Test(arguments: TestBackend.available)
    func anIncidentWithARestrictedChildIsNotThereForAnotherTeam(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let hidden = try await test.aChild(restricted: true, by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, children: [hidden], by: officer)
            await #expect(throws: RecordNotFound.self) {
                _ = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: outsider)
            }
            #expect(try await test.store.accessLog.latest(1).first?.entry.action == .accessDenied)
            #expect(try await test.store.domesticAbuse.encompassDue(context: outsider).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func readingAnIncidentNeedsAPurpose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            await #expect(throws: PurposeRequired.self) {
                _ = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: nil, context: officer)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSchoolToldLeavesTheQueueAndCannotBeToldTwice(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let due = try await test.store.domesticAbuse.encompassDue(context: officer)
            #expect(due.count == 1)
            let notification = try #require(due.first?.notification)
            test.clock.set(Self.mondayMorning.addingTimeInterval(-3600))
            let sent = try await test.store.domesticAbuse.encompassSent(
                notification.id, keyAdult: "Ms Patel", shared: "Police attended on Friday night; Amelia was present.",
                sentAt: test.clock.now(), version: notification.version, context: officer)
            #expect(sent.sentAt != nil)
            #expect(try await test.store.domesticAbuse.encompassDue(context: officer).isEmpty)
            let twice = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.encompassNotSent(
                    notification.id, reason: "not-in-education", note: "Home educated", version: sent.version, context: officer)
            }
            #expect(twice.errors.map(\.field) == ["status"])
            let reread = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(reread.encompass.first?.keyAdult == "Ms Patel")
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownExceptionIsRefusedAndChangesNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            _ = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let notification = try #require(try await test.store.domesticAbuse.encompassDue(context: officer).first?.notification)
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.encompassNotSent(
                    notification.id, reason: "too-busy", note: "No time", version: notification.version, context: officer)
            }
            #expect(try await test.store.domesticAbuse.encompassDue(context: officer).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildStartingReceptionInSeptemberIsToldAboutAfterAnAugustIncident(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            // August 2027: the force's term dates say school starts again on 2 September.
            let august = TestStore.instant("2027-08-20T17:00:00Z")
            test.clock.set(august.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let starter = try await test.aChild(given: "Maya", dateOfBirth: "2023-01-15", by: officer)
            let incident = try await test.anIncident(at: august, children: [starter], by: officer)
            #expect(incident.record.encompass.map(\.childID) == [starter.id])
            #expect(incident.record.encompass.first?.dueAt == TestStore.instant("2027-09-02T07:30:00Z"))
        }
    }

    @Test(arguments: TestBackend.available)
    func anEarlierIncidentTheReaderMayNotOpenIsNotCountedAsARepeatForThem(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let outsider = try await test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let hidden = try await test.aChild(given: "Hidden", restricted: true, by: officer)
            _ = try await test.anIncident(at: Self.fridayNight.addingTimeInterval(-86_400), children: [hidden], by: officer)
            let open = try await test.aChild(given: "Open", by: outsider)
            let later = try await test.anIncident(at: Self.fridayNight, children: [open], by: outsider)
            #expect(later.record.repeats.sameAddress.isEmpty)
            let forOwner = try await test.store.domesticAbuse.incident(later.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(forOwner.repeats.sameAddress.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func theQueuesAreAccessLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let waiting = try await test.store.domesticAbuse.awaitingAssessment(context: officer)
            #expect(waiting.map(\.id) == [incident.record.incident.id])
            let entry = try #require(try await test.store.accessLog.latest(1).first?.entry)
            #expect(entry.action == .consult)
            #expect(entry.recordIDs == [incident.record.incident.id])
        }
    }

    @Test(arguments: TestBackend.available)
    func recordingAChildsSchoolFillsTheOpenNotification(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, children: [child], by: officer)
            let school = try await test.store.domesticAbuse.addSchool(
                name: "Oak Park Academy", keyAdult: "Ms Patel", contact: "020 7946 0000", context: officer)
            try await test.store.domesticAbuse.setSchool(of: child.id, schoolID: school.id, context: officer)
            let reread = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(reread.encompass.first?.schoolID == school.id)
            #expect(reread.encompass.first?.version == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func aNewIncidentWithinTwelveMonthsOfAMaracReferralGoesBackToMaracUnassessed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(-90 * 86_400))
            let officer = try await test.anOfficer()
            let child = try await test.aChild(by: officer)
            let first = try await test.anIncident(at: test.clock.now().addingTimeInterval(-3600), children: [child], by: officer)
            _ = try await test.store.domesticAbuse.assess(
                first.record.incident.id, victimID: first.victim.id, submission: Self.answers(yes: 15, test.store.domesticAbuse.rules),
                context: officer)
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let second = try await test.anIncident(
                at: Self.fridayNight, address: "3 Elm Close", victim: first.victim, suspect: first.suspect, children: [child], by: officer)
            #expect(second.record.marac.count == 1)
            #expect(second.record.marac.first?.isRepeat == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aFifteenYearOldIsNotAnAdultParty(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let young = try await test.anAdult(given: "Kai", family: "Reed", dateOfBirth: "2011-06-01", by: officer)
            let failure = try await #require(throws: ValidationFailure.self) {
                _ = try await test.anIncident(at: Self.fridayNight, suspect: young, children: [try await test.aChild(by: officer)], by: officer)
            }
            #expect(failure.errors.map(\.field) == ["adults"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aSeventeenYearOldVictimsSchoolOrCollegeIsTold(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let victim = try await test.anAdult(given: "Jade", family: "Reed", dateOfBirth: "2009-03-01", by: officer)
            let child = try await test.aChild(given: "Baby", dateOfBirth: "2026-01-01", by: officer)
            let incident = try await test.anIncident(at: Self.fridayNight, victim: victim, children: [child], by: officer)
            #expect(incident.record.encompass.map(\.childID) == [victim.id])
        }
    }

    @Test(arguments: TestBackend.available)
    func erasingTheVictimRemovesTheJudgementAndTheDisclosuresFromTheAssessment(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let judgement = ProfessionalJudgement(raisesTo: .high, reason: "She described being choked in the kitchen last week")
            _ = try await test.store.domesticAbuse.assess(
                incident.record.incident.id, victimID: incident.victim.id,
                submission: DashSubmission(answers: ["strangulation": .yes], judgement: judgement), context: officer)
            let inspector = try await test.anInspector()
            try await test.store.people.erase(incident.victim.id, reason: .recordedInError, context: inspector)
            let stored = try await test.store.database.read { sql in
                try await sql.select().columns("answers", "judgement", "result").from("dash_assessments").all()
                    .map {
                        "\(try $0.decode(column: "answers", as: String.self)) \(try $0.decode(column: "judgement", as: String?.self) ?? "") "
                            + (try $0.decode(column: "result", as: String.self))
                    }
            }
            #expect(stored.count == 1)
            #expect(stored.allSatisfy { !$0.contains("choked") })
            #expect(stored.allSatisfy { !$0.contains("strangulation") })
        }
    }

    @Test(arguments: TestBackend.available)
    func aJudgementReasonThatBlamesTheChildIsHeldForReview(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let judgement = ProfessionalJudgement(raisesTo: .high, reason: "The daughter is promiscuous and puts herself at risk")
            let held = try await #require(throws: LanguageReviewNeeded.self) {
                _ = try await test.store.domesticAbuse.assess(
                    incident.record.incident.id, victimID: incident.victim.id, submission: DashSubmission(answers: [:], judgement: judgement),
                    context: officer)
            }
            #expect(held.field == "judgement.reason")
            let reread = try await test.store.domesticAbuse.incident(incident.record.incident.id, purpose: .domesticAbuse, context: officer)
            #expect(reread.assessments.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func whatASchoolWasToldIsLanguageChecked(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            _ = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let notification = try #require(try await test.store.domesticAbuse.encompassDue(context: officer).first?.notification)
            let held = try await #require(throws: LanguageReviewNeeded.self) {
                _ = try await test.store.domesticAbuse.encompassSent(
                    notification.id, keyAdult: "Ms Patel", shared: "Police attended. Amelia puts herself at risk by staying out.",
                    sentAt: test.clock.now(),
                    version: notification.version, context: officer)
            }
            #expect(held.field == "shared")
            #expect(try await test.store.domesticAbuse.encompassDue(context: officer).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyAVictimNamedInTheIncidentCanBeAssessed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            test.clock.set(Self.fridayNight.addingTimeInterval(3600))
            let officer = try await test.anOfficer()
            let incident = try await test.anIncident(at: Self.fridayNight, children: [try await test.aChild(by: officer)], by: officer)
            let failure = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.assess(
                    incident.record.incident.id, victimID: incident.suspect.id, submission: DashSubmission(answers: [:]), context: officer)
            }
            #expect(failure.errors.map(\.field) == ["victimId"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aSchoolMissingItsKeyAdultOrAnUnknownSchoolIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.anOfficer()
            let blank = try await #require(throws: ValidationFailure.self) {
                _ = try await test.store.domesticAbuse.addSchool(name: "Oak Park Academy", keyAdult: " ", contact: "020 7946 0000", context: officer)
            }
            #expect(blank.errors.map(\.field) == ["keyAdult"])
            #expect(try await test.store.domesticAbuse.schools().isEmpty)
            let child = try await test.aChild(by: officer)
            let unknown = try await #require(throws: ValidationFailure.self) {
                try await test.store.domesticAbuse.setSchool(of: child.id, schoolID: "no-such-school", context: officer)
            }
            #expect(unknown.errors.map(\.field) == ["schoolId"])
        }
    }
}
