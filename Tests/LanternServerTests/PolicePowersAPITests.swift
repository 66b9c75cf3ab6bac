import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Police protection: API")
struct PolicePowersAPITests {
    static let night = TestStore.instant("2026-11-27T22:30:00Z")

    /// An officer signed in and a child on record (restricted to the officer's team if asked); the clock half an hour on.
    static func officerAndChild(_ h: ServerHarness, restricted: Bool = false) async throws -> (ServerHarness.Browser, String) {
        h.test.clock.set(night.addingTimeInterval(1800))
        try await h.test.addUser("pc1", role: .responseOfficer, team: "Team A")
        let officer = try await h.signIn("pc1")
        let child = try await h.createPerson(
            officer, ["kind": "child", "givenName": "Amelia", "familyName": "Hart", "dateOfBirth": "2014-04-17", "restricted": restricted])
        return (officer, child)
    }

    static func taking(_ child: String, kind: String = "local-authority", power: String = "removed") -> [String: Any] {
        [
            "childId": child, "grounds": "Found alone at 2am in a flat with no food; the carer could not be traced.", "power": power,
            "accommodation": ["kind": kind, "place": "Lambeth emergency foster placement"], "takenAt": "2026-11-27T22:30:00Z",
        ]
    }

    static func taken(_ h: ServerHarness, _ officer: ServerHarness.Browser, _ child: String) async throws -> [String: Any] {
        let response = try await h.post(officer, "/api/v1/police-protections", taking(child))
        guard response.status == .created else { throw TestSetupError("take failed: \(response.status) \(String(buffer: response.body))") }
        return try ServerHarness.object(response)
    }

    @Test(arguments: TestBackend.available)
    func takingAChildAnswersTheRecordWithItsClockAndAddress(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let response = try await h.post(officer, "/api/v1/police-protections", Self.taking(child))
            #expect(response.status == .created)
            let body = try ServerHarness.object(response)
            let id = try #require(body["id"] as? String)
            #expect(response.headers[.location] == "/api/v1/police-protections/\(id)")
            #expect(body["childId"] as? String == child)
            #expect(body["expiresAt"] as? String == "2026-11-30T22:30:00Z")
            #expect((body["clock"] as? [String: Any])?["state"] as? String == "running")
            #expect((body["clock"] as? [String: Any])?["minutesLeft"] as? Int == 71 * 60 + 30)
            #expect((body["outstandingDuties"] as? [String])?.contains("child-told-wishes") == true)
            let read = try await h.get(officer, "/api/v1/police-protections/\(id)?purpose=police-powers")
            #expect(read.status == .ok)
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/police-protection"))
            #expect((queue["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        }
    }

    @Test(arguments: TestBackend.available)
    func aBadPowerOrAPoliceStationWithoutAReasonIsRefusedNamingTheFieldAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let power = try await h.post(officer, "/api/v1/police-protections", Self.taking(child, power: "arrested"))
            #expect(power.status == .unprocessableContent)
            #expect(ServerHarness.fields(power) == ["power"])
            let station = try await h.post(officer, "/api/v1/police-protections", Self.taking(child, kind: "police-station"))
            #expect(station.status == .unprocessableContent)
            #expect(ServerHarness.fields(station) == ["accommodation.exceptionalReason"])
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/police-protection"))
            #expect((queue["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func dutiesTheDesignatedOfficerAndTheEndingAreRecordedInTurn(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            try await h.test.addUser("insp1", role: .supervisor, rank: .inspector, team: "Team A")
            let id = try #require(try await Self.taken(h, officer, child)["id"] as? String)
            let base = "/api/v1/police-protections/\(id)"
            let told = try await h.post(
                officer, base + "/duties",
                ["duty": "child-told-wishes", "at": "2026-11-27T22:50:00Z", "note": "Amelia said she wants to stay with her nan.", "version": 1])
            #expect(told.status == .ok)
            let appointed = try await h.post(
                officer, base + "/designated-officer", ["username": "insp1", "appointedAt": "2026-11-27T23:00:00Z", "version": 2])
            #expect(appointed.status == .ok)
            #expect(try ServerHarness.object(appointed)["designatedOfficerName"] as? String != nil)
            let stale = try await h.post(officer, base + "/ending", ["code": "released", "at": "2026-11-27T23:00:00Z", "version": 2])
            #expect(stale.status == .conflict)
            let ended = try await h.post(officer, base + "/ending", ["code": "released", "at": "2026-11-27T23:00:00Z", "version": 3])
            #expect(ended.status == .ok)
            #expect((try ServerHarness.object(ended)["clock"] as? [String: Any])?["state"] as? String == "ended")
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherTeamFindsNothingAndAPartnerMayNotUseThePower(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h, restricted: true)
            let id = try #require(try await Self.taken(h, officer, child)["id"] as? String)
            try await h.test.addUser("pc2", role: .responseOfficer, team: "Team B")
            let outsider = try await h.signIn("pc2")
            #expect(try await h.get(outsider, "/api/v1/police-protections/\(id)?purpose=police-powers").status == .notFound)
            let ending = try await h.post(
                outsider, "/api/v1/police-protections/\(id)/ending", ["code": "released", "at": "2026-11-27T23:00:00Z", "version": 1])
            #expect(ending.status == .notFound)
            let queue = try ServerHarness.object(try await h.get(outsider, "/api/v1/queues/police-protection"))
            #expect((queue["items"] as? [Any])?.isEmpty == true)
            try await h.test.addUser("mash1", role: .partnership, rank: .staff, team: "Team A")
            let partner = try await h.signIn("mash1")
            #expect(try await h.post(partner, "/api/v1/police-protections", Self.taking(child)).status == .forbidden)
        }
    }

    @Test(arguments: TestBackend.available)
    func whereTheChildWasTakenFromIsLinkedAndABadPlaceOrPersonIsRefusedByField(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (officer, child) = try await Self.officerAndChild(h)
            let dean = try await h.createPerson(officer, ["kind": "associate", "givenName": "Dean", "familyName": "Wallis"])
            for (scene, field) in [
                (["place": "Acre Lane"], "takenFrom.place"), (["place": "14 Acre Lane", "postcode": "XX"], "takenFrom.postcode"),
                (["withPersonIds": ["nobody"]], "takenFrom.withPersonIds"), (["withPersonIds": [child]], "takenFrom.withPersonIds"),
            ] as [([String: Any], String)] {
                var body = Self.taking(child)
                body["takenFrom"] = scene
                let refused = try await h.post(officer, "/api/v1/police-protections", body)
                #expect(refused.status == .unprocessableContent)
                #expect(ServerHarness.fields(refused) == [field])
            }
            var body = Self.taking(child)
            body["takenFrom"] = ["place": "Flat 3, 14 Acre Lane", "postcode": "SW2 5SG", "withPersonIds": [dean]]
            let response = try await h.post(officer, "/api/v1/police-protections", body)
            #expect(response.status == .created)
            let scene = try #require(try ServerHarness.object(response)["takenFrom"] as? [String: Any])
            #expect((scene["place"] as? [String: Any])?["title"] as? String == "Flat 3, 14 Acre Lane, SW2 5SG")
            #expect((scene["people"] as? [[String: Any]])?.map { $0["id"] as? String } == [dean])
            let queue = try ServerHarness.object(try await h.get(officer, "/api/v1/queues/police-protection"))
            #expect((queue["items"] as? [[String: Any]])?.count == 1)
            #expect((queue["items"] as? [[String: Any]])?.first?["takenFrom"] == nil)
        }
    }
}
