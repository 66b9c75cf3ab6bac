import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Language API and pages")
struct LanguageAPITests {
    @Test(arguments: TestBackend.available)
    func checkReturnsFindingsWithByteOffsets(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let text = "Amélie’s “boyfriend” is 34; she said \"it's my choice\" and keeps putting herself at risk."
            let response = try await h.client.execute(
                uri: "/api/v1/language/check", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["text": text]))
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("Server-Timing")!]?.hasPrefix("app;dur=") == true)
            let findings = try ServerHarness.object(response)["findings"] as? [[String: Any]] ?? []
            #expect(findings.count == 2)
            let bytes = Array(text.utf8)
            for finding in findings {
                let start = finding["start"] as! Int
                let end = finding["end"] as! Int
                #expect(String(decoding: bytes[start..<end], as: UTF8.self) == finding["text"] as? String)
                for key in ["term", "reason", "suggestions", "quotation"] { #expect(finding[key] != nil, "\(key)") }
            }
            #expect(findings.map { $0["text"] as? String } == ["boyfriend", "putting herself at risk"])
        }
    }

    @Test(arguments: TestBackend.available)
    func checkRefusesBadInput(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let unsigned = try await h.client.execute(
                uri: "/api/v1/language/check", method: .post, headers: [.contentType: "application/json"],
                body: ServerHarness.json(["text": "x"]))
            #expect(unsigned.status == .unauthorized)
            let missing = try await h.client.execute(
                uri: "/api/v1/language/check", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["words": "x"]))
            #expect(missing.status == .badRequest)
            #expect(String(buffer: missing.body).contains("'text' is required"))
            let huge = try await h.client.execute(
                uri: "/api/v1/language/check", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["text": String(repeating: "a", count: 200_001)]))
            #expect(huge.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestBackend.available)
    func savingBlamingNotesThroughTheAPINeedsAcknowledgement(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let body: [String: Any] = ["kind": "child", "givenName": "Kai", "familyName": "Mensah", "notes": "Kai absconded again."]
            let refused = try await h.client.execute(
                uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(body))
            #expect(refused.status == .unprocessableContent)
            let problem = try ServerHarness.object(refused)
            #expect((problem["findings"] as? [[String: Any]])?.first?["ruleId"] as? String == "absconded")
            #expect(try await h.test.store.people.count() == 0)
            var acknowledged = body
            acknowledged["acknowledgedLanguage"] = ["absconded"]
            let saved = try await h.client.execute(
                uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(acknowledged))
            #expect(saved.status == .created)
        }
    }

    @Test(arguments: TestBackend.available)
    func theFormHighlightsPhrasesAndRecordsTheAcknowledgement(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let headers: HTTPFields = [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"]
            var fields = [
                "_csrf": browser.csrf, "kind": "child", "givenName": "Leah", "familyName": "Novak",
                "notes": "Leah <b>is</b> a regular misper and will turn up.",
            ]
            let first = try await h.client.execute(uri: "/people", method: .post, headers: headers, body: PageTests.form(fields))
            #expect(first.status == .unprocessableContent)
            let html = String(buffer: first.body)
            #expect(html.contains("<mark class=\"language-mark\""))
            #expect(html.contains("regular misper</mark>"))
            #expect(html.contains("Leah &lt;b&gt;is&lt;/b&gt;"), "the writer's text is escaped")
            #expect(html.contains("name=\"languageRules\" value=\"frequent-flyer\""))
            #expect(html.contains("href=\"#notes\">"))
            #expect(try await h.test.store.people.count() == 0)
            fields["keepLanguage"] = "yes"
            fields["languageRules"] = "frequent-flyer"
            let second = try await h.client.execute(uri: "/people", method: .post, headers: headers, body: PageTests.form(fields))
            #expect(second.status == .seeOther)
            #expect(try await h.test.store.people.count() == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func theDashboardShowsTheTrendToLeadsOnly(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            try await h.test.addUser("sup1", role: .supervisor, rank: .inspector)
            let officer = try await h.signIn("officer1")
            _ = try await h.client.execute(
                uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(officer),
                body: ServerHarness.json([
                    "kind": "child", "givenName": "A", "familyName": "B",
                    "notes": "Streetwise.", "acknowledgedLanguage": ["streetwise"],
                ]))
            let supervisor = try await h.signIn("sup1")
            let page = try await h.client.execute(uri: "/language?group=team", method: .get, headers: [.cookie: supervisor.cookie])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(html.contains("role=\"img\""))
            #expect(html.contains("Team A"))
            #expect(html.contains("1000"))
            let api = try await h.client.execute(uri: "/api/v1/language/trend?group=borough", method: .get, headers: [.cookie: supervisor.cookie])
            #expect(api.status == .ok)
            #expect((try ServerHarness.object(api)["cells"] as? [[String: Any]])?.first?["group"] as? String == "Lambeth")
            #expect(try await h.client.execute(uri: "/language", method: .get, headers: [.cookie: officer.cookie]).status == .forbidden)
            for bad in ["group=street", "from=2026-13", "from=26-01", "to=1999-12"] {
                let response = try await h.client.execute(uri: "/api/v1/language/trend?\(bad)", method: .get, headers: [.cookie: supervisor.cookie])
                #expect(response.status == .unprocessableContent, "\(bad)")
            }
        }
    }
}
