import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("NUL in text input")
struct NULInputTests {
    /// NUL would cut a note short when read back, so every text input refuses it, naming the field.
    @Test(arguments: TestBackend.available)
    func nulInTextIsRefusedNamingTheField(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let api = try await h.post(
                browser, "/api/v1/people",
                [
                    "kind": "associate", "givenName": "Dean", "familyName": "Wallis",
                    "notes": "seen at the station\u{0}and then left",
                ])
            #expect(api.status == .unprocessableContent)
            #expect(ServerHarness.fields(api) == ["notes"])
            #expect(String(buffer: api.body).contains("NUL"))

            let form = try await h.client.execute(
                uri: "/people", method: .post,
                headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(browser.csrf)&kind=associate&givenName=Dean%00x&familyName=Wallis"))
            #expect(form.status == .unprocessableContent)
            #expect(String(buffer: form.body).contains("givenName"))

            let query = try await h.client.execute(uri: "/api/v1/people?q=de%00an", method: .get, headers: [.cookie: browser.cookie])
            #expect(query.status == .badRequest)
            #expect(ServerHarness.fields(query) == ["q"])
            #expect(try await h.test.store.people.count() == 0, "nothing saved")
        }
    }
}
