import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Welfare calls: API")
struct WelfareCallAPITests {
    static let night = TestStore.instant("2026-11-27T23:00:00Z")

    static func call(_ kind: String, about child: String, decision: String) -> [String: Any] {
        [
            "kind": kind, "receivedAt": "2026-11-27T22:50:00Z", "subjectId": child, "subjectIsChild": true, "thresholdMet": false,
            "decision": decision, "reason": "The ward's own staff are looking for him and have his mother's number.",
            "partnerAgency": "NHS ward staff",
        ]
    }

    /// A call handler signed in, a MASH account (mash1), and a child on record; the clock at the night.
    static func handlerAndChild(_ h: ServerHarness) async throws -> (ServerHarness.Browser, String) {
        h.test.clock.set(night)
        try await h.test.addUser("pc1", role: .responseOfficer, team: "Team A")
        try await h.test.addUser("mash1", role: .partnership, rank: .staff, team: "Team A")
        let handler = try await h.signIn("pc1")
        return (
            handler, try await h.createPerson(handler, ["kind": "child", "givenName": "Noah", "familyName": "Hart", "dateOfBirth": "2012-05-01"])
        )
    }

    @Test(arguments: TestBackend.available)
    func aChildsCallNotAttendedReachesTheMASHAndTheCarveOutIsRefusedByField(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (handler, child) = try await Self.handlerAndChild(h)
            let carveOut = try await h.post(handler, "/api/v1/welfare-calls", Self.call("concern-for-welfare", about: child, decision: "not-attend"))
            #expect(carveOut.status == .unprocessableContent)
            #expect(ServerHarness.fields(carveOut) == ["decision"])
            let created = try await h.post(
                handler, "/api/v1/welfare-calls", Self.call("absent-from-mental-health-unit", about: child, decision: "not-attend"))
            #expect(created.status == .created)
            let id = try #require(try ServerHarness.object(created)["id"] as? String)
            let mash = try await h.signIn("mash1")
            let queue = try ServerHarness.object(try await h.get(mash, "/api/v1/queues/mash-welfare"))
            #expect((queue["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            #expect(try await h.post(handler, "/api/v1/welfare-calls/\(id)/taken-up", ["note": "Seen."]).status == .forbidden)
            let taken = try await h.post(mash, "/api/v1/welfare-calls/\(id)/taken-up", ["note": "Rang the ward: he is back on it."])
            #expect(taken.status == .ok)
            let after = try ServerHarness.object(try await h.get(mash, "/api/v1/queues/mash-welfare"))
            #expect((after["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func anUnknownKindOrABlamingNoteIsRefusedByFieldAndChangesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (handler, child) = try await Self.handlerAndChild(h)
            let unknown = try await h.post(handler, "/api/v1/welfare-calls", Self.call("noise-complaint", about: child, decision: "not-attend"))
            #expect(unknown.status == .unprocessableContent)
            #expect(ServerHarness.fields(unknown) == ["kind"])
            let created = try await h.post(
                handler, "/api/v1/welfare-calls", Self.call("absent-from-mental-health-unit", about: child, decision: "not-attend"))
            let id = try #require(try ServerHarness.object(created)["id"] as? String)
            let mash = try await h.signIn("mash1")
            let note = "Rang the ward. He puts himself at risk by leaving."
            let held = try await h.post(mash, "/api/v1/welfare-calls/\(id)/taken-up", ["note": note])
            #expect(held.status == .unprocessableContent)
            #expect(ServerHarness.fields(held) == ["note"])
            let queue = try ServerHarness.object(try await h.get(mash, "/api/v1/queues/mash-welfare"))
            #expect((queue["items"] as? [Any])?.count == 1)
        }
    }
}
