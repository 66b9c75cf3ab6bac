import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Police protection pages")
struct PolicePowersPageTests {
    static let now = TestStore.instant("2026-11-27T22:30:00Z")

    static func postForm(
        _ h: ServerHarness, _ browser: ServerHarness.Browser, _ uri: String, _ fields: [String: String]
    ) async throws
        -> TestResponse
    {
        try await DomesticAbusePageTests.postForm(h, browser, uri, fields)
    }

    static func get(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ uri: String) async throws -> TestResponse {
        try await h.client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie])
    }

    static let taking = [
        "grounds": "Found alone at 2am in a flat with no food; the carer could not be traced.", "power": "removed",
        "accommodation.kind": "local-authority", "accommodation.place": "Lambeth emergency foster placement", "takenAt": "2026-11-27T22:30",
    ]

    /// officer1 signed in with a child on record.
    static func officerAndChild(_ h: ServerHarness) async throws -> (ServerHarness.Browser, Person) {
        h.test.clock.set(now)
        let officer = try await h.test.anOfficer()
        return (try await h.signIn("officer1"), try await h.test.aChild(given: "Amelia", family: "Hart", by: officer))
    }

    @Test(arguments: TestBackend.available)
    func anOfficerTakesAChildIntoPoliceProtectionFromTheChildsPage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            let childPage = String(buffer: try await Self.get(h, browser, "/children/\(child.id)?purpose=police-powers").body)
            #expect(childPage.contains("/children/\(child.id)/police-protection?purpose=police-powers"))
            #expect(try await Self.get(h, browser, "/children/\(child.id)/police-protection?purpose=police-powers").status == .ok)
            let saved = try await Self.postForm(h, browser, "/children/\(child.id)/police-protection", Self.taking)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location]?.hasPrefix("/children/\(child.id)?purpose=police-powers&saved=") == true)
            let after = String(buffer: try await Self.get(h, browser, "/children/\(child.id)?purpose=police-powers").body)
            #expect(after.contains("data-child-protections"))
            #expect(after.contains("72h") || after.contains("left"))
            let queue = String(buffer: try await Self.get(h, browser, "/police-protection").body)
            #expect(queue.contains("Amelia Hart"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aPoliceStationWithoutAReasonIsShownAgainNamingTheFieldAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            var fields = Self.taking
            fields["accommodation.kind"] = "police-station"
            let refused = try await Self.postForm(h, browser, "/children/\(child.id)/police-protection", fields)
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("accommodation.exceptionalReason"))
            #expect(body.contains("Lambeth emergency foster placement"))
            let queue = try await h.test.store.policePowers.inProtectionNow(context: try await h.test.anOfficer())
            #expect(queue.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func thePlaceTheChildWasTakenFromIsShownAsALocationAndABadOneIsShownAgain(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            var fields = Self.taking
            fields["takenFrom.place"] = "Acre Lane"
            let refused = try await Self.postForm(h, browser, "/children/\(child.id)/police-protection", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("takenFrom.place"))
            fields["takenFrom.place"] = "Flat 3, 14 Acre Lane"
            fields["takenFrom.postcode"] = "SW2 5SG"
            #expect(try await Self.postForm(h, browser, "/children/\(child.id)/police-protection", fields).status == .seeOther)
            let id = try #require(try await h.test.store.policePowers.protections(ofChild: child).first?.protection.id)
            let page = String(buffer: try await Self.get(h, browser, "/police-protection/\(id)?purpose=police-powers").body)
            #expect(page.contains("Taken from"))
            #expect(page.contains("Flat 3, 14 Acre Lane, SW2 5SG"))
            #expect(page.contains("href=\"/locations/"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theRecordShowsTheChecklistAndTheDutiesAreRecordedFromIt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            _ = try await Self.postForm(h, browser, "/children/\(child.id)/police-protection", Self.taking)
            let record = try #require(try await h.test.store.policePowers.inProtectionNow(context: try await h.test.anOfficer()).first)
            let id = record.protection.id
            let page = String(buffer: try await Self.get(h, browser, "/police-protection/\(id)?purpose=police-powers").body)
            #expect(page.contains("data-duties"))
            #expect(page.contains("/police-protection/\(id)/duties/child-told-wishes?version=1"))
            let told = try await Self.postForm(
                h, browser, "/police-protection/\(id)/duties/child-told-wishes",
                ["version": "1", "at": "2026-11-27T22:30", "note": "Amelia said she wants to stay with her nan.", "purpose": "police-powers"])
            #expect(told.status == .seeOther)
            let after = String(buffer: try await Self.get(h, browser, "/police-protection/\(id)?purpose=police-powers").body)
            #expect(after.contains("Amelia said she wants to stay with her nan."))
            #expect(!after.contains("/duties/child-told-wishes?"))
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamCannotOpenARestrictedChildsProtectionPage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            h.test.clock.set(Self.now)
            let officer = try await h.test.anOfficer()
            let child = try await h.test.aChild(restricted: true, by: officer)
            let record = try await h.test.store.policePowers.take(
                ProtectionTaken(
                    childID: child.id, grounds: Self.taking["grounds"]!, power: .removed,
                    accommodation: .init(kind: .localAuthority, place: "Foster placement"), takenAt: Self.now), context: officer)
            _ = try await h.test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let outsider = try await h.signIn("officer-b")
            let page = try await Self.get(h, outsider, "/police-protection/\(record.protection.id)?purpose=police-powers")
            #expect(page.status == .notFound)
            #expect(!String(buffer: page.body).contains("Foster placement"))
            let queue = String(buffer: try await Self.get(h, outsider, "/police-protection").body)
            #expect(!queue.contains(record.reference))
        }
    }
}
