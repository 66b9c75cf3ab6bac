import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Domestic abuse: API")
struct DomesticAbuseAPITests {
    static let fridayNight = TestStore.instant("2026-11-27T21:00:00Z")

    struct Household {
        var officer: ServerHarness.Browser
        var victim: String
        var suspect: String
        var children: [String]

        var report: [String: Any] {
            [
                "occurredAt": "2026-11-27T21:00:00Z", "address": "12 Oak Road", "postcode": "SE1 7AA",
                "whatHappened": "A neighbour heard shouting and a door being broken.", "attendedBy": ["PC 1234", "PC 5678"],
                "adults": [["personId": victim, "role": "victim"], ["personId": suspect, "role": "suspect"]],
                "children": children.enumerated().map { index, id in
                    ["childId": id, "presence": index == 0 ? "witnessed" : "present", "voice": index == 0 ? "She said she hid upstairs." : ""]
                },
            ]
        }
    }

    /// An officer signed in with a victim, a suspect and two school-age children on record; the clock an hour after the incident.
    static func household(_ h: ServerHarness, restrictedChild: Bool = false) async throws -> Household {
        h.test.clock.set(fridayNight.addingTimeInterval(3600))
        try await h.test.addUser("pc1", role: .responseOfficer, team: "Team A")
        let officer = try await h.signIn("pc1")
        func person(_ kind: String, _ given: String, _ born: String, restricted: Bool = false) async throws -> String {
            try await h.createPerson(
                officer, ["kind": kind, "givenName": given, "familyName": "Hart", "dateOfBirth": born, "restricted": restricted])
        }
        return Household(
            officer: officer, victim: try await person("parent-or-carer", "Sara", "1990-02-11"),
            suspect: try await person("suspect", "Dean", "1988-07-30"),
            children: [
                try await person("child", "Amelia", "2015-04-17", restricted: restrictedChild), try await person("child", "Noah", "2018-09-01"),
            ])
    }

    static func reported(_ h: ServerHarness, _ household: Household) async throws -> [String: Any] {
        let response = try await h.post(household.officer, "/api/v1/domestic-abuse/incidents", household.report)
        guard response.status == .created else { throw TestSetupError("report failed: \(response.status) \(String(buffer: response.body))") }
        return try ServerHarness.object(response)
    }

