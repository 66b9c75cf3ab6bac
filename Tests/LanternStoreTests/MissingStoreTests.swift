import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import SQLKit
import Testing

/// A report as an officer would make it: everything answered no except `yes`.
func newReport(_ test: TestStore, childID: String? = nil, given: String = "Amelia", family: String = "Hart",
               lastSeenHoursAgo: Double = 1, yes: [String] = [], grade: RiskGrade? = nil, rationale: String = "",
               circumstances: String = "Left home after an argument and has not answered her phone.") -> MissingStore.NewReport {
    let now = test.clock.now()
    let report = MissingReport(reportedAt: now, lastSeenAt: now.addingTimeInterval(-lastSeenHoursAgo * 3_600), lastSeenPlace: "Acre Lane, Brixton",
                               circumstances: circumstances, reporterName: "Maria Hart", reporterRelationship: "Mother",
                               reporterContact: "07700 900123")
    let answers = test.store.missing.rules.questions.map { RiskAnswer(questionID: $0.id, value: yes.contains($0.id) ? .yes : .no) }
    return MissingStore.NewReport(childID: childID, newChild: childID == nil ? MissingStore.NewChild(givenName: given, familyName: family,
                                                                                                     dateOfBirth: "2011-04-17") : nil,
                                  report: report, answers: answers, grade: grade, rationale: rationale)
}

/// Records the child found now, so a later report for them is a new episode.
func foundNow(_ test: TestStore, _ episodeID: String, _ context: AccessContext) async throws {
    _ = try await test.store.missing.recordFound(episodeID, FoundRecord(
        foundAt: test.clock.now(), place: "Home address", withWhom: [], condition: "Safe and well", howFound: .returnedThemselves, childSaid: ""),
        context: context)
}

