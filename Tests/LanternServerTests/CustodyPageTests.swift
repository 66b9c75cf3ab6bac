import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Children in custody: pages")
struct CustodyPageTests {
    static let now = TestStore.instant("2026-11-27T20:00:00Z")

    static func officerAndChild(_ h: ServerHarness) async throws -> (ServerHarness.Browser, Person) {
        h.test.clock.set(now)
        let officer = try await h.test.anOfficer()
        return (try await h.signIn("officer1"), try await h.test.aChild(given: "Kai", family: "Mensah", by: officer))
    }

    static func detained(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ child: Person) async throws -> CustodyRecord {
        let saved = try await PolicePowersPageTests.postForm(
            h, browser, "/children/\(child.id)/custody", ["custodyRecord": "01LW/4471/26", "at": "2026-11-27T18:00", "appearsUnder18": "yes"])
        guard saved.status == .seeOther else { throw TestSetupError("detain failed: \(saved.status) \(String(buffer: saved.body))") }
        return try #require(try await h.test.store.policePowers.inCustodyNow(context: try await h.test.anOfficer()).first)
    }

    @Test(arguments: TestBackend.available)
    func aChildIsDetainedFromTheirPageAndTheCertificateIsShownForTheCourt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            let childPage = String(buffer: try await PolicePowersPageTests.get(h, browser, "/children/\(child.id)?purpose=police-powers").body)
            #expect(childPage.contains("/children/\(child.id)/custody?purpose=police-powers"))
            let record = try await Self.detained(h, browser, child)
            let base = "/custody/\(record.detention.id)"
            let bail = try await PolicePowersPageTests.postForm(
                h, browser, base + "/transfer/bail-refused", ["version": "1", "chargedAt": "2026-11-27T19:00", "at": "2026-11-27T19:10"])
            #expect(bail.status == .seeOther)
            let vague = try await PolicePowersPageTests.postForm(
                h, browser, base + "/transfer/certificate",
                ["version": "2", "ground": "impracticable", "certificate.reasons": "No bed.", "custodyOfficer": "PS Kowal", "at": "2026-11-27T19:30"])
            #expect(vague.status == .unprocessableContent)
            #expect(String(buffer: vague.body).contains("transfer.certificate.reasons"))
            let certified = try await PolicePowersPageTests.postForm(
                h, browser, base + "/transfer/certificate",
                [
                    "version": "2", "ground": "impracticable",
                    "certificate.reasons": "Snow closed every road; no vehicle could reach the placement tonight.",
                    "custodyOfficer": "PS Kowal", "at": "2026-11-27T19:30",
                ])
            #expect(certified.status == .seeOther)
            let page = String(buffer: try await PolicePowersPageTests.get(h, browser, base + "?purpose=police-powers").body)
            #expect(page.contains("CERTIFICATE UNDER SECTION 38(7)"))
            let queue = String(buffer: try await PolicePowersPageTests.get(h, browser, "/custody").body)
            #expect(queue.contains(record.reference))
        }
    }

    @Test(arguments: TestBackend.available)
    func theAppropriateAdultFormRefusesAMissingRelationshipAndRecordsTheWait(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, child) = try await Self.officerAndChild(h)
            let record = try await Self.detained(h, browser, child)
            let uri = "/custody/\(record.detention.id)/appropriate-adult"
            let refused = try await PolicePowersPageTests.postForm(
                h, browser, uri, ["version": "1", "name": "Ama Mensah", "requestedAt": "2026-11-27T18:10"])
            #expect(refused.status == .unprocessableContent)
            let saved = try await PolicePowersPageTests.postForm(
                h, browser, uri,
                ["version": "1", "name": "Ama Mensah", "relationship": "parent", "requestedAt": "2026-11-27T18:10", "arrivedAt": "2026-11-27T19:40"])
            #expect(saved.status == .seeOther)
            let page = String(buffer: try await PolicePowersPageTests.get(h, browser, "/custody/\(record.detention.id)?purpose=police-powers").body)
            #expect(page.contains("Ama Mensah"))
            #expect(page.contains("(waited 1 h 30 min)"))
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamCannotOpenARestrictedChildsDetention(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            h.test.clock.set(Self.now)
            let officer = try await h.test.anOfficer()
            let child = try await h.test.aChild(restricted: true, by: officer)
            let record = try await h.test.store.policePowers.detain(
                ChildDetained(childID: child.id, custodyRecord: "01LW/9/26", detainedAt: Self.now), context: officer)
            _ = try await h.test.signedIn("officer-b", role: .responseOfficer, team: "Team B", borough: "Camden")
            let outsider = try await h.signIn("officer-b")
            #expect(try await PolicePowersPageTests.get(h, outsider, "/custody/\(record.detention.id)?purpose=police-powers").status == .notFound)
            #expect(!String(buffer: try await PolicePowersPageTests.get(h, outsider, "/custody").body).contains(record.reference))
        }
    }
}
