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
        answers[0]["answer"] = "yes"  // crime or abduction: high
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

    static func fields(_ response: TestResponse) throws -> [String] {
        (try ServerHarness.object(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    /// Kai reported missing, seen at Brixton station, then erased by the inspector as recorded in error.
    func erasedEpisode(_ h: ServerHarness) async throws -> (officer: ServerHarness.Browser, inspector: ServerHarness.Browser, id: String) {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
        let officer = try await h.signIn("officer1")
        let inspector = try await h.signIn("inspector1")
        let now = h.test.clock.now()
        let created = try await post(h, officer, "/api/v1/missing-episodes", Self.report(h, lastSeen: now.addingTimeInterval(-3_600)))
        let body = try ServerHarness.object(created)
        let id = try #require((body["episode"] as? [String: Any])?["id"] as? String)
        let childID = try #require(body["childId"] as? String)
        let sighting = try await post(
            h, officer, "/api/v1/missing-episodes/\(id)/sightings",
            [
                "at": Self.iso(now.addingTimeInterval(-600)), "place": "Brixton station", "reportedBy": "Station staff",
                "childSaid": "I'm going to my brother's.",
            ])
        #expect(sighting.status == .created)
        let erased = try await post(h, inspector, "/api/v1/people/\(childID)/erasure", ["reason": "recorded-in-error"])
        #expect(erased.status == .noContent)
        return (officer, inspector, id)
    }

    @Test(arguments: TestBackend.available)
    func anErasedChildsEpisodeShowsNoPersonalData(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (_, inspector, id) = try await erasedEpisode(h)
            let read = try await h.client.execute(
                uri: "/api/v1/missing-episodes/\(id)?purpose=audit-inspection", method: .get,
                headers: [.cookie: inspector.cookie])
            #expect(read.status == .ok)
            let text = String(buffer: read.body)
            for personal in ["Kai", "Mensah", "2010-09-02", "Oak House", "curfew", "Night staff", "Key worker", "020 7946", "Brixton", "brother"] {
                #expect(!text.contains(personal), "\(personal) is still shown after erasure")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anErasedChildsEpisodeTakesNoMoreSightings(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, _, id) = try await erasedEpisode(h)
            let refused = try await post(
                h, officer, "/api/v1/missing-episodes/\(id)/sightings",
                [
                    "at": Self.iso(h.test.clock.now()), "place": "Acre Lane", "reportedBy": "Shopkeeper",
                ])
            #expect(refused.status == .conflict)
            #expect((try ServerHarness.object(refused)["type"] as? String)?.hasSuffix("/record-erased") == true)
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
                let response = try await post(
                    h, officer, "/api/v1/missing-episodes",
                    Self.report(h, lastSeen: now.addingTimeInterval(-600), extra: extra, assessment: assessment))
                #expect(response.status == .unprocessableContent, "\(name)")
                #expect(try Self.fields(response).contains(field), "\(name): \(String(buffer: response.body))")
            }
            let analyst = try await h.signIn("analyst1")
            let denied = try await post(h, analyst, "/api/v1/missing-episodes", Self.report(h, lastSeen: now.addingTimeInterval(-600)))
            #expect(denied.status == .forbidden)
            let open = try await h.client.execute(uri: "/api/v1/queues/missing", method: .get, headers: [.cookie: officer.cookie])
            #expect((try ServerHarness.object(open)["items"] as? [Any])?.isEmpty == true, "nothing was saved")
        }
    }
}

/// The report form: a known child suggested, chosen, saved, then re-assessed. Each test starts from `formFilled(_:)`.
@Suite("Missing children: the report form")
struct MissingReportFormTests {
    struct Filled {
        var officer: ServerHarness.Browser
        var known: String
        var form: [String: String]
        var headers: HTTPFields
    }

    /// Amelia Hart already on the record; the form filled in for her by name, with no child chosen yet.
    static func formFilled(_ h: ServerHarness) async throws -> Filled {
        try await h.test.addUser("officer1", role: .responseOfficer)
        let officer = try await h.signIn("officer1")
        let known = try await h.createPerson(officer, ["kind": "child", "givenName": "Amelia", "familyName": "Hart", "dateOfBirth": "2011-04-17"])
        let form: [String: String] = [
            "_csrf": officer.csrf, "givenName": "Amelia", "familyName": "Hart",
            "lastSeenAt": UKTimeForTests.input(h.test.clock.now().addingTimeInterval(-1_800)),
            "lastSeenPlace": "Acre Lane", "circumstances": "Left after an argument.", "reporterName": "Maria Hart", "reporterContact": "07700 900123",
            "grade": "recommended",
        ]
        return Filled(
            officer: officer, known: known, form: form, headers: [.cookie: officer.cookie, .contentType: "application/x-www-form-urlencoded"])
    }

    /// The form saved with the known child chosen: the episode's page address.
    static func saved(_ h: ServerHarness, _ filled: Filled) async throws -> (response: TestResponse, location: String?) {
        var form = filled.form
        form["childChoice"] = filled.known
        let saved = try await h.client.execute(uri: "/missing/new", method: .post, headers: filled.headers, body: PageTests.form(form))
        return (saved, saved.headers[.location])
    }

    static func assess(_ filled: Filled, grade: String) -> ByteBuffer {
        PageTests.form([
            "_csrf": filled.officer.csrf, "informantName": "Maria Hart", "informantContact": "07700 900123",
            "answers.mental-health": "yes", "grade": grade,
        ])
    }

    static func episodeID(_ location: String) -> String { String(location.dropFirst("/missing/".count).prefix { $0 != "?" }) }

    @Test(arguments: TestBackend.available)
    func theReportFormHasTheRiskChecklist(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            let page = try await h.client.execute(uri: "/missing/new", method: .get, headers: [.cookie: filled.officer.cookie])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Risk checklist"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aReportNamingAKnownChildAsksWhetherItIsThem(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            let suggested = try await h.client.execute(uri: "/missing/new", method: .post, headers: filled.headers, body: PageTests.form(filled.form))
            #expect(suggested.status == .unprocessableContent)
            let html = String(buffer: suggested.body)
            #expect(html.contains("Is this a child Lantern already knows?"))
            #expect(html.contains("value=\"\(filled.known)\""))
        }
    }

    @Test(arguments: TestBackend.available)
    func choosingTheKnownChildSavesTheReport(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            let (saved, location) = try await Self.saved(h, filled)
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(400))")
            let at = try #require(location)
            #expect(at.hasPrefix("/missing/"))
            let episode = try await h.client.execute(uri: at, method: .get, headers: [.cookie: filled.officer.cookie])
            let episodeHTML = String(buffer: episode.body)
            #expect(episode.status == .ok)
            #expect(episodeHTML.contains("Amelia Hart"))
            #expect(episodeHTML.contains("Risk grade history"))
        }
    }

    /// Re-assessment: an unknown grade is refused by name and saves nothing; a good one joins the grade history.
    @Test(arguments: TestBackend.available)
    func aReassessmentWithAnUnknownGradeIsRefusedByName(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            let id = Self.episodeID(try #require(try await Self.saved(h, filled).location))
            let unknownGrade = try await h.client.execute(
                uri: "/missing/\(id)/assess", method: .post, headers: filled.headers,
                body: Self.assess(filled, grade: "absent"))
            #expect(unknownGrade.status == .unprocessableContent)
            #expect(String(buffer: unknownGrade.body).contains("is not a risk grade"))
        }
    }

    @Test(arguments: TestBackend.available)
    func everyReassessmentJoinsTheGradeHistoryAndARefusedOneSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            let location = try #require(try await Self.saved(h, filled).location)
            let id = Self.episodeID(location)
            _ = try await h.client.execute(
                uri: "/missing/\(id)/assess", method: .post, headers: filled.headers, body: Self.assess(filled, grade: "absent"))
            let reassessed = try await h.client.execute(
                uri: "/missing/\(id)/assess", method: .post, headers: filled.headers,
                body: Self.assess(filled, grade: "recommended"))
            #expect(reassessed.status == .seeOther, "\(String(buffer: reassessed.body).prefix(400))")
            let record = try await h.test.store.missing.episode(
                id, purpose: .missingEpisode,
                context: h.test.context(try #require(try await h.test.store.accounts.user(named: "officer1"))))
            #expect(record.assessments.map(\.kind) == [.initial, .reassessment], "the refused one saved nothing; every re-assessment is kept")
            #expect(record.assessments.last?.answers.first { $0.questionID == "mental-health" }?.sourceName == "Maria Hart")
            let historyPage = String(buffer: try await h.client.execute(uri: location, method: .get, headers: [.cookie: filled.officer.cookie]).body)
            #expect(historyPage.contains("Re-assessment"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theMissingQueuePageIsLiveAndListsTheChild(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let filled = try await Self.formFilled(h)
            _ = try await Self.saved(h, filled)
            let queue = try await h.client.execute(uri: "/missing", method: .get, headers: [.cookie: filled.officer.cookie])
            #expect(String(buffer: queue.body).contains("data-live-queue"))
            #expect(String(buffer: queue.body).contains("Amelia Hart"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aLastSeenTimeThatIsNotADateAndTimeIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            var filled = try await Self.formFilled(h)
            filled.form["childChoice"] = filled.known
            filled.form["lastSeenAt"] = "yesterday-ish"
            let bad = try await h.client.execute(uri: "/missing/new", method: .post, headers: filled.headers, body: PageTests.form(filled.form))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("as a date and time"))
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
