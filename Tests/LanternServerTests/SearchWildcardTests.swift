import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Search wildcards")
struct SearchWildcardTests {
    /// Wildcards are matched literally, and the two-character minimum counts letters and digits.
    @Test(arguments: TestBackend.available)
    func wildcardsCannotListEveryone(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            _ = try await h.createPerson(browser, ["kind": "associate", "givenName": "Dean", "familyName": "Wallis"])
            _ = try await h.createPerson(browser, ["kind": "associate", "givenName": "Mia", "familyName": "Percy_Ng"])
            for q in ["%25%25", "__", "%25_", "%20%25%20"] {
                let response = try await h.client.execute(uri: "/api/v1/people?q=\(q)", method: .get, headers: [.cookie: browser.cookie])
                #expect(response.status == .badRequest, "\(q)")
                #expect(ServerHarness.fields(response) == ["q"])
            }
            let literal = try await h.client.execute(uri: "/api/v1/people?q=wa%25is", method: .get, headers: [.cookie: browser.cookie])
            #expect((try ServerHarness.object(literal)["people"] as? [Any])?.isEmpty == true, "'%' matches only a '%'")
            let underscore = try await h.client.execute(uri: "/api/v1/people?q=y_n", method: .get, headers: [.cookie: browser.cookie])
            #expect((try ServerHarness.object(underscore)["people"] as? [Any])?.count == 1, "'_' matches only a '_'")
            let anyOne = try await h.client.execute(uri: "/api/v1/people?q=e_n", method: .get, headers: [.cookie: browser.cookie])
            #expect((try ServerHarness.object(anyOne)["people"] as? [Any])?.isEmpty == true, "'_' is not a one-character wildcard")
            let page = try await h.get(browser, "/people?q=%25%25")
            #expect(!String(buffer: page.body).contains("Wallis"))
        }
    }
}
