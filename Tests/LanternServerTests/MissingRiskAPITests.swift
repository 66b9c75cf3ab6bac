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

    @Test(arguments: TestBackend.available)
    func theRecordSetsTheFloorAndAnswersFirst(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 7_200))
            #expect(first.status == .created)
            let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
            let firstID = try #require(try Self.episode(first)["id"] as? String)
            #expect(try Self.episode(first)["grade"] as? String == "very-low")
            #expect(try await Self.found(h, officer, firstID).status == .created)
            let flagged = try await h.client.execute(
                uri: "/api/v1/children/\(childID)/profile", method: .put, headers: ServerHarness.headers(officer),
                body: ServerHarness.json(["exploitationFlags": ["cse"], "version": 1]))
            #expect(flagged.status == .ok)
            let saved = try #require(try ServerHarness.object(flagged)["version"] as? Int)
            #expect(saved == 2, "the profile save is a version of the child's record")
            // A second editor who read version 1 would silently clear the flag: refused, naming what changed.
            let stale = try await h.client.execute(
                uri: "/api/v1/children/\(childID)/profile", method: .put, headers: ServerHarness.headers(officer),
                body: ServerHarness.json(["exploitationFlags": [String](), "school": "Hill Park", "version": 1]))
            #expect(stale.status == .conflict)
            let conflict = try ServerHarness.object(stale)
            #expect(
                conflict["currentVersion"] as? Int == 2 && (conflict["changedFields"] as? [String])?.contains("profile.exploitationFlags") == true,
                "\(conflict)")
            let missingVersion = try await h.client.execute(
                uri: "/api/v1/children/\(childID)/profile", method: .put, headers: ServerHarness.headers(officer),
                body: ServerHarness.json(["exploitationFlags": [String]()]))
            #expect(missingVersion.status == .unprocessableContent || missingVersion.status == .badRequest)

            let record = try await h.get(officer, "/api/v1/children/\(childID)/risk-record")
            #expect(record.status == .ok)
            let body = try ServerHarness.object(record)
            let known = try #require(body["known"] as? [[String: Any]]).compactMap { $0["factor"] as? String }
            #expect(Set(known) == ["exploitation-flag"])
            #expect(body["earlierEpisodesInYear"] as? Int == 1)
            let answers = try #require(body["answers"] as? [[String: Any]])
            #expect(answers.map { $0["questionId"] as? String } == ["exploitation"] && answers.first?["fromRecord"] as? Bool == true)
            #expect(body["floor"] as? String == "high", "the record's yes to exploitation points to high")

            let typedOver = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, childID: childID, lastSeen: now - 600))
            #expect(typedOver.status == .unprocessableContent)
            #expect(ServerHarness.fields(typedOver) == ["answers.exploitation.changeReason"])
            let left = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(
                    h, childID: childID, lastSeen: now - 600,
                    omit: ["exploitation"]))
            #expect(left.status == .created)
            #expect(try Self.episode(left)["grade"] as? String == "high")
            let assessment = try #require(try ServerHarness.object(left)["assessment"] as? [String: Any])
            let stored = try #require(assessment["answers"] as? [[String: Any]])
            #expect(stored.contains { $0["questionId"] as? String == "exploitation" && $0["fromRecord"] as? Bool == true })
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

    @Test(arguments: TestBackend.available)
    func aDowngradeAwaitsASupervisorAndTheClockRunsFromTheReport(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
            let officer = try await h.signIn("officer1")
            let sergeant = try await h.signIn("sergeant1")
            let now = h.test.clock.now()
            let reportedAt = now - 5_400
            let medium = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(h, lastSeen: now - 9_000, reportedAt: reportedAt, yes: ["mental-health"]))
            let mediumEpisode = try Self.episode(medium)
            let review = try #require(mediumEpisode["nextReview"] as? [String: Any])
            #expect(review["dueAt"] as? String == Self.iso(reportedAt + 7_200), "the two-hour clock runs from when the report was received")
            #expect(mediumEpisode["awaitingDowngradeFrom"] == nil)

            let down = try await h.post(
                officer, "/api/v1/missing-episodes",
                Self.report(
                    h, dateOfBirth: "2010-01-09", lastSeen: now - 3_600, yes: ["mental-health"], grade: "low",
                    rationale: "Her father has since spoken to her by phone; she is at her aunt's"))
            #expect(down.status == .created)
            let episode = try Self.episode(down)
            let id = try #require(episode["id"] as? String)
            #expect(episode["grade"] as? String == "low" && episode["awaitingDowngradeFrom"] as? String == "medium")
            let due = try #require((episode["nextReview"] as? [String: Any])?["dueAt"] as? String)
            #expect(due <= Self.iso(now), "the supervisor's review is due at once")
            let read = try ServerHarness.object(try await h.get(officer, "/api/v1/missing-episodes/\(id)?purpose=missing-episode"))
            #expect(read["downgradeAwaitingSupervisor"] as? Bool == true)
            let page = try await h.get(officer, "/missing/\(id)?purpose=missing-episode")
            #expect(String(buffer: page.body).contains("Downgrade awaiting supervisor"))

            let bare = try await h.post(sergeant, "/api/v1/missing-episodes/\(id)/reviews", ["grade": "low", "direction": "Call the aunt."])
            #expect(bare.status == .unprocessableContent && ServerHarness.fields(bare) == ["rationale"])
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

    @Test(arguments: TestBackend.available)
    func historyLoadsWithoutClocksAndCounts(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("analyst1", role: .analyst, rank: .staff)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let first = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 3_600))
            let childID = try #require(try ServerHarness.object(first)["childId"] as? String)
            _ = try await Self.found(h, officer, try #require(try Self.episode(first)["id"] as? String))
            let clocks = try await ClockJobs.pending(database: h.test.store.database)
            let day = 86_400.0
            let entry: (Double, Double) -> [String: Any] = { seen, found in
                [
                    "lastSeenAt": Self.iso(now - seen * day), "foundAt": Self.iso(now - found * day), "grade": "low", "borough": "Lambeth",
                    "foundPlace": "A friend's flat", "sourceReference": "OLD-123",
                ]
            }
            let loaded = try await h.post(officer, "/api/v1/children/\(childID)/history", entry(200, 199))
            #expect(loaded.status == .created)
            let episode = try ServerHarness.object(loaded)
            #expect(episode["status"] as? String == "closed" && episode["recordedAsHistory"] as? Bool == true)
            #expect((episode["reference"] as? String)?.hasPrefix("MPH-") == true)
            #expect(try await ClockJobs.pending(database: h.test.store.database) == clocks, "history starts no clocks")
            let twice = try await h.post(officer, "/api/v1/children/\(childID)/history", entry(200, 199))
            #expect(twice.status == .unprocessableContent && ServerHarness.fields(twice) == ["lastSeenAt"])
            let backwards = try await h.post(officer, "/api/v1/children/\(childID)/history", entry(100, 101))
            #expect(backwards.status == .unprocessableContent && ServerHarness.fields(backwards) == ["foundAt"])
            let analyst = try await h.signIn("analyst1")
            #expect(try await h.post(analyst, "/api/v1/children/\(childID)/history", entry(150, 149)).status == .forbidden)
            #expect(try await h.post(officer, "/api/v1/children/nobody/history", entry(150, 149)).status == .notFound)
            // The year's history now holds two earlier episodes: a new report starts at medium.
            let next = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, childID: childID, lastSeen: now - 60))
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

    @Test(arguments: TestBackend.available)
    func theReturnIsReviewedAndTheInterviewOutlivesClosure(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            try await h.test.addUser("mash1", role: .partnership, rank: .staff)
            let officer = try await h.signIn("officer1")
            let sergeant = try await h.signIn("sergeant1")
            let coordinator = try await h.signIn("coord1")
            let mash = try await h.signIn("mash1")
            let now = h.test.clock.now()
            let reported = try await h.post(officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now - 3_600, yes: ["mental-health"]))
            let id = try #require(try Self.episode(reported)["id"] as? String)
            let found = try await Self.found(h, officer, id)
            let tasks = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]])
            let prevention = try #require(tasks.first { $0["kind"] as? String == "prevention-interview" }?["id"] as? String)
            let rhi = try #require(tasks.first { $0["kind"] as? String == "return-home-interview" }?["id"] as? String)
            #expect(tasks.contains { $0["kind"] as? String == "pnc-circulation" }, "every episode records its PNC circulation")

            let notDone = ["outcome": "not-done", "result": "She was asleep both times officers called; her mother asked for a visit tomorrow."]
            let byOfficer = try await h.post(officer, "/api/v1/missing-episodes/\(id)/tasks/\(prevention)/result", notDone)
            #expect(byOfficer.status == .unprocessableContent && ServerHarness.fields(byOfficer) == ["outcome"])
            #expect(try await h.post(sergeant, "/api/v1/missing-episodes/\(id)/tasks/\(prevention)/result", notDone).status == .ok)

            let queue = try ServerHarness.object(try await h.get(sergeant, "/api/v1/queues/reviews"))
            #expect((queue["items"] as? [[String: Any]])?.count == 1, "the found child's return waits for review")
            let early = try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:])
            #expect(Set(ServerHarness.fields(early)) == ["localAuthorityNotification", "returnReview", "returnNotification"])
            #expect(
                try await h.post(
                    sergeant, "/api/v1/missing-episodes/\(id)/reviews",
                    ["grade": "medium", "direction": "Make sure the RHI is offered."]
                ).status == .created)
            for (at, summary) in [(now - 3_000, "Told them she is missing."), (now, "Told them she is home.")] {
                _ = try await h.post(
                    officer, "/api/v1/missing-episodes/\(id)/contacts",
                    [
                        "agency": "childrens-social-care", "organisation": "Lambeth Children's Services", "personName": "Duty worker",
                        "at": Self.iso(at), "method": "phone", "summary": summary, "notifiesLocalAuthority": at < now,
                    ])
            }
            #expect(try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:]).status == .ok)
            let interviews = try ServerHarness.object(try await h.get(mash, "/api/v1/queues/interviews"))
            #expect((interviews["items"] as? [[String: Any]])?.contains { ($0["task"] as? [String: Any])?["id"] as? String == rhi } == true)
            let outcome = try await h.post(
                mash, "/api/v1/missing-episodes/\(id)/tasks/\(rhi)/result",
                [
                    "outcome": "completed", "result": "Seen at home by the independent worker.", "conductedBy": "Lambeth RHI service",
                ])
            #expect(outcome.status == .ok, "the return home interview is recorded after closure")
            let sighting = try await h.post(
                officer, "/api/v1/missing-episodes/\(id)/sightings",
                [
                    "at": Self.iso(now), "place": "Brixton", "reportedBy": "Staff",
                ])
            #expect(sighting.status == .unprocessableContent, "nothing else is recorded on a closed episode")
        }
    }
}

