import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

/// Risk grading version 2 through the API: what the record knows, downgrades, clocks from the
/// report, second reports, history, found-with names, and the return.
@Suite("Missing children: risk calls through the API")
struct MissingRiskAPITests {
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// A report for a new child (or `childID`), every question answered no except `yes`, `omit` left out.
    static func report(
        _ h: ServerHarness, childID: String? = nil, dateOfBirth: String = "2011-05-02", lastSeen: Date, reportedAt: Date? = nil,
        yes: [String] = [], notKnown: [String] = [], omit: [String] = [], grade: String? = nil,
        rationale: String? = nil
    ) -> [String: Any] {
        let answers: [[String: Any]] = h.test.store.missing.rules.questions.filter { !omit.contains($0.id) }.map { q in
            ["question": q.id, "answer": yes.contains(q.id) ? "yes" : notKnown.contains(q.id) ? "not-known" : "no"]
        }
        var assessment: [String: Any] = ["answers": answers]
        if let grade { assessment["grade"] = grade }
        if let rationale { assessment["rationale"] = rationale }
        var body: [String: Any] = [
            "child": childID.map { ["id": $0] } ?? ["givenName": "Ruby", "familyName": "Ansah", "dateOfBirth": dateOfBirth],
            "lastSeenAt": iso(lastSeen), "lastSeenPlace": "Tulse Hill station",
            "circumstances": "Did not come home after school; her phone is off.",
            "reporter": ["name": "Ama Ansah", "relationship": "Mother", "contact": "07700 900456"],
            "assessment": assessment,
        ]
        if let reportedAt { body["reportedAt"] = iso(reportedAt) }
        return body
    }

    static func episode(_ response: TestResponse) throws -> [String: Any] {
        try #require(try ServerHarness.object(response)["episode"] as? [String: Any])
    }

    static func found(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ id: String, withWhom: [String] = []) async throws -> TestResponse {
        try await h.post(
            browser, "/api/v1/missing-episodes/\(id)/found",
            [
                "foundAt": iso(h.test.clock.now()), "place": "Home", "condition": "Safe and well", "howFound": "returned-themselves",
                "withWhom": withWhom,
            ])
    }

