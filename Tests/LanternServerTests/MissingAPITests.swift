import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Missing children: API and pages")
struct MissingAPITests {
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func report(_ h: ServerHarness, lastSeen: Date, extra: [String: Any] = [:], assessment: [String: Any] = [:]) -> [String: Any] {
        var answers: [[String: Any]] = h.test.store.missing.rules.questions.map { ["question": $0.id, "answer": "no"] }
        answers[0]["answer"] = "yes"     // crime or abduction: high
        var body: [String: Any] = [
            "child": ["givenName": "Kai", "familyName": "Mensah", "dateOfBirth": "2010-09-02"],
            "lastSeenAt": iso(lastSeen), "lastSeenPlace": "Oak House, Streatham",
            "circumstances": "Did not return by the 22:00 curfew.",
            "reporter": ["name": "Night staff", "relationship": "Key worker", "contact": "020 7946 0000"],
            "assessment": ["answers": answers].merging(assessment) { $1 },
        ]
        body.merge(extra) { $1 }
        return body
    }

    func post(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ uri: String, _ body: [String: Any]) async throws -> TestResponse {
        try await h.client.execute(uri: uri, method: .post, headers: ServerHarness.headers(browser), body: ServerHarness.json(body))
    }

    func fields(_ response: TestResponse) throws -> [String] {
        (try ServerHarness.object(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test(arguments: TestBackend.available)
    func anErasedChildsEpisodeShowsNoPersonalDataAndTakesNoMore(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
            let officer = try await h.signIn("officer1")
            let inspector = try await h.signIn("inspector1")
            let now = h.test.clock.now()
            let created = try await post(h, officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now.addingTimeInterval(-3_600)))
            let body = try ServerHarness.object(created)
            let id = try #require((body["episode"] as? [String: Any])?["id"] as? String)
            let childID = try #require(body["childId"] as? String)
            let sighting = try await post(h, officer, "/api/v1/missing-episodes/\(id)/sightings", [
                "at": Self.iso(now.addingTimeInterval(-600)), "place": "Brixton station", "reportedBy": "Station staff",
                "childSaid": "I'm going to my brother's."])
            #expect(sighting.status == .created)
            let erased = try await post(h, inspector, "/api/v1/people/\(childID)/erasure", ["reason": "recorded-in-error"])
            #expect(erased.status == .noContent)
            let read = try await h.client.execute(uri: "/api/v1/missing-episodes/\(id)?purpose=audit-inspection", method: .get,
                                                  headers: [.cookie: inspector.cookie])
            #expect(read.status == .ok)
            let text = String(buffer: read.body)
            for personal in ["Kai", "Mensah", "2010-09-02", "Oak House", "curfew", "Night staff", "Key worker", "020 7946", "Brixton", "brother"] {
                #expect(!text.contains(personal), "\(personal) is still shown after erasure")
            }
            let refused = try await post(h, officer, "/api/v1/missing-episodes/\(id)/sightings", [
                "at": Self.iso(now), "place": "Acre Lane", "reportedBy": "Shopkeeper"])
            #expect(refused.status == .conflict)
            #expect((try ServerHarness.object(refused)["type"] as? String)?.hasSuffix("/record-erased") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func reportToClosureThroughTheAPI(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let created = try await post(h, officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now.addingTimeInterval(-3_600)))
            #expect(created.status == .created)
            let body = try ServerHarness.object(created)
            let episode = try #require(body["episode"] as? [String: Any])
            let id = try #require(episode["id"] as? String)
            #expect(episode["grade"] as? String == "high")
            #expect(episode["childId"] as? String == body["childId"] as? String, "API keys are spelled ...Id")
            #expect((body["assessment"] as? [String: Any])?["decision"] != nil)

            let childID = try #require(body["childId"] as? String)
            let noVersion = try await h.client.execute(uri: "/api/v1/children/\(childID)?purpose=missing-episode&philomenaVersion=2",
                                                       method: .get, headers: [.cookie: officer.cookie])
            #expect(noVersion.status == .unprocessableContent, "no Philomena profile yet")
            for bad in ["0", "-1", "two", "99999999999999999999"] {
                let refused = try await h.client.execute(uri: "/api/v1/children/\(childID)?purpose=missing-episode&philomenaVersion=\(bad)",
                                                         method: .get, headers: [.cookie: officer.cookie])
                let refusedFields = try fields(refused)
                #expect(refused.status == .unprocessableContent && refusedFields == ["philomenaVersion"], "philomenaVersion=\(bad)")
            }
            let childPage = try await h.client.execute(uri: "/children/\(childID)?purpose=missing-episode", method: .get,
                                                       headers: [.cookie: officer.cookie])
            #expect(childPage.status == .ok && String(buffer: childPage.body).contains("Interviews after each return"))
            let noPurpose = try await h.client.execute(uri: "/api/v1/missing-episodes/\(id)", method: .get, headers: [.cookie: officer.cookie])
            #expect(noPurpose.status == .badRequest)
            let read = try await h.client.execute(uri: "/api/v1/missing-episodes/\(id)?purpose=missing-episode", method: .get,
                                                  headers: [.cookie: officer.cookie])
            #expect(read.status == .ok)
            let record = try ServerHarness.object(read)
            #expect((record["closureNeeds"] as? [[String: Any]])?.count == 2)
            #expect((record["review"] as? [String: Any])?["rank"] as? String == "inspector")
            let logged = try await h.test.store.accessLog.entries(requestID: read.headers[HTTPField.Name("X-Request-Id")!] ?? "")
            #expect(logged.first?.entry.purpose == .missingEpisode)

            // The queues through the API: the inspector's review, the officer's sighting, an enquiry in my tasks.
            let inspectorSession = try await h.signIn("inspector1")
            let reviews = try await h.client.execute(uri: "/api/v1/queues/reviews", method: .get, headers: [.cookie: inspectorSession.cookie])
            let reviewItems = try ServerHarness.object(reviews)["items"] as? [[String: Any]]
            #expect(reviews.status == .ok)
            #expect(reviewItems?.count == 1 && reviewItems?.first?["escalatedToYou"] as? Bool == false)
            let sighting = try await post(h, officer, "/api/v1/missing-episodes/\(id)/sightings", [
                "at": Self.iso(now.addingTimeInterval(-600)), "place": "Brixton station", "reportedBy": "Station staff",
                "childSaid": "Leave me alone, I'm going to my brother's."])
            #expect(sighting.status == .created)
            let seen = try ServerHarness.object(sighting)["sighting"] as? [String: Any]
            #expect(seen?["childSaid"] as? String == "Leave me alone, I'm going to my brother's.")
            let enquiry = try await post(h, officer, "/api/v1/missing-episodes/\(id)/enquiries", [
                "title": "Call his brother", "owner": "officer1", "dueAt": Self.iso(now.addingTimeInterval(3_600))])
            #expect(enquiry.status == .created, "\(String(buffer: enquiry.body).prefix(300))")
            let mine = try await h.client.execute(uri: "/api/v1/queues/my-tasks", method: .get, headers: [.cookie: officer.cookie])
            let mineItems = try ServerHarness.object(mine)["items"] as? [[String: Any]]
            let kinds = (mineItems ?? []).compactMap { ($0["task"] as? [String: Any])?["kind"] as? String }.sorted()
            #expect(kinds == ["child-rescue-alert", "enquiry", "pnc-circulation"], "a high-risk report records its steps")
            let quality = try await h.client.execute(uri: "/api/v1/queues/data-quality", method: .get, headers: [.cookie: officer.cookie])
            let qualityItems = try ServerHarness.object(quality)["items"] as? [Any]
            #expect(quality.status == .ok && qualityItems?.isEmpty == true, "not yet past the deadline")
            let qualityPage = try await h.client.execute(uri: "/missing/data-quality", method: .get, headers: [.cookie: officer.cookie])
            #expect(qualityPage.status == .ok && String(buffer: qualityPage.body).contains("Local authority not yet told"))

            let refusedReview = try await post(h, officer, "/api/v1/missing-episodes/\(id)/reviews", ["grade": "high", "direction": "Search"])
            #expect(refusedReview.status == .forbidden)
            let inspector = try await h.signIn("inspector1")
            let reviewed = try await post(h, inspector, "/api/v1/missing-episodes/\(id)/reviews",
                                          ["grade": "high", "direction": "Search the park and call his friends."])
            #expect(reviewed.status == .created)

            let contact = try await post(h, officer, "/api/v1/missing-episodes/\(id)/contacts", [
                "agency": "childrens-social-care", "organisation": "Lambeth Children's Services", "personName": "Duty worker",
                "at": Self.iso(now), "method": "phone", "summary": "Told them Kai is missing.", "notifiesLocalAuthority": true])
            #expect(contact.status == .created)
            let early = try await post(h, officer, "/api/v1/missing-episodes/\(id)/found", [
                "foundAt": Self.iso(now.addingTimeInterval(-7_200)), "place": "Croydon", "condition": "Well", "howFound": "found-by-police"])
            #expect(early.status == .unprocessableContent)
            #expect(try fields(early) == ["foundAt"])
            let found = try await post(h, officer, "/api/v1/missing-episodes/\(id)/found", [
                "foundAt": Self.iso(now), "place": "West Croydon bus station", "condition": "Tired", "howFound": "found-by-police",
                "childSaid": "I just wanted to see my brother."])
            #expect(found.status == .created)
            let coordinator = try await h.signIn("coord1")
            let closing = try await post(h, coordinator, "/api/v1/missing-episodes/\(id)/closure", [:])
            #expect(closing.status == .unprocessableContent)
            #expect(try fields(closing) == ["preventionInterview", "returnReview"])
            #expect((try ServerHarness.object(found)["alerts"] as? [Any])?.isEmpty == true, "the found answer carries the alerts raised: none")
            let returnReview = try await post(h, inspector, "/api/v1/missing-episodes/\(id)/reviews",
                                              ["grade": "high", "direction": "Return home interview by Friday; MASH referral."])
            #expect(returnReview.status == .created, "a found child's return is reviewed")
            let tasks = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]])
            let prevention = try #require(tasks.first { $0["kind"] as? String == "prevention-interview" }?["id"] as? String)
            let done = try await post(h, officer, "/api/v1/missing-episodes/\(id)/tasks/\(prevention)/result", [
                "outcome": "completed", "result": "Safe and well at the placement.", "conductedBy": "PC One"])
            #expect(done.status == .ok)
            #expect(try await post(h, coordinator, "/api/v1/missing-episodes/\(id)/closure", [:]).status == .ok)

