import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Domestic abuse pages")
struct DomesticAbusePageTests {
    /// Friday 27 November 2026, 21:00 in London (GMT), an hour before the tests' clock.
    static let incidentTime = "2026-11-27T21:00"
    static let now = TestStore.instant("2026-11-27T22:00:00Z")

    static func postForm(
        _ h: ServerHarness, _ browser: ServerHarness.Browser, _ uri: String, _ fields: [String: String]
    ) async throws
        -> TestResponse
    {
        var fields = fields
        fields["_csrf"] = browser.csrf
        return try await h.client.execute(
            uri: uri, method: .post, headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: PageTests.form(fields))
    }

    /// The form as an officer fills it in: two adults and two children already on record, chosen by id.
    static func filledForm(victim: Person, suspect: Person, children: [Person]) -> [String: String] {
        var fields = [
            "occurredAt": incidentTime, "address": "12 Oak Road", "postcode": "SE1 7AA", "attendedBy": "PC 1234",
            "whatHappened": "Shouting heard by a neighbour; a door was broken.", "childRows": "2",
            "victim.name": victim.displayName, "victim.id": victim.id, "suspect.name": suspect.displayName, "suspect.id": suspect.id,
        ]
        for (index, child) in children.enumerated() {
            fields["children[\(index)].name"] = child.displayName
            fields["children[\(index)].id"] = child.id
            fields["children[\(index)].presence"] = index == 0 ? "present" : "witnessed"
            fields["children[\(index)].voice"] = index == 0 ? "I hid under the bed." : ""
        }
        return fields
    }

    /// officer1 signed in, with a victim, a suspect and two children on record.
    static func officerWithFamily(_ h: ServerHarness) async throws -> (ServerHarness.Browser, AccessContext, [String: String], [Person]) {
        h.test.clock.set(now)
        let officer = try await h.test.anOfficer()
        let browser = try await h.signIn("officer1")
        let victim = try await h.test.anAdult(.parentOrCarer, given: "Sara", family: "Hart", dateOfBirth: "1985-03-02", by: officer)
        let suspect = try await h.test.anAdult(.suspect, given: "Dean", family: "Wallis", dateOfBirth: "1983-07-19", by: officer)
        let amelia = try await h.test.aChild(given: "Amelia", family: "Hart", by: officer)
        let noah = try await h.test.aChild(given: "Noah", family: "Hart", dateOfBirth: "2015-05-01", by: officer)
        return (browser, officer, filledForm(victim: victim, suspect: suspect, children: [amelia, noah]), [amelia, noah])
    }