    @Test(arguments: TestBackend.available)
    func anIncidentWithTwoChildrenIsCreatedWithItsAddressAndEncompassDueMonday(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            let response = try await h.post(household.officer, "/api/v1/domestic-abuse/incidents", household.report)
            #expect(response.status == .created)
            let body = try ServerHarness.object(response)
            let id = try #require(body["id"] as? String)
            #expect(response.headers[.location] == "/api/v1/domestic-abuse/incidents/\(id)")
            #expect((body["encompass"] as? [[String: Any]])?.first?["incidentId"] as? String == id)
            #expect(Set((body["children"] as? [[String: Any]] ?? []).compactMap { $0["childId"] as? String }) == Set(household.children))
            let encompass = body["encompass"] as? [[String: Any]] ?? []
            #expect(encompass.count == 2)
            #expect(encompass.allSatisfy { $0["dueAt"] as? String == "2026-11-30T08:30:00Z" })
            #expect(encompass.allSatisfy { ($0["clock"] as? [String: Any])?["state"] as? String == "due" })
        }
    }

    @Test(arguments: TestBackend.available)
    func aBadPresenceIsRefusedNamingTheFieldAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            var report = household.report
            report["children"] = [["childId": household.children[0], "presence": "nearby"]]
            let response = try await h.post(household.officer, "/api/v1/domestic-abuse/incidents", report)
            #expect(response.status == .unprocessableContent)
            #expect(ServerHarness.fields(response) == ["children"])
            #expect(String(buffer: response.body).contains("present, witnessed, lives-there, lives-elsewhere"))
            let queue = try await h.get(household.officer, "/api/v1/domestic-abuse/queues/awaiting-dash")
            #expect((try ServerHarness.object(queue)["incidents"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func readingAnIncidentNeedsAPurpose(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            let id = try #require(try await Self.reported(h, household)["id"] as? String)
            let bare = try await h.get(household.officer, "/api/v1/domestic-abuse/incidents/\(id)")
            #expect(bare.status == .unprocessableContent)
            let read = try await h.get(household.officer, "/api/v1/domestic-abuse/incidents/\(id)?purpose=domestic-abuse")
            #expect(read.status == .ok)
        }
    }

    @Test(arguments: TestBackend.available)
    func anAccountOutsideARestrictedChildsScopeGetsNotFoundEverywhere(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h, restrictedChild: true)
            let incident = try await Self.reported(h, household)
            let id = try #require(incident["id"] as? String)
            let notification = try #require((incident["encompass"] as? [[String: Any]])?.first?["id"] as? String)
            try await h.test.addUser("pc2", role: .responseOfficer, team: "Team B", borough: "Camden")
            let outsider = try await h.signIn("pc2")
            let reads = [
                try await h.get(outsider, "/api/v1/domestic-abuse/incidents/\(id)?purpose=domestic-abuse"),
                try await h.post(outsider, "/api/v1/domestic-abuse/incidents/\(id)/assessments", ["victimId": household.victim, "answers": [:]]),
                try await h.post(
                    outsider, "/api/v1/domestic-abuse/encompass/\(notification)/sent",
                    ["keyAdult": "Ms Price", "shared": "Police attended.", "sentAt": "2026-11-27T22:30:00Z", "version": 1]),
            ]
            for response in reads {
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("Amelia"))
            }
            let queue = try await h.get(outsider, "/api/v1/domestic-abuse/queues/encompass-due")
            #expect(!String(buffer: queue.body).contains("Amelia"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aHighAssessmentPutsTheVictimOnTheMaracQueueWithItsClock(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            let id = try #require(try await Self.reported(h, household)["id"] as? String)
            let questions = h.test.store.domesticAbuse.rules.questions.prefix(14).map(\.id)
            let assessed = try await h.post(
                household.officer, "/api/v1/domestic-abuse/incidents/\(id)/assessments",
                ["victimId": household.victim, "answers": Dictionary(uniqueKeysWithValues: questions.map { ($0, "yes") })])
            #expect(assessed.status == .created)
            #expect((try ServerHarness.object(assessed)["result"] as? [String: Any])?["grade"] as? String == "high")
            h.test.clock.set(Self.fridayNight.addingTimeInterval(30 * 3600))
            // A day later the first session has lapsed: the officer on the next shift signs in again.
            let response = try await h.get(try await h.signIn("pc1"), "/api/v1/domestic-abuse/queues/marac-due")
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let queue = try ServerHarness.object(response)
            let referral = try #require((queue["referrals"] as? [[String: Any]])?.first)
            let clock = referral["clock"] as? [String: Any]
            #expect(clock?["state"] as? String == "overdue")
            #expect(clock?["escalationLevel"] as? Int == 2)
            #expect(referral["victimId"] as? String == household.victim)
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownAnswerIsRefusedNamingTheQuestion(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            let id = try #require(try await Self.reported(h, household)["id"] as? String)
            let question = try #require(h.test.store.domesticAbuse.rules.questions.first?.id)
            let response = try await h.post(
                household.officer, "/api/v1/domestic-abuse/incidents/\(id)/assessments",
                ["victimId": household.victim, "answers": [question: "maybe"]])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("answers.\(question) must be one of: yes, no, not-known"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aSchoolIsAddedAndAChildsOpenNotificationTakesIt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            _ = try await Self.reported(h, household)
            let school = try await h.post(
                household.officer, "/api/v1/domestic-abuse/schools",
                ["name": "Oakfield Primary", "keyAdult": "Ms Price", "contact": "020 7946 0000"])
            #expect(school.status == .created)
            let schoolID = try #require(try ServerHarness.object(school)["id"] as? String)
            let set = try await h.post(household.officer, "/api/v1/children/\(household.children[0])/school", ["schoolId": schoolID])
            #expect(set.status == .noContent)
            let due = try ServerHarness.object(try await h.get(household.officer, "/api/v1/domestic-abuse/queues/encompass-due"))
            let names = (due["notifications"] as? [[String: Any]] ?? []).compactMap { ($0["school"] as? [String: Any])?["name"] as? String }
            #expect(names == ["Oakfield Primary"])
        }
    }

    @Test(arguments: TestBackend.available)
    func theChecklistNamesEveryQuestionAndException(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("pc1", role: .responseOfficer)
            let rules = try ServerHarness.object(try await h.get(try await h.signIn("pc1"), "/api/v1/domestic-abuse/rules"))
            #expect((rules["questions"] as? [Any])?.count == h.test.store.domesticAbuse.rules.questions.count)
            #expect((rules["notSentReasons"] as? [Any])?.count == h.test.store.domesticAbuse.rules.encompass.notSentReasons.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildReferredToSocialCareLeavesTheDataQualityQueue(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            let id = try #require(try await Self.reported(h, household)["id"] as? String)
            let before = try ServerHarness.object(try await h.get(household.officer, "/api/v1/domestic-abuse/queues/social-care-gaps"))
            #expect((before["children"] as? [[String: Any]])?.count == 2)
            let told = try await h.post(
                household.officer, "/api/v1/domestic-abuse/incidents/\(id)/social-care",
                [
                    "childId": household.children[0], "kind": "referral", "agency": "childrens-social-care",
                    "organisation": "Lambeth Children's Services", "personName": "Duty social worker", "at": "2026-11-27T21:45:00Z",
                    "method": "phone", "summary": "Both children were at home when police attended.",
                ])
            #expect(told.status == .created)
            let after = try ServerHarness.object(try await h.get(household.officer, "/api/v1/domestic-abuse/queues/social-care-gaps"))
            #expect((after["children"] as? [[String: Any]])?.compactMap { $0["childId"] as? String } == [household.children[1]])
        }
    }

    static var autumnWithAnInsetDay: [String: Any] {
        [
            "name": "Autumn 2026", "starts": "2026-09-02", "ends": "2026-12-18",
            "closed": [
                ["from": "2026-10-26", "to": "2026-10-30", "name": "Half term"], ["from": "2026-11-30", "to": "2026-11-30", "name": "INSET day"],
            ],
        ]
    }

    @Test(arguments: TestBackend.available)
    func aForcesTermDatesMoveTheNextSchoolDay(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            try await h.test.addUser("insp1", role: .supervisor, rank: .inspector)
            let inspector = try await h.signIn("insp1")
            let set = try await h.client.execute(
                uri: "/api/v1/domestic-abuse/school-terms", method: .put, headers: ServerHarness.headers(inspector),
                body: ServerHarness.json(["version": 0, "periods": [Self.autumnWithAnInsetDay]]))
            #expect(set.status == .ok)
            #expect(try ServerHarness.object(set)["version"] as? Int == 1)
            let incident = try await Self.reported(h, household)
            let due = (incident["encompass"] as? [[String: Any]] ?? []).compactMap { $0["dueAt"] as? String }
            #expect(due == ["2026-12-01T08:30:00Z", "2026-12-01T08:30:00Z"])
        }
    }

    @Test(arguments: TestBackend.available)
    func termDatesAreRefusedOnAStaleVersionOrAClosureOutsideItsTermAndByAnOfficer(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let household = try await Self.household(h)
            try await h.test.addUser("insp1", role: .supervisor, rank: .inspector)
            let inspector = try await h.signIn("insp1")
            func put(_ browser: ServerHarness.Browser, _ body: [String: Any]) async throws -> TestResponse {
                try await h.client.execute(
                    uri: "/api/v1/domestic-abuse/school-terms", method: .put, headers: ServerHarness.headers(browser), body: ServerHarness.json(body))
            }
            #expect(try await put(inspector, ["version": 3, "periods": [Self.autumnWithAnInsetDay]]).status == .conflict)
            var outside = Self.autumnWithAnInsetDay
            outside["closed"] = [["from": "2027-01-04", "to": "2027-01-04", "name": "After the term"]]
            let refused = try await put(inspector, ["version": 0, "periods": [outside]])
            #expect(refused.status == .unprocessableContent)
            #expect(ServerHarness.fields(refused) == ["periods"])
            #expect(try await put(household.officer, ["version": 0, "periods": [Self.autumnWithAnInsetDay]]).status == .forbidden)
            let terms = try ServerHarness.object(try await h.get(household.officer, "/api/v1/domestic-abuse/school-terms"))
            #expect(terms["version"] as? Int == 0)
        }
    }
}