func count(_ test: TestStore, _ table: String, where column: String? = nil, _ value: String = "") async throws -> Int {
    try await test.store.database.read { sql in
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        if let column { query = query.where(SQLColumn(column), .equal, SQLBind(value)) }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

@Suite("Missing children: store")
struct MissingStoreTests {
    @Test(arguments: TestBackend.available)
    func reportRecordsEpisodeAssessmentClocksAndLog(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let outcome = try await test.store.missing.report(newReport(test, yes: ["mental-health"]), context: test.context(officer, requestID: "r1"))
            #expect(outcome.episode.grade == .medium && outcome.assessment.decision.recommended == .medium)
            #expect(outcome.episode.reference.hasPrefix("MP-") && outcome.episode.nextReview.rank == .sergeant)
            #expect(outcome.episode.nextReview.dueAt == outcome.episode.gradedAt.addingTimeInterval(7_200))
            #expect(try await ClockJobs.pending(database: test.store.database) == 3,
                    "a review clock, the LA-notification clock and the long-term missing clock")
            let logged = try await test.store.accessLog.entries(requestID: "r1")
            #expect(Set(logged.map(\.entry.recordType)) == ["person", "missing-episode"])
            #expect(logged.allSatisfy { $0.entry.action == .create })
            let second = try await test.store.missing.report(newReport(test, yes: []), context: test.context(officer))
            #expect(second.episode.reference != outcome.episode.reference)
        }
    }

    @Test(arguments: TestBackend.available)
    func badReportsChangeNothing(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let analyst = try await test.addUser("analyst1", role: .analyst, rank: .staff)
            var future = newReport(test)
            future.report.lastSeenAt = test.clock.now().addingTimeInterval(600)
            await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.report(future, context: test.context(officer)) }
            let override = newReport(test, yes: ["mental-health"], grade: .low, rationale: "")
            await #expect(throws: ValidationFailure("rationale", "Explain why you chose low when Lantern recommends medium (at least 20 characters)")) {
                _ = try await test.store.missing.report(override, context: test.context(officer))
            }
            let blaming = newReport(test, circumstances: "She is putting herself at risk again.")
            await #expect(throws: LanguageReviewNeeded.self) { _ = try await test.store.missing.report(blaming, context: test.context(officer)) }
            await #expect(throws: AccessDenied.self) { _ = try await test.store.missing.report(newReport(test), context: test.context(analyst)) }
            var both = newReport(test)
            both.childID = "someone"
            await #expect(throws: ValidationFailure.self) { _ = try await test.store.missing.report(both, context: test.context(officer)) }
            for table in ["missing_episodes", "people", "risk_assessments", "clock_jobs"] {
                #expect(try await count(test, table) == 0, "\(table) is untouched")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func repeatMissingFlagsAcrossBoroughsAndQueuesScreening(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let lambeth = try await test.addUser("officer1", role: .responseOfficer)
            let croydon = try await test.addUser("officer2", role: .responseOfficer, team: "Croydon", borough: "Croydon")
            let first = try await test.store.missing.report(newReport(test), context: test.context(lambeth))
            let childID = first.child.id
            await #expect(throws: AlreadyMissing(episodeID: first.episode.id, reference: first.episode.reference),
                          "a second report while the child is still missing points to the open episode") {
                _ = try await test.store.missing.report(newReport(test, childID: childID), context: test.context(croydon))
            }
            try await foundNow(test, first.episode.id, test.context(lambeth))
            test.clock.advance(by: 30 * 86_400)
            let second = try await test.store.missing.report(newReport(test, childID: childID), context: test.context(croydon))
            #expect(!second.repeatMissing.flagged && second.repeatMissing.count == 2)
            #expect(second.episode.grade == .low, "missing once before this year: never very low")
            try await foundNow(test, second.episode.id, test.context(croydon))
            test.clock.advance(by: 30 * 86_400)
            let third = try await test.store.missing.report(newReport(test, childID: childID), context: test.context(lambeth))
            #expect(third.repeatMissing.flagged && third.repeatMissing.count == 3)
            #expect(third.episode.grade >= .medium, "a repeat-missing child is at least medium")
            try await foundNow(test, third.episode.id, test.context(lambeth))
            #expect(try await count(test, "screening_queue", where: "child_id", childID) == 1)
            let record = try await test.store.missing.episode(third.episode.id, purpose: .missingEpisode, context: test.context(lambeth))
            #expect(record.history.count == 3 && record.alerts.contains { $0.kind == .repeatMissing })
            // A fourth episode while the child still waits: one repeat-missing reason, now saying 4, not "3" and "4" one above the other.
            test.clock.advance(by: 10 * 86_400)
            let fourth = try await test.store.missing.report(newReport(test, childID: childID), context: test.context(lambeth))
            #expect(fourth.repeatMissing.flagged && fourth.repeatMissing.count == 4)
            let waiting = try await test.store.database.read { sql in
                try await sql.select().columns("reason", "source_episode_id").from("screening_queue").where("child_id", .equal, childID).all()
                    .map { (try $0.decode(column: "reason", as: String.self), try $0.decode(column: "source_episode_id", as: String?.self)) }
            }
            #expect(waiting.map(\.0) == ["Repeat missing: 4 episodes in 90 days"] && waiting.first?.1 == fourth.episode.id)
            try await foundNow(test, fourth.episode.id, test.context(lambeth))
            test.clock.advance(by: 100 * 86_400)
            let later = try await test.store.missing.report(newReport(test, childID: childID), context: test.context(lambeth))
            #expect(!later.repeatMissing.flagged, "outside the 90-day window")
        }
    }

    @Test(arguments: TestBackend.available)
    func clocksEscalateOnceAndSurviveARestart(backend: TestBackend) async throws {
        let folder: String = try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let outcome = try await test.store.missing.report(newReport(test, yes: ["crime-or-abduction"]), context: test.context(officer))
            #expect(outcome.episode.grade == .high)
            #expect(try await test.store.runDueClocks() == 0, "nothing is due yet")
            test.clock.advance(by: 61 * 60)
            #expect(try await test.store.runDueClocks() == 1, "the inspector review is overdue")
            #expect(try await test.store.runDueClocks() == 0, "a clock never fires twice")
            let record = try await test.store.missing.episode(outcome.episode.id, purpose: .supervisionReview, context: test.context(officer))
            let alert = try #require(record.alerts.first { $0.kind == .reviewOverdue })
            #expect(alert.detail.contains("chief inspector"))
            // The escalation hands the review to the chief inspector, at the top of their queue; the inspector can still do it.
            let inspector = test.context(try await test.addUser("insp1", role: .supervisor, rank: .inspector))
            let chief = test.context(try await test.addUser("chinsp1", role: .supervisor, rank: .chiefInspector))
            let forChief = try await test.store.missing.reviewQueue(context: chief)
            #expect(forChief.first?.episode.id == outcome.episode.id && forChief.first?.escalatedToYou == true)
            let forInspector = try await test.store.missing.reviewQueue(context: inspector)
            #expect(forInspector.first.map { !$0.escalatedToYou && $0.responsibleRank == .chiefInspector } == true,
                    "still open to the rank it was set for")
            #expect(try await test.store.missing.counts(context: chief)["reviewsEscalatedToYou"] == 1)
            #expect(try await test.store.missing.counts(context: inspector)["reviewsEscalatedToYou"] == 0)
            #expect(try await test.store.missing.counts(context: inspector)["reviewsOverdue"] == 1)
            // Two hours after the report: the LA-notification clock and the next escalation, each once.
            test.clock.advance(by: 60 * 60)
            #expect(try await test.store.runDueClocks() == 2)
            let again = try await test.store.missing.episode(outcome.episode.id, purpose: .supervisionReview, context: test.context(officer))
            #expect(again.alerts.filter { $0.kind == .reviewOverdue }.count == 2)
            #expect(again.alerts.contains { $0.kind == .localAuthorityNotMissing })
            // The data-quality queue lists it until the notification is recorded.
            #expect(try await test.store.missing.dataQualityQueue(context: test.context(officer)).map(\.episode.id) == [outcome.episode.id])
            #expect(try await test.store.missing.counts(context: test.context(officer))["localAuthorityNotNotified"] == 1)
            _ = try await test.store.missing.addContact(outcome.episode.id, AgencyContact(
                id: "", episodeID: outcome.episode.id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services",
                personName: "Duty worker", at: test.clock.now(), method: .phone, summary: "Told them he is missing.", reference: "",
                notifiesLocalAuthority: true, recordedBy: "", recordedAt: test.clock.now()), context: test.context(officer))
            #expect(try await test.store.missing.dataQualityQueue(context: test.context(officer)).isEmpty)
            return test.folder
        }
        _ = folder
    }

    /// Clocks live in the database: every one pending when the server stopped fires once after it starts,
    /// however long it was down, and none fires twice. On both engines, with the interview clocks too.
    @Test(arguments: TestBackend.available)
    func clocksPendingAtShutdownFireAfterRestart(backend: TestBackend) async throws {
        let first = try await TestStore.make(backend)
        let officer = first.context(try await first.addUser("officer1", role: .responseOfficer))
        // One episode open (its review and LA-notification clocks), one found (its two interview clocks).
        let open = try await first.store.missing.report(newReport(first, given: "Kai", family: "Mensah"), context: officer)
        let found = try await first.store.missing.report(newReport(first, given: "Leah", family: "Novak", yes: ["crime-or-abduction"]),
                                                         context: officer)
        _ = try await first.store.missing.recordFound(found.episode.id, FoundRecord(
            foundAt: first.clock.now(), place: "Croydon", condition: "Well", howFound: .returnedThemselves), context: officer)
        #expect(try await first.store.runDueClocks() == 0, "nothing is due before the restart")
        first.clock.advance(by: 4 * 86_400)     // the server was down past every deadline
        let second = try await first.restarted()
        do {
            let fired = try await second.store.runDueClocks()
            #expect(try await second.store.runDueClocks() == 0, "a clock never fires twice")
            let kai = try await second.store.missing.episode(open.episode.id, purpose: .supervisionReview, context: officer)
            #expect(kai.alerts.contains { $0.kind == .reviewOverdue } && kai.alerts.contains { $0.kind == .localAuthorityNotMissing })
            let leah = try await second.store.missing.episode(found.episode.id, purpose: .supervisionReview, context: officer)
            #expect(leah.alerts.contains { $0.kind == .preventionInterviewOverdue }, "the prevention interview deadline passed while down")
            #expect(leah.alerts.contains { $0.kind == .returnInterviewOverdue }, "and the 72-hour return home interview clock")
            #expect(fired >= 5, "at least Kai's review and both LA notifications, and Leah's two interviews: \(fired)")
        } catch {
            await second.tearDown()
            throw error
        }
        await second.tearDown()
    }

    @Test(arguments: TestBackend.available)
    func reviewFoundInterviewsAndClosure(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let sergeant = try await test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
            let inspector = try await test.addUser("inspector1", role: .supervisor, rank: .inspector)
            let mash = try await test.addUser("mash1", role: .partnership, rank: .staff)
            let coordinator = try await test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let outcome = try await test.store.missing.report(newReport(test, yes: ["medical-needs"]), context: test.context(officer))
            let id = outcome.episode.id
            await #expect(throws: ValidationFailure("grade", "This review needs a supervisor of inspector rank or above")) {
                _ = try await test.store.missing.review(id, grade: .high, rationale: "", direction: "Check the hospitals",
                                                        context: test.context(sergeant))
            }
            await #expect(throws: AccessDenied.self) {
                _ = try await test.store.missing.review(id, grade: .high, rationale: "", direction: "x", context: test.context(officer))
            }
            test.clock.advance(by: 30 * 60)
            let review = try await test.store.missing.review(id, grade: .high, rationale: "", direction: "Check the hospitals and her phone.",
                                                             context: test.context(inspector))
            #expect(!review.late && !review.regraded)
            await #expect(throws: ValidationFailure.self, "the local authority has not been told") {
                _ = try await test.store.missing.close(id, context: test.context(coordinator))
            }
            _ = try await test.store.missing.addContact(id, AgencyContact(
                id: "", episodeID: id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services", personName: "Duty worker",
                at: test.clock.now(), method: .phone, summary: "Told them she is missing.", reference: "LCS-1", notifiesLocalAuthority: true,
                recordedBy: "", recordedAt: test.clock.now()), context: test.context(officer))
            test.clock.advance(by: 3 * 3_600)
            let found = try await test.store.missing.recordFound(id, FoundRecord(
                foundAt: test.clock.now().addingTimeInterval(-600), place: "Croydon bus station", postcode: "cr0 1aa", withWhom: ["Unknown adult male"],
                condition: "Cold and tired", howFound: .foundByPolice, childSaid: "I was scared to go home."), context: test.context(officer))
            #expect(found.episode.status == .found && found.found?.postcode == "CR0 1AA")
            let prevention = try #require(found.preventionInterview)
            let rhi = try #require(found.returnInterview)
            #expect(rhi.dueAt == found.found!.foundAt.addingTimeInterval(72 * 3_600))
            #expect(prevention.dueAt == found.found!.foundAt.addingTimeInterval(3_600), "high risk: within the hour")
            let unmet = found.unmetForClosure.map(\.field)
            #expect(unmet == ["preventionInterview", "returnReview", "returnNotification"])
            #expect(found.episode.needsReview, "finding the child does not cancel the review: the return is reviewed")
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.recordTaskResult(id, taskID: rhi.id, outcome: .completed, result: "", childSaid: "",
                                                                  conductedBy: "", at: nil, context: test.context(mash))
            }
            _ = try await test.store.missing.recordTaskResult(id, taskID: rhi.id, outcome: .offered, result: "Offered by phone",
                                                              childSaid: "", conductedBy: "Lambeth RHI service", at: nil, context: test.context(mash))
            _ = try await test.store.missing.recordTaskResult(id, taskID: prevention.id, outcome: .completed, result: "Safe and well at home.",
                                                              childSaid: "I want to stay at my nan's.", conductedBy: "PC One", at: nil,
                                                              context: test.context(officer))
            await #expect(throws: ValidationFailure.self, "the return is not reviewed and the local authority not told of it") {
                _ = try await test.store.missing.close(id, context: test.context(coordinator))
            }
            _ = try await test.store.missing.review(id, grade: .high, rationale: "", direction: "Make sure the RHI happens; MASH referral.",
                                                    context: test.context(inspector))
            _ = try await test.store.missing.addContact(id, AgencyContact(
                id: "", episodeID: id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services", personName: "Duty worker",
                at: test.clock.now(), method: .phone, summary: "Told them she is back home.", reference: "LCS-2",
                notifiesLocalAuthority: false, recordedBy: "", recordedAt: test.clock.now()), context: test.context(officer))
            let closed = try await test.store.missing.close(id, context: test.context(coordinator))
            #expect(closed.status == .closed)
            #expect(try await ClockJobs.pending(database: test.store.database) == 1, "closing cancels every clock but the return home interview's")
            #expect(try await test.store.missing.interviewQueue(context: test.context(mash)).contains { $0.task.id == rhi.id },
                    "the return home interview is tracked past closure")
            _ = try await test.store.missing.recordTaskResult(id, taskID: rhi.id, outcome: .completed, result: "Seen at home by the RHI worker.",
                                                              childSaid: "", conductedBy: "Lambeth RHI service", at: nil,
                                                              context: test.context(mash))
            #expect(try await test.store.missing.interviewQueue(context: test.context(mash)).isEmpty)
            #expect(try await ClockJobs.pending(database: test.store.database) == 0)
            await #expect(throws: ValidationFailure.self, "nothing more on a closed episode") {
                _ = try await test.store.missing.addSighting(id, Sighting(at: test.clock.now(), place: "x", reportedBy: "y", detail: ""),
                                                             context: test.context(officer))
            }
            let child = try await test.store.children.record(outcome.child.id, purpose: .missingEpisode, context: test.context(officer))
            #expect(child.voices.map(\.words).contains("I want to stay at my nan's."))
            #expect(child.voices.map(\.words).contains("I was scared to go home."))
            // The interviews join the child's record: outcome, who, what was found, even with no words to quote.
            #expect(child.interviews.count == 2)
            let offered = try #require(child.interviews.first { $0.kind == .returnHomeInterview })
            #expect(offered.outcome == .completed && offered.completedBy == "Lambeth RHI service")
            #expect(child.interviews.first { $0.kind == .preventionInterview }?.childSaid == "I want to stay at my nan's.")
        }
    }

    @Test(arguments: TestBackend.available)
    func queuesShowWhatIsDueToWhom(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let sergeant = try await test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
            let inspector = try await test.addUser("inspector1", role: .supervisor, rank: .inspector)
            let elsewhere = try await test.addUser("inspector2", role: .supervisor, rank: .inspector, team: "Croydon", borough: "Croydon")
            let high = try await test.store.missing.report(newReport(test, given: "Kai", family: "Mensah", yes: ["crime-or-abduction"]),
                                                           context: test.context(officer))
            let medium = try await test.store.missing.report(newReport(test, yes: ["mental-health"]), context: test.context(officer))
            let open = try await test.store.missing.openEpisodes(context: test.context(officer))
            #expect(open.map(\.id) == [high.episode.id, medium.episode.id], "highest risk first")
            #expect(try await test.store.missing.reviewQueue(context: test.context(sergeant)).map(\.episode.id) == [medium.episode.id],
                    "a sergeant sees the sergeant-level review only")
            #expect(try await test.store.missing.reviewQueue(context: test.context(inspector)).count == 2)
            #expect(try await test.store.missing.reviewQueue(context: test.context(elsewhere)).isEmpty, "another borough's queue")
            test.clock.advance(by: 3 * 3_600)
            let overdue = try await test.store.missing.reviewQueue(context: test.context(inspector))
            #expect(overdue.allSatisfy { $0.state.isOverdue })
            #expect(overdue.first?.episode.id == high.episode.id, "the most overdue first")
            _ = try await test.store.missing.addEnquiry(medium.episode.id, title: "Check her friend's address", owner: "officer1",
                                                        dueAt: test.clock.now().addingTimeInterval(3_600), context: test.context(inspector))
            let mine = try await test.store.missing.myTasks(context: test.context(officer))
            #expect(mine.filter { $0.task.kind == .enquiry }.map(\.task.title) == ["Check her friend's address"])
            #expect(mine.contains { $0.task.kind == .pncCirculation }, "the officer who reported owns the PNC circulation step")
            await #expect(throws: ValidationFailure("owner", "No active Lantern user is called 'nobody'")) {
                _ = try await test.store.missing.addEnquiry(medium.episode.id, title: "x", owner: "nobody",
                                                            dueAt: test.clock.now().addingTimeInterval(60), context: test.context(officer))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func childRecordsMatchAndKeepPhilomenaVersions(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let outcome = try await test.store.missing.report(newReport(test), context: test.context(officer))
            let childID = outcome.child.id
            let profile = ChildProfile(personID: childID, aliases: ["Millie"], sex: "Female", lookedAfter: true,
                                       responsibleAuthority: "Lambeth", exploitationFlags: [.sexual], updatedAt: test.clock.now(), updatedBy: "")
            _ = try await test.store.children.saveProfile(profile, context: test.context(officer))
            let byAlias = try await test.store.children.matches(givenName: "Millie", familyName: "Hart", dateOfBirth: nil,
                                                                context: test.context(officer))
            #expect(byAlias.first?.person.id == childID)
            let byName = try await test.store.children.matches(givenName: "amelia", familyName: "HART", dateOfBirth: "2011-04-17",
                                                               context: test.context(officer))
            #expect(byName.first?.match.score == 100)
            for n in 1...2 {
                _ = try await test.store.children.savePhilomena(PhilomenaProfile(personID: childID, version: 0, description: "Version \(n)",
                                                                                 completedBy: "Key worker", updatedAt: test.clock.now(), updatedBy: ""),
                                                                context: test.context(officer))
                test.clock.advance(by: 86_400)
            }
            let record = try await test.store.children.record(childID, purpose: .missingEpisode, context: test.context(officer))
            #expect(record.philomena?.version == 2 && record.philomenaVersions == 2 && record.philomena?.description == "Version 2")
            let earlier = try await test.store.children.record(childID, purpose: .missingEpisode, philomenaVersion: 1, context: test.context(officer))
            #expect(earlier.philomena?.version == 1 && earlier.philomena?.description == "Version 1", "every version can be read")
            await #expect(throws: ValidationFailure("philomenaVersion", "This child has no Philomena profile version 3")) {
                _ = try await test.store.children.record(childID, purpose: .missingEpisode, philomenaVersion: 3, context: test.context(officer))
            }
            #expect(record.awaitingScreening?.contains("Child sexual exploitation") == true)
            await #expect(throws: ValidationFailure("responsibleAuthority", "Enter the responsible local authority for a looked-after child")) {
                _ = try await test.store.children.saveProfile(ChildProfile(personID: childID, lookedAfter: true, updatedAt: test.clock.now(),
                                                                           updatedBy: ""), context: test.context(officer))
            }
            // Home and placement addresses become Locations the child lives at; a move ends the old link, keeping it.
            let home = ChildProfile(personID: childID, homeAddress: "12 Acre Lane, London", homePostcode: "SW2 5SG",
                                    placementAddress: "The Willows, 4 Elm Road", placementPostcode: "CR0 2TB", lookedAfter: true,
                                    responsibleAuthority: "Lambeth", updatedAt: test.clock.now(), updatedBy: "")
            _ = try await test.store.children.saveProfile(home, context: test.context(officer))
            _ = try await test.store.children.saveProfile(home, context: test.context(officer))
            let lives = try await test.store.links.panel(of: EntityRef(.person, childID), purpose: .missingEpisode, context: test.context(officer)).links
                .filter { $0.link.type == .livesAt }
            #expect(lives.count == 2, "home and placement, once each however often the profile is saved")
            var moved = home
            moved.placementAddress = "Flat 2, 9 Station Road"
            moved.placementPostcode = "SE1 7PB"
            _ = try await test.store.children.saveProfile(moved, context: test.context(officer))
            let after = try await test.store.links.panel(of: EntityRef(.person, childID), purpose: .missingEpisode, context: test.context(officer)).links
                .filter { $0.link.type == .livesAt }
            #expect(after.count == 2 && after.contains { $0.other.title.contains("9 Station Road") })
            #expect(try await test.store.database.read { sql in
                try await sql.select().column("end_reason").from("links").where("type", .equal, "lives-at")
                    .where("ended_at_ms", .isNot, SQLLiteral.null).all().map { try $0.decode(column: "end_reason", as: String.self) }
            } == ["placement address changed on the child's profile"])
            // Very low for a looked-after child needs a supervisor.
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.missing.reassess(outcome.episode.id, answers: [], informantName: "", informantContact: "",
                                                          grade: .veryLow, rationale: "She is at her aunt's, confirmed by phone",
                                                          context: test.context(officer))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func foundWithARegisteredSexOffenderRaisesAnAlertAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let offender = try await test.store.people.create(PersonDraft(kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike",
                                                                          dateOfBirth: "1971-08-05"), context: test.context(officer))
            let outcome = try await test.store.missing.report(newReport(test), context: test.context(officer))
            let found = try await test.store.missing.recordFound(outcome.episode.id, FoundRecord(
                foundAt: test.clock.now(), place: "A flat on London Road", withWhom: ["Gary Pike"], withPersonIDs: [offender.id],
                condition: "Frightened", howFound: .foundByPolice), context: test.context(officer))
            let alert = try #require(found.alerts.first { $0.kind == .foundWithFlaggedPerson })
            #expect(alert.detail.contains("Gary Pike") && alert.detail.contains("registered sex offender") && alert.resolvedAt == nil)
            #expect(try await count(test, "screening_queue", where: "child_id", outcome.child.id) == 1)
        }
    }
}

