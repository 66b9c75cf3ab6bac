import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Readiness")
struct ReadinessTests {
    /// `/ready` fails when `lantern audit verify` would reject the access log.
    @Test(arguments: TestBackend.available)
    func readinessFailsOnATamperedAccessLog(backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configuration: ServerConfiguration(checkpointInterval: .zero)) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            _ = try await h.signIn("officer1")
            #expect(try await h.client.execute(uri: "/ready", method: .get).status == .ok)
            try await h.test.allowAccessLogTampering()
            try await h.test.execute("UPDATE access_log SET client_address = '10.9.9.9' WHERE seq = 1")
            let ready = try await h.client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(String(buffer: ready.body).contains("access log"))
        }
    }
}