@Suite("Missing adults at risk through the API")
struct MissingAdultAPITests {
    @Test(arguments: TestBackend.available)
    func anAdultAtRiskHasTheAdultChecklistAndTheSameClocks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("sergeant1", role: .supervisor, rank: .sergeant)
            try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let answers: [[String: Any]] = h.test.store.missing.rules.adultQuestions.map {
                ["question": $0.id, "answer": $0.id == "adult-dementia" ? "yes" : "no"]
            }
            var body: [String: Any] = [
                "subject": "adult-at-risk", "child": ["givenName": "Edith", "familyName": "Clarke", "dateOfBirth": "1941-06-30"],
                "lastSeenAt": MissingRiskAPITests.iso(now - 2_700), "lastSeenPlace": "Elm Court care home, Norwood",
                "circumstances": "Walked out of the care home in her slippers; she has dementia and does not know the area.",
                "reporter": ["name": "Care home manager", "contact": "020 7946 0999"], "assessment": ["answers": answers],
            ]
            let reported = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(reported.status == .created)
            let episode = try MissingRiskAPITests.episode(reported)
            let id = try #require(episode["id"] as? String)
            #expect(episode["subject"] as? String == "adult-at-risk" && episode["grade"] as? String == "high")
            #expect((episode["nextReview"] as? [String: Any])?["rank"] as? String == "inspector", "the same clocks as a child's")
            let read = try ServerHarness.object(try await h.get(officer, "/api/v1/missing-episodes/\(id)?purpose=missing-episode"))
            let tasks = try #require(read["tasks"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(tasks.contains("pnc-circulation") && !tasks.contains("child-rescue-alert"), "a Child Rescue Alert is for children")
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/missing"))
            #expect((queue["items"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true, "the same queues")

            // A child's question, or a child's date of birth, is refused for an adult, and the reverse.
            body["assessment"] = ["answers": [["question": "out-of-character", "answer": "yes"]]]
            let childQuestion = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(childQuestion.status == .unprocessableContent && ServerHarness.fields(childQuestion) == ["answers.out-of-character"])
            body["assessment"] = ["answers": answers]
            body["child"] = ["givenName": "Lily", "familyName": "Clarke", "dateOfBirth": "2012-01-01"]
            let child = try await h.post(officer, "/api/v1/missing-episodes", body)
            #expect(child.status == .unprocessableContent && ServerHarness.fields(child) == ["dateOfBirth"])
            body["subject"] = "pensioner"
            #expect(ServerHarness.fields(try await h.post(officer, "/api/v1/missing-episodes", body)) == ["subject"])

            // Found: a prevention interview, no return home interview; closure needs the return reviewed, not social care told.
            let found = try await MissingRiskAPITests.found(h, officer, id)
            let made = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(made.contains("prevention-interview") && !made.contains("return-home-interview"))
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
            let page = try await h.get(officer, "/missing/new?subject=adult-at-risk")
            #expect(String(buffer: page.body).contains("Does the person have dementia"))
        }
    }
}
