import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Children in custody: API")
struct CustodyAPITests {
    static let evening = TestStore.instant("2026-11-27T18:00:00Z")

    /// An officer signed in and a child on record; the clock an hour after the detention.
    static func officerAndChild(_ h: ServerHarness, restricted: Bool = false) async throws -> (ServerHarness.Browser, String) {
        h.test.clock.set(evening.addingTimeInterval(3600))
        try await h.test.addUser("pc1", role: .responseOfficer, team: "Team A")
        let officer = try await h.signIn("pc1")
        let child = try await h.createPerson(
            officer, ["kind": "child", "givenName": "Kai", "familyName": "Mensah", "dateOfBirth": "2011-09-02", "restricted": restricted])
        return (officer, child)
    }

    static func detaining(_ child: String) -> [String: Any] {
        ["childId": child, "custodyRecord": "01LW/4471/26", "detainedAt": "2026-11-27T18:00:00Z"]
    }

    @Test(arguments: TestBackend.available)
    func aChildIsDetainedGivenAnAppropriateAdultAndCertifiedForTheCourt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let created = try await h.post(officer, "/api/v1/custody-detentions", Self.detaining(child))
            #expect(created.status == .created)
            let body = try ServerHarness.object(created)
            let id = try #require(body["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/custody-detentions/\(id)")
            #expect(body["isChild"] as? Bool == true)
            let base = "/api/v1/custody-detentions/\(id)"
            let adult = try await h.post(
                officer, base + "/appropriate-adult",
                ["name": "Maria Mensah", "relationship": "parent", "requestedAt": "2026-11-27T18:10:00Z", "version": 1])
            #expect(adult.status == .ok)
            #expect(try ServerHarness.object(adult)["appropriateAdultWaitMinutes"] as? Int == 50)
            let transfer = try await h.post(
                officer, base + "/transfer",
                [
                    "chargedAt": "2026-11-27T18:30:00Z", "bailRefusedAt": "2026-11-27T18:40:00Z", "version": 2,
                    "certificate": [
                        "ground": "impracticable", "reasons": "Snow closed every road; no vehicle could reach the placement tonight.",
                        "custodyOfficer": "PS Kowal", "at": "2026-11-27T18:55:00Z",
                    ],
                ])
            #expect(transfer.status == .ok)
            let answered = try ServerHarness.object(transfer)
            #expect((answered["certificateText"] as? String)?.hasPrefix("CERTIFICATE UNDER SECTION 38(7)") == true)
            #expect((answered["transferClock"] as? [String: Any])?["state"] as? String == "certified")
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/custody"))
            #expect((queue["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func aBadRelationshipOrASolicitorIsRefusedNamingTheField(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let id = try #require(
                try ServerHarness.object(try await h.post(officer, "/api/v1/custody-detentions", Self.detaining(child)))["id"] as? String)
            let base = "/api/v1/custody-detentions/\(id)/appropriate-adult"
            let bad = try await h.post(officer, base, ["name": "X", "relationship": "cousin", "requestedAt": "2026-11-27T18:10:00Z", "version": 1])
            #expect(bad.status == .unprocessableContent)
            #expect(ServerHarness.fields(bad) == ["relationship"])
            let solicitor = try await h.post(
                officer, base, ["name": "Ms Reid", "relationship": "other", "isSolicitor": true, "requestedAt": "2026-11-27T18:10:00Z", "version": 1])
            #expect(solicitor.status == .unprocessableContent)
            #expect(ServerHarness.fields(solicitor) == ["appropriateAdult.isSolicitor"])
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamFindsNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h, restricted: true)
            let id = try #require(
                try ServerHarness.object(try await h.post(officer, "/api/v1/custody-detentions", Self.detaining(child)))["id"] as? String)
            try await h.test.addUser("pc2", role: .responseOfficer, team: "Team B")
            let outsider = try await h.signIn("pc2")
            #expect(try await h.get(outsider, "/api/v1/custody-detentions/\(id)?purpose=police-powers").status == .notFound)
            let release = try await h.post(
                outsider, "/api/v1/custody-detentions/\(id)/release", ["releasedAt": "2026-11-27T18:30:00Z", "version": 1])
            #expect(release.status == .notFound)
            let queue = try ServerHarness.object(try await h.get(outsider, "/api/v1/queues/custody"))
            #expect((queue["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownSearchKindOrTransferAnswerIsRefusedByFieldAndChangesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let created = try await h.post(officer, "/api/v1/custody-detentions", Self.detaining(child))
            let base = "/api/v1/custody-detentions/\(try #require(try ServerHarness.object(created)["id"] as? String))"
            let search = try await h.post(
                officer, base + "/searches",
                ["kind": "cavity", "at": "2026-11-27T18:20:00Z", "by": "PC Shah", "appropriateAdultPresent": true, "version": 1])
            #expect(search.status == .unprocessableContent)
            #expect(ServerHarness.fields(search) == ["kind"])
            let answer = try await h.post(
                officer, base + "/transfer",
                [
                    "chargedAt": "2026-11-27T18:30:00Z", "bailRefusedAt": "2026-11-27T18:40:00Z", "requestedAt": "2026-11-27T18:45:00Z",
                    "answer": "maybe", "version": 1,
                ])
            #expect(answer.status == .unprocessableContent)
            #expect(ServerHarness.fields(answer) == ["answer"])
            let arrest = try await h.post(
                officer, "/api/v1/custody-detentions", Self.detaining(child).merging(["arrest": ["place": "Mill Road"]]) { _, new in new })
            #expect(arrest.status == .unprocessableContent)
            #expect(ServerHarness.fields(arrest) == ["arrest.place"])
            let read = try ServerHarness.object(try await h.get(officer, base + "?purpose=police-powers"))
            #expect(read["version"] as? Int == 1)
            #expect((read["searches"] as? [Any])?.isEmpty == true)
            #expect(read["transfer"] == nil)
        }
    }
}
