import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("HEAD requests")
struct HeadRequestTests {
    /// Every GET route answers HEAD with the same status and headers and no body.
    @Test(arguments: TestBackend.available)
    func headAnswersLikeGetWithoutABody(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            for uri in ["/health", "/login", "/api/v1/openapi.yaml", "/static/lantern.css", "/", "/people", "/api/v1/people?q=dean"] {
                let get = try await h.client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie])
                let head = try await h.client.execute(uri: uri, method: .head, headers: [.cookie: browser.cookie])
                #expect(head.status == get.status, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
            }
            let signedOut = try await h.client.execute(uri: "/people", method: .head)
            #expect(signedOut.status == .seeOther)
            let postOnly = try await h.client.execute(uri: "/api/v1/session", method: .head)
            #expect(postOnly.status != .ok)
        }
    }
}