    /// A child's first report (nothing known) and the child found; returns the officer, the child's id and the report's response.
    static func firstEpisodeFound(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, childID: String, first: TestResponse) {
        try await h.test.addUser("officer1", role: .responseOfficer)
        let officer = try await h.signIn("officer1")
        let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: h.test.clock.now() - 7_200))
        let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
        let firstID = try #require(try Self.episode(first)["id"] as? String)
        #expect(try await Self.found(h, officer, firstID).status == .created)
        return (officer, childID, first)
    }

    static func saveProfile(
        _ h: ServerHarness, _ officer: ServerHarness.Browser, _ childID: String, _ body: [String: Any]
    ) async throws -> TestResponse {
        try await h.client.execute(
            uri: "/api/v1/children/\(childID)/profile", method: .put, headers: ServerHarness.headers(officer), body: ServerHarness.json(body))
    }

    /// `firstEpisodeFound`, then the child's profile flagged for sexual exploitation (version 2 of the record).
    static func flaggedChild(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, childID: String, flagged: TestResponse) {
        let (officer, childID, _) = try await firstEpisodeFound(h)
        let flagged = try await saveProfile(h, officer, childID, ["exploitationFlags": ["cse"], "version": 1])
        return (officer, childID, flagged)
    }

    @Test("A child's first report, with nothing known, is graded very low", arguments: TestBackend.available)
    func aFirstReportWithNothingKnownIsVeryLow(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let first = try await Self.firstEpisodeFound(h).first
            #expect(first.status == .created)
            #expect(try Self.episode(first)["grade"] as? String == "very-low")
        }
    }

    @Test("Saving a child's profile makes a new version of their record", arguments: TestBackend.available)
    func savingAProfileMakesANewVersion(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let flagged = try await Self.flaggedChild(h).flagged
            #expect(flagged.status == .ok)
            let saved = try #require(try ServerHarness.object(flagged)["version"] as? Int)
            #expect(saved == 2, "the profile save is a version of the child's record")
        }
    }

    @Test("A profile save from a stale version is refused, naming what changed", arguments: TestBackend.available)
    func aStaleProfileSaveIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID, _) = try await Self.flaggedChild(h)
            // A second editor who read version 1 would silently clear the flag: refused, naming what changed.
            let stale = try await Self.saveProfile(h, officer, childID, ["exploitationFlags": [String](), "school": "Hill Park", "version": 1])
            #expect(stale.status == .conflict)
            let conflict = try ServerHarness.object(stale)
            #expect(conflict["currentVersion"] as? Int == 2, "\(conflict)")
            #expect((conflict["changedFields"] as? [String])?.contains("profile.exploitationFlags") == true, "\(conflict)")
        }
    }

    @Test("A profile save without a version is refused", arguments: TestBackend.available)
    func aProfileSaveWithoutAVersionIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID, _) = try await Self.flaggedChild(h)
            let missingVersion = try await Self.saveProfile(h, officer, childID, ["exploitationFlags": [String]()])
            #expect(missingVersion.status == .unprocessableContent || missingVersion.status == .badRequest)
        }
    }

    @Test("A flagged child's risk record answers the exploitation question and sets a high floor", arguments: TestBackend.available)
    func theRecordAnswersFirstAndSetsTheFloor(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID, _) = try await Self.flaggedChild(h)
            let record = try await h.get(officer, "/api/v1/children/\(childID)/risk-record")
            #expect(record.status == .ok)
            let body = try ServerHarness.object(record)
            let known = try #require(body["known"] as? [[String: Any]]).compactMap { $0["factor"] as? String }
            #expect(Set(known) == ["exploitation-flag"])
            #expect(body["earlierEpisodesInYear"] as? Int == 1)
            let answers = try #require(body["answers"] as? [[String: Any]])
            #expect(answers.map { $0["questionId"] as? String } == ["exploitation"])
            #expect(answers.first?["fromRecord"] as? Bool == true)
            #expect(body["floor"] as? String == "high", "the record's yes to exploitation points to high")
        }
    }

    @Test("An answer typed over the record's needs a reason", arguments: TestBackend.available)
    func anAnswerTypedOverTheRecordNeedsAReason(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID, _) = try await Self.flaggedChild(h)
            let typedOver = try await h.post(
                officer, "/api/v1/missing-episodes", Self.report(h, childID: childID, lastSeen: h.test.clock.now() - 600))
            #expect(typedOver.status == .unprocessableContent)
            #expect(ServerHarness.fields(typedOver) == ["answers.exploitation.changeReason"])
        }
    }

    @Test("A report that leaves the question to the record is graded high, with the record's answer stored", arguments: TestBackend.available)
    func aQuestionLeftToTheRecordIsAnsweredFromIt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID, _) = try await Self.flaggedChild(h)
            let left = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(h, childID: childID, lastSeen: h.test.clock.now() - 600, omit: ["exploitation"]))
            #expect(left.status == .created)
            #expect(try Self.episode(left)["grade"] as? String == "high")
            let assessment = try #require(try ServerHarness.object(left)["assessment"] as? [String: Any])
            let stored = try #require(assessment["answers"] as? [[String: Any]])
            let storedExploitation = stored.filter { $0["questionId"] as? String == "exploitation" }
            #expect(!storedExploitation.isEmpty)
            #expect(storedExploitation.contains { $0["fromRecord"] as? Bool == true })
        }
    }

    @Test(arguments: TestBackend.available)
    func aReasonedNoStillLeavesTheFloor(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 7_200))
            let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
            _ = try await Self.found(h, officer, try #require(try Self.episode(first)["id"] as? String))
            _ = try await h.client.execute(
                uri: "/api/v1/children/\(childID)/profile", method: .put, headers: ServerHarness.headers(officer),
                body: ServerHarness.json(["exploitationFlags": ["cce"], "version": 1]))
            var body = Self.report(h, childID: childID, lastSeen: now - 600)
            var assessment = try #require(body["assessment"] as? [String: Any])
            var answers = try #require(assessment["answers"] as? [[String: Any]])
            let index = try #require(answers.firstIndex { $0["question"] as? String == "exploitation" })
            answers[index]["changeReason"] = "The marker was for a 2022 concern the MASH closed as not exploitation"
            assessment["answers"] = answers
            body["assessment"] = assessment
            let reasoned = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(reasoned.status == .created)
            #expect(try Self.episode(reasoned)["grade"] as? String == "medium", "known exploitation is at least medium, whatever the answers")
        }
    }

    static func officerAndSergeant(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, sergeant: ServerHarness.Browser) {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
        return (try await h.signIn("officer1"), try await h.signIn("sergeant1"))
    }

    /// A report whose answers make it medium, graded low by the officer with a reason.
    static func downgraded(_ h: ServerHarness, _ officer: ServerHarness.Browser) async throws -> TestResponse {
        try await h.post(
            officer, "/api/v1/missing-episodes",
            Self.report(
                h, dateOfBirth: "2010-01-09", lastSeen: h.test.clock.now() - 3_600, yes: ["mental-health"], grade: "low",
                rationale: "Her father has since spoken to her by phone; she is at her aunt's"))
    }

    static func downgradedID(_ h: ServerHarness, _ officer: ServerHarness.Browser) async throws -> String {
        try #require(try Self.episode(try await downgraded(h, officer))["id"] as? String)
    }

    @Test("The review clock runs from when the report was received", arguments: TestBackend.available)
    func theClockRunsFromTheReport(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officerAndSergeant(h).officer
            let now = h.test.clock.now()
            let reportedAt = now - 5_400
            let medium = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(h, lastSeen: now - 9_000, reportedAt: reportedAt, yes: ["mental-health"]))
            let mediumEpisode = try Self.episode(medium)
            let review = try #require(mediumEpisode["nextReview"] as? [String: Any])
            #expect(review["dueAt"] as? String == Self.iso(reportedAt + 7_200), "the two-hour clock runs from when the report was received")
            #expect(mediumEpisode["awaitingDowngradeFrom"] == nil)
        }
    }

    @Test("A downgrade is saved at the lower grade, awaiting a supervisor's review due at once", arguments: TestBackend.available)
    func aDowngradeAwaitsASupervisor(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officerAndSergeant(h).officer
            let down = try await Self.downgraded(h, officer)
            #expect(down.status == .created)
            let episode = try Self.episode(down)
            #expect(episode["grade"] as? String == "low")
            #expect(episode["awaitingDowngradeFrom"] as? String == "medium")
            let due = try #require((episode["nextReview"] as? [String: Any])?["dueAt"] as? String)
            #expect(due <= Self.iso(h.test.clock.now()), "the supervisor's review is due at once")
        }
    }

    @Test("A downgrade awaiting a supervisor shows in the episode and on its page", arguments: TestBackend.available)
    func aDowngradeAwaitingASupervisorShows(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officerAndSergeant(h).officer
            let id = try await Self.downgradedID(h, officer)
            let read = try ServerHarness.object(try await h.get(officer, "/api/v1/missing-episodes/\(id)?purpose=missing-episode"))
            #expect(read["downgradeAwaitingSupervisor"] as? Bool == true)
            let page = try await h.get(officer, "/missing/\(id)?purpose=missing-episode")
            #expect(String(buffer: page.body).contains("Downgrade awaiting supervisor"))
        }
    }

    @Test("A supervisor agreeing a downgrade gives a rationale", arguments: TestBackend.available)
    func agreeingADowngradeNeedsARationale(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, sergeant) = try await Self.officerAndSergeant(h)
            let id = try await Self.downgradedID(h, officer)
            let bare = try await h.post(sergeant, "/api/v1/missing-episodes/\(id)/reviews", ["grade": "low", "direction": "Call the aunt."])
            #expect(bare.status == .unprocessableContent)
            #expect(ServerHarness.fields(bare) == ["rationale"])
        }
    }

    @Test("A downgrade the supervisor agrees no longer awaits them", arguments: TestBackend.available)
    func anAgreedDowngradeNoLongerAwaits(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, sergeant) = try await Self.officerAndSergeant(h)
            let id = try await Self.downgradedID(h, officer)
            let agreed = try await h.post(
                sergeant, "/api/v1/missing-episodes/\(id)/reviews",
                [
                    "grade": "low", "direction": "Call the aunt tonight.", "rationale": "I spoke to the aunt: she is there, safe and well",
                ])
            #expect(agreed.status == .created)
            let after = try ServerHarness.object(try await h.get(officer, "/api/v1/missing-episodes/\(id)?purpose=missing-episode"))
            #expect(after["downgradeAwaitingSupervisor"] as? Bool == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func aSecondReportPointsToTheOpenEpisode(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 3_600))
            let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
            let id = try #require(try Self.episode(first)["id"] as? String)
            let again = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, childID: childID, lastSeen: now - 600))
            #expect(again.status == .conflict)
            #expect(try ServerHarness.object(again)["episode"] as? String == "/api/v1/missing-episodes/\(id)")
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/missing"))
            #expect((queue["items"] as? [Any])?.count == 1, "nothing was saved")
        }
    }

    @Test(arguments: TestBackend.available)
    func youngChildrenAndNotKnown(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let young = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(h, dateOfBirth: "2017-02-11", lastSeen: now - 1_800, notKnown: ["out-of-character"]))
            #expect(try Self.episode(young)["grade"] as? String == "high", "a 9-year-old: not known counts against safety")
            let teen = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(h, dateOfBirth: "2010-02-11", lastSeen: now - 1_800, notKnown: ["out-of-character"]))
            #expect(try Self.episode(teen)["grade"] as? String == "low")
        }
    }

    /// A child reported and found once; returns the officer and the child's id.
    static func childFoundOnce(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, childID: String) {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("analyst1", role: .analyst, rank: .staff)
        let officer = try await h.signIn("officer1")
        let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: h.test.clock.now() - 3_600))
        let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
        _ = try await Self.found(h, officer, try #require(try Self.episode(first)["id"] as? String))
        return (officer, childID)
    }

    /// An earlier episode from another system: last seen and found the given numbers of days ago.
    static func history(_ h: ServerHarness, seen: Double, found: Double) -> [String: Any] {
        let now = h.test.clock.now()
        return [
            "lastSeenAt": Self.iso(now - seen * 86_400), "foundAt": Self.iso(now - found * 86_400), "grade": "low", "borough": "Lambeth",
            "foundPlace": "A friend's flat", "sourceReference": "OLD-123",
        ]
    }

    static func load(
        _ h: ServerHarness, _ browser: ServerHarness.Browser, _ childID: String, seen: Double, found: Double
    ) async throws -> TestResponse {
        try await h.post(browser, "/api/v1/children/\(childID)/history", history(h, seen: seen, found: found))
    }

    @Test("Loaded history is saved closed, marked as history, with its own reference", arguments: TestBackend.available)
    func loadedHistoryIsClosedAndMarked(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID) = try await Self.childFoundOnce(h)
            let loaded = try await Self.load(h, officer, childID, seen: 200, found: 199)
            #expect(loaded.status == .created)
            let episode = try ServerHarness.object(loaded)
            #expect(episode["status"] as? String == "closed")
            #expect(episode["recordedAsHistory"] as? Bool == true)
            #expect((episode["reference"] as? String)?.hasPrefix("MPH-") == true)
        }
    }

    @Test("Loaded history starts no clocks", arguments: TestBackend.available)
    func loadedHistoryStartsNoClocks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID) = try await Self.childFoundOnce(h)
            let clocks = try await ClockJobs.pending(database: h.test.store.database)
            _ = try await Self.load(h, officer, childID, seen: 200, found: 199)
            #expect(try await ClockJobs.pending(database: h.test.store.database) == clocks, "history starts no clocks")
        }
    }

    @Test("The same history is not loaded twice", arguments: TestBackend.available)
    func historyIsNotLoadedTwice(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID) = try await Self.childFoundOnce(h)
            _ = try await Self.load(h, officer, childID, seen: 200, found: 199)
            let twice = try await Self.load(h, officer, childID, seen: 200, found: 199)
            #expect(twice.status == .unprocessableContent)
            #expect(ServerHarness.fields(twice) == ["lastSeenAt"])
        }
    }

    @Test("History found before it was last seen is refused", arguments: TestBackend.available)
    func backwardsHistoryIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID) = try await Self.childFoundOnce(h)
            let backwards = try await Self.load(h, officer, childID, seen: 100, found: 101)
            #expect(backwards.status == .unprocessableContent)
            #expect(ServerHarness.fields(backwards) == ["foundAt"])
        }
    }

    @Test("Analysts may not load history", arguments: TestBackend.available)
    func analystsDoNotLoadHistory(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let childID = try await Self.childFoundOnce(h).childID
            let analyst = try await h.signIn("analyst1")
            #expect(try await Self.load(h, analyst, childID, seen: 150, found: 149).status == .forbidden)
        }
    }

    @Test("History for a child not on record is not found", arguments: TestBackend.available)
    func historyForAnUnknownChildIsNotFound(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.childFoundOnce(h).officer
            #expect(try await Self.load(h, officer, "nobody", seen: 150, found: 149).status == .notFound)
        }
    }

    @Test("Loaded history counts toward a new report's grade", arguments: TestBackend.available)
    func loadedHistoryCounts(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, childID) = try await Self.childFoundOnce(h)
            _ = try await Self.load(h, officer, childID, seen: 200, found: 199)
            // The year's history now holds two earlier episodes: a new report starts at medium.
            let next = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, childID: childID, lastSeen: h.test.clock.now() - 60))
            #expect(next.status == .created)
            #expect(try Self.episode(next)["grade"] as? String == "medium")
        }
    }

    @Test(arguments: TestBackend.available)
    func foundWithANameMatchesAFlaggedPerson(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let roy = try await h.createPerson(
                officer,
                [
                    "kind": "registered-sex-offender", "givenName": "Roy", "familyName": "Baines",
                    "dateOfBirth": "1968-03-14",
                ])
            let now = h.test.clock.now()
            let reported = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 3_600))
            let childID = try #require(try ServerHarness.object(reported)["childId"] as? String)
            let id = try #require(try Self.episode(reported)["id"] as? String)
            let seen = try await h.post(
                officer, "/api/v1/missing-episodes/\(id)/sightings",
                [
                    "at": Self.iso(now - 600), "place": "Brixton station", "reportedBy": "Station staff", "withPersonIds": [roy],
                ])
            #expect(seen.status == .created)
            let seenAlerts = try #require(try ServerHarness.object(seen)["alertsRaised"] as? [[String: Any]])
            #expect(seenAlerts.map { $0["kind"] as? String } == ["seen-with-flagged"], "the sighting's answer carries the alert it raised")
            let found = try await Self.found(h, officer, id, withWhom: ["Roy Baynes"])
            #expect(found.status == .created)
            let alerts = try #require(try ServerHarness.object(found)["alerts"] as? [[String: Any]])
            #expect(alerts.count == 1, "only the alert this find raised, not the sighting's")
            #expect(alerts.first?["kind"] as? String == "found-with-flagged-person")
            #expect((alerts.first?["detail"] as? String)?.contains("possible match for Roy Baines") == true)
            // Every later report, and the child's record, say so; the next report starts at medium or above.
            let child = try ServerHarness.object(try await h.get(officer, "/api/v1/children/\(childID)?purpose=missing-episode"))
            #expect((child["previouslyFlagged"] as? [String])?.count == 2, "the sighting's alert and the find's")
            let record = try ServerHarness.object(try await h.get(officer, "/api/v1/children/\(childID)/risk-record"))
            #expect((record["known"] as? [[String: Any]])?.contains { $0["factor"] as? String == "previously-found-with-flagged" } == true)
        }
    }

    /// A child with mental-health needs reported and found: the people who act on the return, the episode and its tasks.
    struct Return {
        var officer: ServerHarness.Browser
        var sergeant: ServerHarness.Browser
        var coordinator: ServerHarness.Browser
        var mash: ServerHarness.Browser
        var id: String
        var tasks: [[String: Any]]
        var prevention: String
        var rhi: String
    }

    static func returned(_ h: ServerHarness) async throws -> Return {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        try await h.test.addUser("mash1", role: .partnership, rank: .staff)
        let officer = try await h.signIn("officer1")
        let reported = try await h.post(
            officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: h.test.clock.now() - 3_600, yes: ["mental-health"]))
        let id = try #require(try Self.episode(reported)["id"] as? String)
        let found = try await Self.found(h, officer, id)
        let tasks = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]])
        return Return(
            officer: officer, sergeant: try await h.signIn("sergeant1"), coordinator: try await h.signIn("coord1"),
            mash: try await h.signIn("mash1"), id: id, tasks: tasks,
            prevention: try #require(tasks.first { $0["kind"] as? String == "prevention-interview" }?["id"] as? String),
            rhi: try #require(tasks.first { $0["kind"] as? String == "return-home-interview" }?["id"] as? String))
    }

    static let notDone = ["outcome": "not-done", "result": "She was asleep both times officers called; her mother asked for a visit tomorrow."]

    /// `returned`, with the sergeant recording the prevention interview as not done.
    static func interviewNotDone(_ h: ServerHarness) async throws -> Return {
        let r = try await returned(h)
        let recorded = try await h.post(r.sergeant, "/api/v1/missing-episodes/\(r.id)/tasks/\(r.prevention)/result", notDone)
        try #require(recorded.status == .ok)
        return r
    }

    /// The return reviewed by the sergeant and the local authority told of the episode and the return.
    static func reviewedAndNotified(_ h: ServerHarness, _ r: Return) async throws -> TestResponse {
        let now = h.test.clock.now()
        let review = try await h.post(
            r.sergeant, "/api/v1/missing-episodes/\(r.id)/reviews", ["grade": "medium", "direction": "Make sure the RHI is offered."])
        for (at, summary) in [(now - 3_000, "Told them she is missing."), (now, "Told them she is home.")] {
            _ = try await h.post(
                r.officer, "/api/v1/missing-episodes/\(r.id)/contacts",
                [
                    "agency": "childrens-social-care", "organisation": "Lambeth Children's Services", "personName": "Duty worker",
                    "at": Self.iso(at), "method": "phone", "summary": summary, "notifiesLocalAuthority": at < now,
                ])
        }
        return review
    }

    /// `interviewNotDone`, reviewed and notified, and the episode closed by the coordinator.
    static func closedWithTheInterviewOpen(_ h: ServerHarness) async throws -> Return {
        let r = try await interviewNotDone(h)
        _ = try await reviewedAndNotified(h, r)
        try #require(try await h.post(r.coordinator, "/api/v1/missing-episodes/\(r.id)/closure", [:]).status == .ok)
        return r
    }

    @Test("A found child's episode has a prevention interview, a return home interview and a PNC circulation", arguments: TestBackend.available)
    func aFoundChildsEpisodeHasItsTasks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.returned(h)
            #expect(r.tasks.contains { $0["kind"] as? String == "pnc-circulation" }, "every episode records its PNC circulation")
        }
    }

    @Test("Only a supervisor records a prevention interview as not done", arguments: TestBackend.available)
    func onlyASupervisorRecordsAnInterviewNotDone(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.returned(h)
            let byOfficer = try await h.post(r.officer, "/api/v1/missing-episodes/\(r.id)/tasks/\(r.prevention)/result", Self.notDone)
            #expect(byOfficer.status == .unprocessableContent)
            #expect(ServerHarness.fields(byOfficer) == ["outcome"])
            #expect(try await h.post(r.sergeant, "/api/v1/missing-episodes/\(r.id)/tasks/\(r.prevention)/result", Self.notDone).status == .ok)
        }
    }

    @Test("A found child's return waits on the review queue", arguments: TestBackend.available)
    func theReturnWaitsForReview(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.interviewNotDone(h)
            let queue = try ServerHarness.object(try await h.get(r.sergeant, "/api/v1/queues/reviews"))
            #expect((queue["items"] as? [[String: Any]])?.count == 1, "the found child's return waits for review")
        }
    }

    @Test("An episode does not close before the return is reviewed and the local authority told", arguments: TestBackend.available)
    func closureWaitsForTheReviewAndTheLocalAuthority(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.interviewNotDone(h)
            let early = try await h.post(r.coordinator, "/api/v1/missing-episodes/\(r.id)/closure", [:])
            #expect(Set(ServerHarness.fields(early)) == ["localAuthorityNotification", "returnReview", "returnNotification"])
        }
    }

    @Test("Once the return is reviewed and the local authority told, the episode closes", arguments: TestBackend.available)
    func theReviewedEpisodeCloses(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.interviewNotDone(h)
            #expect(try await Self.reviewedAndNotified(h, r).status == .created)
            #expect(try await h.post(r.coordinator, "/api/v1/missing-episodes/\(r.id)/closure", [:]).status == .ok)
        }
    }

    @Test("The return home interview outlives closure", arguments: TestBackend.available)
    func theInterviewOutlivesClosure(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.closedWithTheInterviewOpen(h)
            let interviews = try ServerHarness.object(try await h.get(r.mash, "/api/v1/queues/interviews"))
            #expect((interviews["items"] as? [[String: Any]])?.contains { ($0["task"] as? [String: Any])?["id"] as? String == r.rhi } == true)
            let outcome = try await h.post(
                r.mash, "/api/v1/missing-episodes/\(r.id)/tasks/\(r.rhi)/result",
                [
                    "outcome": "completed", "result": "Seen at home by the independent worker.", "conductedBy": "Lambeth RHI service",
                ])
            #expect(outcome.status == .ok, "the return home interview is recorded after closure")
        }
    }

    @Test("Nothing else is recorded on a closed episode", arguments: TestBackend.available)
    func aClosedEpisodeTakesNothingElse(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let r = try await Self.closedWithTheInterviewOpen(h)
            let sighting = try await h.post(
                r.officer, "/api/v1/missing-episodes/\(r.id)/sightings",
                [
                    "at": Self.iso(h.test.clock.now()), "place": "Brixton", "reportedBy": "Staff",
                ])
            #expect(sighting.status == .unprocessableContent, "nothing else is recorded on a closed episode")
        }
    }
}