            let queue = try await h.client.execute(uri: "/api/v1/queues/interviews", method: .get, headers: [.cookie: coordinator.cookie])
            #expect(queue.status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func badReportsAreRefusedByField(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("analyst1", role: .analyst, rank: .staff)
            let officer = try await h.signIn("officer1")
            let now = h.test.clock.now()
            let cases: [(String, [String: Any], [String: Any], String)] = [
                ("future last seen", ["lastSeenAt": Self.iso(now.addingTimeInterval(3_600))], [:], "lastSeenAt"),
                ("unknown grade", [:], ["grade": "absent"], "grade"),
                ("override without rationale", [:], ["grade": "low"], "rationale"),
                ("future date of birth", ["child": ["givenName": "Kai", "familyName": "Mensah", "dateOfBirth": "2099-01-01"]], [:], "dateOfBirth"),
                ("no child", ["child": [String: Any]()], [:], "child"),
            ]
            for (name, extra, assessment, field) in cases {
                let response = try await post(h, officer, "/api/v1/missing-episodes",
                                               Self.report(h, lastSeen: now.addingTimeInterval(-600), extra: extra, assessment: assessment))
                #expect(response.status == .unprocessableContent, "\(name)")
                #expect(try fields(response).contains(field), "\(name): \(String(buffer: response.body))")
            }
            let analyst = try await h.signIn("analyst1")
            let denied = try await post(h, analyst, "/api/v1/missing-episodes", Self.report(h, lastSeen: now.addingTimeInterval(-600)))
            #expect(denied.status == .forbidden)
            let open = try await h.client.execute(uri: "/api/v1/queues/missing", method: .get, headers: [.cookie: officer.cookie])
            #expect((try ServerHarness.object(open)["items"] as? [Any])?.isEmpty == true, "nothing was saved")
        }
    }

    @Test(arguments: TestBackend.available)
    func reportFormSuggestsAKnownChildThenSaves(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let known = try await h.createPerson(officer, ["kind": "child", "givenName": "Amelia", "familyName": "Hart", "dateOfBirth": "2011-04-17"])
            let page = try await h.client.execute(uri: "/missing/new", method: .get, headers: [.cookie: officer.cookie])
            #expect(page.status == .ok && String(buffer: page.body).contains("Risk checklist"))
            var form: [String: String] = [
                "_csrf": officer.csrf, "givenName": "Amelia", "familyName": "Hart", "lastSeenAt": UKTimeForTests.input(h.test.clock.now().addingTimeInterval(-1_800)),
                "lastSeenPlace": "Acre Lane", "circumstances": "Left after an argument.", "reporterName": "Maria Hart", "reporterContact": "07700 900123",
                "grade": "recommended",
            ]
            let headers: HTTPFields = [.cookie: officer.cookie, .contentType: "application/x-www-form-urlencoded"]
            let suggested = try await h.client.execute(uri: "/missing/new", method: .post, headers: headers, body: PageTests.form(form))
            #expect(suggested.status == .unprocessableContent)
            let html = String(buffer: suggested.body)
            #expect(html.contains("Is this a child Lantern already knows?") && html.contains("value=\"\(known)\""))
            form["childChoice"] = known
            let saved = try await h.client.execute(uri: "/missing/new", method: .post, headers: headers, body: PageTests.form(form))
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(400))")
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/missing/"))
            let episode = try await h.client.execute(uri: location, method: .get, headers: [.cookie: officer.cookie])
            let episodeHTML = String(buffer: episode.body)
            #expect(episode.status == .ok && episodeHTML.contains("Amelia Hart") && episodeHTML.contains("Risk grade history"))
            // Re-assessment: an unknown grade is refused by name and saves nothing; a good one joins the grade history.
            let episodeID = String(location.dropFirst("/missing/".count).prefix { $0 != "?" })
            let assess: [String: String] = ["_csrf": officer.csrf, "informantName": "Maria Hart", "informantContact": "07700 900123",
                                            "answers.mental-health": "yes"]
            let unknownGrade = try await h.client.execute(uri: "/missing/\(episodeID)/assess", method: .post, headers: headers,
                                                          body: PageTests.form(assess.merging(["grade": "absent"]) { $1 }))
            #expect(unknownGrade.status == .unprocessableContent && String(buffer: unknownGrade.body).contains("is not a risk grade"))
            let reassessed = try await h.client.execute(uri: "/missing/\(episodeID)/assess", method: .post, headers: headers,
                                                        body: PageTests.form(assess.merging(["grade": "recommended"]) { $1 }))
            #expect(reassessed.status == .seeOther, "\(String(buffer: reassessed.body).prefix(400))")
            let record = try await h.test.store.missing.episode(episodeID, purpose: .missingEpisode,
                                                                context: h.test.context(try await h.test.store.accounts.user(named: "officer1")!))
            #expect(record.assessments.map(\.kind) == [.initial, .reassessment], "the refused one saved nothing; every re-assessment is kept")
            #expect(record.assessments.last?.answers.first { $0.questionID == "mental-health" }?.sourceName == "Maria Hart")
            let historyPage = String(buffer: try await h.client.execute(uri: location, method: .get, headers: [.cookie: officer.cookie]).body)
            #expect(historyPage.contains("Re-assessment"))
            let queue = try await h.client.execute(uri: "/missing", method: .get, headers: [.cookie: officer.cookie])
            #expect(String(buffer: queue.body).contains("data-live-queue"))
            #expect(String(buffer: queue.body).contains("Amelia Hart"))
            form["lastSeenAt"] = "yesterday-ish"
            let bad = try await h.client.execute(uri: "/missing/new", method: .post, headers: headers, body: PageTests.form(form))
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("as a date and time"))
        }
    }
}

/// What a browser's datetime-local input sends, in UK time.
enum UKTimeForTests {
    static func input(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