    @Test(arguments: TestBackend.available)
    func theFormOpensWithTwoChildRowsAndTheTimeNow(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, _, _, _) = try await Self.officerWithFamily(h)
            let page = try await h.get(browser, "/domestic-abuse/incidents/new")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("id=\"children[0].name\"") && html.contains("id=\"children[1].name\""))
            #expect(html.contains("name=\"children[1].presence\""))
            #expect(html.contains("value=\"2026-11-27T22:00\""))
        }
    }

    @Test(arguments: TestBackend.available)
    func aGoodPostGoesToTheIncidentWhichShowsBothChildren(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, _, fields, children) = try await Self.officerWithFamily(h)
            let saved = try await Self.postForm(h, browser, "/domestic-abuse/incidents/new", fields)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/domestic-abuse/incidents/"))
            let html = String(buffer: try await h.get(browser, location).body)
            #expect(html.contains(children[0].displayName) && html.contains(children[1].displayName))
            #expect(html.contains("I hid under the bed."))
            #expect(html.contains(ChildPresence.witnessed.title))
        }
    }

    @Test(arguments: TestBackend.available)
    func aPostWithoutAnAddressComesBackNamingTheFieldAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, fields, _) = try await Self.officerWithFamily(h)
            var bad = fields
            bad["address"] = ""
            let response = try await Self.postForm(h, browser, "/domestic-abuse/incidents/new", bad)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("href=\"#address\""))
            #expect(html.contains("I hid under the bed."), "what was typed comes back")
            #expect(try await h.test.store.domesticAbuse.awaitingAssessment(context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aTypedNameWithNoRecordChosenOffersTheRecordsAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, fields, children) = try await Self.officerWithFamily(h)
            var typed = fields
            typed["children[1].id"] = nil
            let response = try await Self.postForm(h, browser, "/domestic-abuse/incidents/new", typed)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("href=\"#children[1].name\""))
            #expect(html.contains("name=\"children[1].id\" type=\"radio\" value=\"\(children[1].id)\""))
            #expect(try await h.test.store.domesticAbuse.awaitingAssessment(context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func anIncidentWithARestrictedChildIsNotFoundForAnotherTeamAndNamesNobody(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            h.test.clock.set(Self.now)
            let officer = try await h.test.anOfficer()
            _ = try await h.test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let hidden = try await h.test.aChild(given: "Jayden", family: "Cole", restricted: true, by: officer)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: [hidden], by: officer)
            let outsider = try await h.signIn("officer-b")
            let page = try await h.get(outsider, "/domestic-abuse/incidents/\(incident.record.incident.id)?purpose=domestic-abuse")
            #expect(page.status == .notFound)
            #expect(!String(buffer: page.body).contains("Jayden"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theIncidentPageAsksWhyBeforeShowingAnything(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, _, children) = try await Self.officerWithFamily(h)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: children, by: officer)
            let page = try await h.get(browser, "/domestic-abuse/incidents/\(incident.record.incident.id)")
            let html = String(buffer: page.body)
            #expect(html.contains("Why are you opening this record?"))
            #expect(!html.contains(children[0].displayName))
        }
    }

    @Test(arguments: TestBackend.available)
    func theQueueListsAnIncidentAwaitingDash(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, _, children) = try await Self.officerWithFamily(h)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: children, by: officer)
            let page = try await h.get(browser, "/domestic-abuse")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains(incident.record.incident.reference))
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildsPageListsTheIncidentsTheyWereAt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, _, children) = try await Self.officerWithFamily(h)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: children, by: officer)
            let page = try await h.get(browser, "/children/\(children[1].id)?purpose=risk-assessment")
            let html = String(buffer: page.body)
            #expect(html.contains(incident.record.incident.reference))
            #expect(html.contains("12 Oak Road"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theDashChecklistSavesAndTheIncidentShowsTheLevelAndItsReasons(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, _, children) = try await Self.officerWithFamily(h)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: children, by: officer)
            let id = incident.record.incident.id
            var fields = ["victim": incident.victim.id, "purpose": "domestic-abuse", "judgement.raisesTo": "none"]
            for question in h.test.store.domesticAbuse.rules.questions.prefix(14) { fields["answers.\(question.id)"] = "yes" }
            let saved = try await Self.postForm(h, browser, "/domestic-abuse/incidents/\(id)/dash", fields)
            #expect(saved.status == .seeOther)
            let html = String(buffer: try await h.get(browser, try #require(saved.headers[.location])).body)
            #expect(html.contains("High risk"))
            #expect(html.contains("14 of \(h.test.store.domesticAbuse.rules.questions.count) answered yes"))
            #expect(html.contains("data-marac"))
        }
    }

    @Test(arguments: TestBackend.available)
    func addingAChildRowKeepsWhatWasTypedAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, fields, _) = try await Self.officerWithFamily(h)
            var adding = fields
            adding["addChild"] = "yes"
            let response = try await Self.postForm(h, browser, "/domestic-abuse/incidents/new", adding)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("id=\"children[2].name\""))
            #expect(html.contains("I hid under the bed."))
            #expect(try await h.test.store.domesticAbuse.awaitingAssessment(context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func theSchoolToldIsRecordedAndShownOnTheIncident(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, _, children) = try await Self.officerWithFamily(h)
            let incident = try await h.test.anIncident(at: Self.now.addingTimeInterval(-3600), children: children, by: officer)
            let notification = try #require(incident.record.encompass.first { $0.childID == children[0].id })
            let path = "/domestic-abuse/incidents/\(incident.record.incident.id)/encompass/\(notification.id)/sent"
            let form = try await h.get(browser, path + "?version=\(notification.version)&purpose=domestic-abuse")
            #expect(String(buffer: form.body).contains("name=\"version\" value=\"\(notification.version)\""))
            let saved = try await Self.postForm(
                h, browser, path,
                [
                    "version": "\(notification.version)", "purpose": "domestic-abuse", "keyAdult": "Ms Adebayo", "sentAt": "2026-11-27T21:50",
                    "shared": "Police attended a domestic abuse incident last night; Amelia saw it.",
                ])
            #expect(saved.status == .seeOther)
            let html = String(buffer: try await h.get(browser, try #require(saved.headers[.location])).body)
            #expect(html.contains("Told Ms Adebayo"))
        }
    }
}