@Suite("Missing adults at risk through the API")
struct MissingAdultAPITests {
    /// Every adult question answered no except dementia.
    static func answers(_ h: ServerHarness) -> [[String: Any]] {
        h.test.store.missing.rules.adultQuestions.map { ["question": $0.id, "answer": $0.id == "adult-dementia" ? "yes" : "no"] }
    }

    /// A report of Edith Clarke, 85, missing from her care home: an adult at risk with dementia.
    static func report(_ h: ServerHarness) -> [String: Any] {
        [
            "subject": "adult-at-risk", "child": ["givenName": "Edith", "familyName": "Clarke", "dateOfBirth": "1941-06-30"],
            "lastSeenAt": MissingRiskAPITests.iso(h.test.clock.now() - 2_700), "lastSeenPlace": "Elm Court care home, Norwood",
            "circumstances": "Walked out of the care home in her slippers; she has dementia and does not know the area.",
            "reporter": ["name": "Care home manager", "contact": "020 7946 0999"], "assessment": ["answers": answers(h)],
        ]
    }

    /// The officer who reports, signed in, with the supervisors and coordinator on record.
    static func officer(_ h: ServerHarness) async throws -> ServerHarness.Browser {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
        try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        return try await h.signIn("officer1")
    }

    /// Edith reported missing; returns the officer and the episode's id.
    static func reported(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, id: String) {
        let officer = try await officer(h)
        let reported = try await h.post(officer, "/api/v1/missing-episodes", report(h))
        return (officer, try #require(try MissingRiskAPITests.episode(reported)["id"] as? String))
    }

    @Test("An adult with dementia is graded high on the adult checklist, with the same clocks as a child", arguments: TestBackend.available)
    func anAdultAtRiskHasTheAdultChecklistAndTheSameClocks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officer(h)
            let reported = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h))
            #expect(reported.status == .created)
            let episode = try MissingRiskAPITests.episode(reported)
            #expect(episode["subject"] as? String == "adult-at-risk")
            #expect(episode["grade"] as? String == "high")
            #expect((episode["nextReview"] as? [String: Any])?["rank"] as? String == "inspector", "the same clocks as a child's")
        }
    }

    @Test("An adult's episode has a PNC circulation task and no Child Rescue Alert", arguments: TestBackend.available)
    func anAdultsEpisodeHasNoChildRescueAlert(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, id) = try await Self.reported(h)
            let read = try ServerHarness.object(try await h.get(officer, "/api/v1/missing-episodes/\(id)?purpose=missing-episode"))
            let tasks = try #require(read["tasks"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(tasks.contains("pnc-circulation"), "a Child Rescue Alert is for children")
            #expect(!tasks.contains("child-rescue-alert"), "a Child Rescue Alert is for children")
        }
    }

    @Test("An adult's episode is on the same missing queue as children's", arguments: TestBackend.available)
    func anAdultsEpisodeIsOnTheSameQueue(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, id) = try await Self.reported(h)
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/missing"))
            #expect((queue["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true, "the same queues")
        }
    }

    @Test("A child's question is refused in an adult's report", arguments: TestBackend.available)
    func aChildsQuestionIsRefusedForAnAdult(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officer(h)
            var body = Self.report(h)
            body["assessment"] = ["answers": [["question": "out-of-character", "answer": "yes"]]]
            let childQuestion = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(childQuestion.status == .unprocessableContent)
            #expect(ServerHarness.fields(childQuestion) == ["answers.out-of-character"])
        }
    }

    @Test("A child's date of birth is refused in an adult's report", arguments: TestBackend.available)
    func aChildsDateOfBirthIsRefusedForAnAdult(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officer(h)
            var body = Self.report(h)
            body["child"] = ["givenName": "Lily", "familyName": "Clarke", "dateOfBirth": "2012-01-01"]
            let child = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(child.status == .unprocessableContent)
            #expect(ServerHarness.fields(child) == ["dateOfBirth"])
        }
    }

    @Test("A report with an unknown subject is refused", arguments: TestBackend.available)
    func anUnknownSubjectIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officer(h)
            var body = Self.report(h)
            body["child"] = ["givenName": "Lily", "familyName": "Clarke", "dateOfBirth": "2012-01-01"]
            body["subject"] = "pensioner"
            #expect(ServerHarness.fields(try await h.post(officer, "/api/v1/missing-episodes", body)) == ["subject"])
        }
    }

    @Test("An adult found gets a prevention interview and no return home interview", arguments: TestBackend.available)
    func anAdultFoundGetsAPreventionInterview(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, id) = try await Self.reported(h)
            let found = try await MissingRiskAPITests.found(h, officer, id)
            let made = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(made.contains("prevention-interview"))
            #expect(!made.contains("return-home-interview"))
        }
    }

    @Test("An adult's episode closes once the return is reviewed, with no local authority told", arguments: TestBackend.available)
    func anAdultsEpisodeClosesOnceTheReturnIsReviewed(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, id) = try await Self.reported(h)
            let found = try await MissingRiskAPITests.found(h, officer, id)
            let foundTasks = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]])
            let prevention = try #require(foundTasks.first { $0["kind"] as? String == "prevention-interview" }?["id"] as? String)
            let coordinator = try await h.signIn("coord1")
            #expect(
                try await h.post(
                    officer, "/api/v1/missing-episodes/\(id)/tasks/\(prevention)/result",
                    [
                        "outcome": "completed", "result": "Safe and well back at Elm Court.", "conductedBy": "PC One",
                    ]
                ).status == .ok)
            let early = try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:])
            #expect(ServerHarness.fields(early) == ["returnReview"])
            let inspector = try await h.signIn("inspector1")
            #expect(
                try await h.post(
                    inspector, "/api/v1/missing-episodes/\(id)/reviews",
                    ["grade": "high", "direction": "Herbert Protocol form to be completed with the home."]
                ).status == .created)
            #expect(try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:]).status == .ok)
        }
    }

    @Test("The report form for an adult asks the adult checklist", arguments: TestBackend.available)
    func theAdultReportFormAsksTheAdultChecklist(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let officer = try await Self.officer(h)
            let page = try await h.get(officer, "/missing/new?subject=adult-at-risk")
            #expect(String(buffer: page.body).contains("Does the person have dementia"))
        }
    }
}
