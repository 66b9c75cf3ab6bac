import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import SQLKit
import Testing

@Suite("Server under faults")
struct ServerFaultTests {
    @Test func diskFullAnswers503AndRecoversWithoutARestart() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let pages = try await h.test.store.database.transaction { sql in
                try await sql.raw("PRAGMA page_count").first()!.decode(column: "page_count", as: Int.self)
            }
            try await h.test.execute("PRAGMA max_page_count = \(pages + 2)")
            let body = ServerHarness.json([
                "kind": "associate", "givenName": "A", "familyName": "B",
                "notes": String(repeating: "Found safe and well. ", count: 900),
            ])
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<30 {
                let response = try await h.client.execute(uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser), body: body)
                statuses.append(response.status)
                if response.status == .serviceUnavailable {
                    let text = String(buffer: response.body)
                    #expect(text.contains("Nothing was changed"))
                    #expect(
                        !text.contains("SQLITE"),
                        "generic body: \(text)")
                    #expect(
                        !text.contains("full"),
                        "generic body: \(text)")
                    #expect(
                        !text.contains(".sqlite"),
                        "generic body: \(text)")
                    #expect(
                        !text.contains("/tmp"),
                        "generic body: \(text)")
                    break
                }
            }
            #expect(statuses.last == .serviceUnavailable)
            #expect(try await h.client.execute(uri: "/health", method: .get).status == .ok, "the server stays up")
            try await h.test.execute("PRAGMA max_page_count = 1073741823")
            let recovered = try await h.client.execute(uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser), body: body)
            #expect(recovered.status == .created)
            #expect(try await h.test.store.verifyAccessLog().isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func anInjectedIOErrorAnswers503WithNothingChanged(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let before = try await h.test.store.accessLog.count()
            // The session lookup runs first; fail the first statement of the create itself.
            h.test.store.database.faults.failStatement(number: 3)
            let response = try await h.client.execute(
                uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["kind": "associate", "givenName": "A", "familyName": "B"]))
            h.test.store.database.faults.reset()
            #expect(response.status == .serviceUnavailable || response.status == .unauthorized)
            #expect(try await h.test.store.people.count() == 0)
            #expect(try await h.test.store.accessLog.count() == before)
        }
    }
}
