import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Welfare calls: pages")
struct WelfareCallPageTests {
    @Test(arguments: TestBackend.available)
    func aCallTriagedFromTheChildsPageReachesTheMASHWhichTakesItUp(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            h.test.clock.set(TestStore.instant("2026-11-27T23:00:00Z"))
            let officer = try await h.test.anOfficer()
            let child = try await h.test.aChild(given: "Noah", family: "Hart", by: officer)
            let browser = try await h.signIn("officer1")
            let page = String(buffer: try await PolicePowersPageTests.get(h, browser, "/children/\(child.id)?purpose=police-powers").body)
            #expect(page.contains("/children/\(child.id)/welfare-call?purpose=police-powers"))
            var fields = [
                "kind": "concern-for-welfare", "at": "2026-11-27T22:50", "decision": "not-attend",
                "reason": "His father rang; the ward says he is with staff.", "partnerAgency": "NHS ward",
            ]
            let carveOut = try await PolicePowersPageTests.postForm(h, browser, "/children/\(child.id)/welfare-call", fields)
            #expect(carveOut.status == .unprocessableContent)
            #expect(String(buffer: carveOut.body).contains("carve-out"))
            fields["kind"] = "absent-from-mental-health-unit"
            let saved = try await PolicePowersPageTests.postForm(h, browser, "/children/\(child.id)/welfare-call", fields)
            #expect(saved.status == .seeOther)
            _ = try await h.test.signedIn("mash1", role: .partnership, rank: .staff)
            let mash = try await h.signIn("mash1")
            let queue = String(buffer: try await PolicePowersPageTests.get(h, mash, "/welfare-calls").body)
            #expect(queue.contains("Noah Hart"))
            let call = try #require(try await h.test.store.policePowers.mashWelfareQueue(context: try await h.test.anOfficer()).first)
            let taken = try await PolicePowersPageTests.postForm(
                h, mash, "/welfare-calls/\(call.call.id)/taken-up", ["note": "Rang the ward: he is back."])
            #expect(taken.status == .seeOther)
            #expect(taken.headers[.location]?.hasPrefix("/welfare-calls?saved=") == true)
            #expect(!String(buffer: try await PolicePowersPageTests.get(h, mash, "/welfare-calls").body).contains("Noah Hart"))
        }
    }
}