@Suite("Flags register and found-at alerts")
struct FlagsTests {
    static let header = "reference,flag,kind,given_name,family_name,date_of_birth,address,postcode,details\n"

    @Test(arguments: TestBackend.available)
    func importIsIdempotentAndReportsChanges(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let file = Self.header + """
                RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,"Flat 4, 12 Acre Lane",SW2 5SG,Managed by OMU
                LOC-1,exploitation-location,location,,,,"7 Oak Road",CR0 2TB,Reported by three children
                """
            #expect(try await test.store.links.importFlags(csv: file, source: "force", context: admin)
                == FlagImportReport(added: 2, changed: 0, unchanged: 0, removed: 0))
            #expect(try await test.store.links.importFlags(csv: file, source: "force", context: admin)
                == FlagImportReport(added: 0, changed: 0, unchanged: 2, removed: 0), "re-importing changes nothing")
            let changed = Self.header + "RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,\"Flat 4, 12 Acre Lane\",SW2 5SG,Moved to MAPPA level 2\n"
            #expect(try await test.store.links.importFlags(csv: changed, source: "force", context: admin)
                == FlagImportReport(added: 0, changed: 1, unchanged: 0, removed: 1))
            let bad = Self.header + "X-1,wizard,person,A,B,,,,\nX-2,registered-sex-offender,person,,B,,,,\nX-3,exploitation-location,location,,,,Acre Lane,,\n"
            let refused = try await test.store.links.importFlags(csv: bad, source: "force", context: admin)
            #expect(refused.rejected.count == 3 && refused.added == 0)
            #expect(refused.rejected[0].hasPrefix("line 2, flag:") && refused.rejected[1].hasPrefix("line 3, given_name:")
                    && refused.rejected[2].hasPrefix("line 4, address:"))
            #expect(try await count(test, "flags") == 3, "a refused file changes nothing")
        }
    }

    @Test(arguments: TestBackend.available)
    func foundAtAFlaggedPersonsAddressOrAFlaggedPlace(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let admin = test.context(try await test.addUser("admin1", role: .administrator, rank: .staff))
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            _ = try await test.store.links.importFlags(csv: Self.header + """
                RSO-1,registered-sex-offender,person,Gary,Pike,1971-08-05,"Flat 4, 12 Acre Lane",SW2 5SG,
                LOC-1,exploitation-location,location,,,,"7 Oak Road",CR0 2TB,
                """, source: "force", context: admin)
            // Typed differently from the register: still the same Location.
            let first = try await test.store.missing.report(newReport(test), context: test.context(officer))
            let found = try await test.store.missing.recordFound(first.episode.id, FoundRecord(
                foundAt: test.clock.now(), place: "4/12 Acre Ln", postcode: "sw25sg", condition: "Frightened", howFound: .foundByPolice),
                context: test.context(officer))
            let alert = try #require(found.alerts.first { $0.kind == .foundAtFlaggedPlace })
            #expect(alert.detail.contains("where Gary Pike lives") && alert.detail.contains("RSO-1"))
            let second = try await test.store.missing.report(newReport(test, given: "Kai", family: "Mensah"), context: test.context(officer))
            let atPlace = try await test.store.missing.recordFound(second.episode.id, FoundRecord(
                foundAt: test.clock.now(), place: "7 Oak Rd", postcode: "CR0 2TB", condition: "Well", howFound: .foundByPolice),
                context: test.context(officer))
            #expect(atPlace.alerts.contains { $0.kind == .foundAtFlaggedPlace && $0.detail.contains("known exploitation location") })
            let third = try await test.store.missing.report(newReport(test, given: "Leah", family: "Novak"), context: test.context(officer))
            let elsewhere = try await test.store.missing.recordFound(third.episode.id, FoundRecord(
                foundAt: test.clock.now(), place: "14 Acre Lane", postcode: "SW2 5SG", condition: "Well", howFound: .foundByPolice),
                context: test.context(officer))
            #expect(!elsewhere.alerts.contains { $0.kind == .foundAtFlaggedPlace }, "a neighbour's house is not a match")
            let links = try await test.store.links.panel(of: EntityRef(.person, first.child.id), purpose: .missingEpisode, context: test.context(officer)).links.map(\.link)
            #expect(links.map(\.type) == [.foundAt] && links[0].sourceID == first.episode.id)
        }
    }
}

@Suite("Missing children: more bad input")
struct MissingBadInputTests {
    @Test(arguments: TestBackend.available)
    func sightingsProfilesAndMatchesRefuseBadValues(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let context = test.context(officer)
            let outcome = try await test.store.missing.report(newReport(test, lastSeenHoursAgo: 2), context: context)
            let id = outcome.episode.id
            let now = test.clock.now()
            let sightings: [(Sighting, String)] = [
                (Sighting(at: now.addingTimeInterval(600), place: "Brixton", reportedBy: "Bus driver", detail: ""), "at"),
                (Sighting(at: now.addingTimeInterval(-4 * 3_600), place: "Brixton", reportedBy: "Bus driver", detail: ""), "at"),
                (Sighting(at: now, place: " ", reportedBy: "Bus driver", detail: ""), "place"),
                (Sighting(at: now, place: "Brixton", reportedBy: "", detail: ""), "reportedBy"),
            ]
            for (sighting, field) in sightings {
                do {
                    _ = try await test.store.missing.addSighting(id, sighting, context: context)
                    Issue.record("a sighting with a bad \(field) was saved")
                } catch let failure as ValidationFailure {
                    #expect(failure.errors.map(\.field) == [field])
                }
            }
            await #expect(throws: LanguageReviewNeeded.self, "sighting detail is a narrative") {
                _ = try await test.store.missing.addSighting(id, Sighting(at: now, place: "Brixton", reportedBy: "Staff",
                                                                          detail: "She is promiscuous and will turn up."), context: context)
            }
            #expect(try await count(test, "sightings") == 0)
            // What the child said to whoever saw them joins the child's record; the words are the child's, not checked.
            let seen = try await test.store.missing.addSighting(id, Sighting(at: now, place: "Brixton station", reportedBy: "Station staff",
                                                                             detail: "", childSaid: "I'm staying at a friend's, I'm fine."),
                                                                context: context)
            #expect(seen.sighting.childSaid == "I'm staying at a friend's, I'm fine.")
            let words = try await test.store.children.record(outcome.child.id, purpose: .missingEpisode, context: context).voices
            #expect(words.contains { $0.words == "I'm staying at a friend's, I'm fine." && $0.context.contains("Brixton station") })
            await #expect(throws: ValidationFailure([FieldError("childSaid", "Must be 5000 characters or fewer")])) {
                _ = try await test.store.missing.addSighting(id, Sighting(at: now, place: "Brixton", reportedBy: "Staff", detail: "",
                                                                          childSaid: String(repeating: "x", count: 5_001)), context: context)
            }

            let child = outcome.child.id
            await #expect(throws: ValidationFailure([FieldError("description", "Enter a physical description"),
                                                     FieldError("completedBy", "Enter who completed the profile (carer and organisation)")])) {
                _ = try await test.store.children.savePhilomena(PhilomenaProfile(personID: child, version: 0, description: "", completedBy: " ",
                                                                                 updatedAt: now, updatedBy: ""), context: context)
            }
            await #expect(throws: LanguageReviewNeeded.self, "Philomena narratives are checked") {
                _ = try await test.store.children.savePhilomena(PhilomenaProfile(
                    personID: child, version: 0, description: "Slim", vulnerabilities: "Keeps putting herself at risk.", completedBy: "Key worker",
                    updatedAt: now, updatedBy: ""), context: context)
            }
            #expect(try await count(test, "philomena_profiles") == 0)
            await #expect(throws: ValidationFailure.self) {
                _ = try await test.store.children.saveProfile(ChildProfile(personID: child, estimatedAge: 19, homePostcode: "nowhere",
                                                                           updatedAt: now, updatedBy: ""), context: context)
            }
            await #expect(throws: ValidationFailure("givenName", "Enter at least a given name or a family name to look for matches")) {
                _ = try await test.store.children.matches(givenName: " ", familyName: "", dateOfBirth: nil, context: context)
            }
            await #expect(throws: ValidationFailure("purposeNote", "The reference must be 100 characters or fewer")) {
                _ = try await test.store.children.record(child, purpose: .missingEpisode, purposeNote: String(repeating: "x", count: 101),
                                                         context: context)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theFlagCheckLogsTheFlaggedPeopleItNames(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let offender = try await test.store.people.create(PersonDraft(kind: .registeredSexOffender, givenName: "Gary", familyName: "Pike"),
                                                              context: test.context(officer))
            let outcome = try await test.store.missing.report(newReport(test), context: test.context(officer))
            _ = try await test.store.missing.recordFound(outcome.episode.id, FoundRecord(
                foundAt: test.clock.now(), place: "London Road", withPersonIDs: [offender.id], condition: "Well", howFound: .foundByPolice),
                context: test.context(officer, requestID: "found-1"))
            let logged = try await test.store.accessLog.entries(requestID: "found-1")
            #expect(logged.contains { $0.entry.action == .consult && $0.entry.recordIDs == [offender.id] && $0.entry.purpose == .missingEpisode })
        }
    }
}

@Suite("Missing children: home-page counts")
struct HomeCountTests {
    /// The home page's numbers count only what the reader could open: a restricted child's episode
    /// is not hinted at to a reader outside its team, any more than its queue row is shown.
    @Test(arguments: TestBackend.available)
    func countsLeaveOutRecordsTheReaderCannotOpen(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let owner = test.context(try await test.addUser("officer1", role: .responseOfficer, team: "Exploitation team"))
            let other = test.context(try await test.addUser("officer2", role: .responseOfficer, team: "Burglary team"))
            let hidden = try await test.store.people.create(PersonDraft(kind: .child, givenName: "Jayden", familyName: "Cole",
                                                                        dateOfBirth: "2011-04-17", restricted: true), context: owner)
            _ = try await test.store.missing.report(newReport(test, childID: hidden.id), context: owner)
            _ = try await test.store.missing.report(newReport(test, given: "Leah", family: "Novak"), context: owner)
            #expect(try await test.store.missing.openEpisodes(context: other).count == 1)
            #expect(try await test.store.missing.counts(context: other)["open"] == 1)
            #expect(try await test.store.missing.counts(context: owner)["open"] == 2)
        }
    }
}
