import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("JSON API")
struct APITests {
    @Test(arguments: TestBackend.available)
    func personLifecycleWithAccessLog(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let browser = try await h.signIn("coord1")
            let id = try await h.createPerson(
                browser,
                [
                    "kind": "child", "givenName": "Amelia", "familyName": "Hart",
                    "dateOfBirth": "2011-04-17", "notes": "Brixton",
                ])
            let read = try await h.client.execute(
                uri: "/api/v1/people/\(id)?purpose=missing-episode&purposeNote=CAD%2042", method: .get,
                headers: [.cookie: browser.cookie])
            #expect(read.status == .ok)
            let body = try ServerHarness.object(read)
            #expect(body["givenName"] as? String == "Amelia")
            #expect(body["version"] as? Int == 1)
            let requestID = try #require(read.headers[HTTPField.Name("X-Request-Id")!])
            let logged = try await h.test.store.accessLog.entries(requestID: requestID)
            #expect(logged.map(\.entry.action) == [.consult])
            #expect(logged.first?.entry.purposeNote == "CAD 42")

            let patched = try await h.client.execute(
                uri: "/api/v1/people/\(id)", method: .patch, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["version": 1, "notes": "Seen at Brixton station"]))
            #expect(patched.status == .ok)
            #expect(try ServerHarness.object(patched)["version"] as? Int == 2)
            #expect(try ServerHarness.object(patched)["notes"] == nil, "a change does not echo the record back")

            let stale = try await h.client.execute(
                uri: "/api/v1/people/\(id)", method: .patch, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["version": 1, "familyName": "Hart-Jones"]))
            #expect(stale.status == .conflict)
            let conflict = try ServerHarness.object(stale)
            #expect(conflict["currentVersion"] as? Int == 2)
            #expect(conflict["changedFields"] as? [String] == ["notes"])

            let disclosed = try await h.client.execute(
                uri: "/api/v1/people/\(id)/disclosures", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["recipient": "Lambeth children's services", "purpose": "multi-agency-safeguarding"]))
            #expect(disclosed.status == .created)
            let disclosure = try await h.test.store.accessLog.entries(requestID: disclosed.headers[HTTPField.Name("X-Request-Id")!] ?? "")
            #expect(disclosure.first?.entry.recipient == "Lambeth children's services")

            let search = try await h.client.execute(uri: "/api/v1/people?q=hart", method: .get, headers: [.cookie: browser.cookie])
            #expect((try ServerHarness.object(search)["people"] as? [Any])?.count == 1)
        }
    }

    struct BadInput: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var contentType = "application/json"
        var status: HTTPResponse.Status
        var message: String
        var description: String { "\(method) \(uri) \(body ?? "")" }
    }

    /// Every endpoint, given bad input, answers 4xx with a message that says what is wrong, and changes nothing.
    static let badInputs: [BadInput] = [
        BadInput(method: .post, uri: "/api/v1/session", body: "{not json", status: .badRequest, message: "not valid JSON"),
        BadInput(method: .post, uri: "/api/v1/session", body: #"{"username": "a"}"#, status: .badRequest, message: "'password' is required"),
        BadInput(
            method: .post, uri: "/api/v1/session", body: #"{"username": 7, "password": "x"}"#, status: .badRequest,
            message: "'username' must be a string"),
        BadInput(
            method: .post, uri: "/api/v1/session", body: #"{"username": "a", "password": "b", "mode": "magic"}"#, status: .badRequest,
            message: "mode must be 'cookie'"),
        BadInput(
            method: .post, uri: "/api/v1/session", body: "username=a", contentType: "text/plain", status: .badRequest,
            message: "Content-Type: application/json"),
        BadInput(
            method: .post, uri: "/api/v1/session", body: #"{"username": "", "password": ""}"#, status: .unprocessableContent,
            message: "Enter a username and password"),
        BadInput(
            method: .post, uri: "/api/v1/people", body: #"{"kind": "wizard", "givenName": "A", "familyName": "B"}"#, status: .unprocessableContent,
            message: "kind must be one of"),
        BadInput(
            method: .post, uri: "/api/v1/people", body: #"{"kind": "child", "givenName": "", "familyName": "B"}"#, status: .unprocessableContent,
            message: "Enter a given name"),
        BadInput(
            method: .post, uri: "/api/v1/people", body: #"{"kind": "child", "givenName": "A", "familyName": "B", "dateOfBirth": "31/12/2011"}"#,
            status: .unprocessableContent, message: "YYYY-MM-DD"),
        BadInput(
            method: .post, uri: "/api/v1/people", body: #"{"kind": "child", "givenName": "A", "familyName": "B", "restricted": "yes"}"#,
            status: .badRequest, message: "'restricted' must be true or false"),
        BadInput(method: .post, uri: "/api/v1/people", body: #"{"kind": "child"}"#, status: .badRequest, message: "'givenName' is required"),
        BadInput(method: .post, uri: "/api/v1/people", body: "", status: .badRequest, message: "body is empty"),
        BadInput(method: .get, uri: "/api/v1/people", status: .badRequest, message: "Give a name to search for"),
        BadInput(method: .get, uri: "/api/v1/people?q=a", status: .badRequest, message: "2 to 100 characters"),
        BadInput(method: .get, uri: "/api/v1/people/PERSON", status: .badRequest, message: "needs a purpose"),
        BadInput(method: .get, uri: "/api/v1/people/PERSON?purpose=curiosity", status: .unprocessableContent, message: "purpose must be one of"),
        BadInput(method: .get, uri: "/api/v1/people/no-such-id?purpose=investigation", status: .notFound, message: "No person record"),
        BadInput(method: .patch, uri: "/api/v1/people/PERSON", body: #"{"notes": "x"}"#, status: .badRequest, message: "'version' is required"),
        BadInput(
            method: .patch, uri: "/api/v1/people/PERSON", body: #"{"version": 1, "dateOfBirth": "2011-01-01", "clearDateOfBirth": true}"#,
            status: .badRequest, message: "not both"),
        BadInput(
            method: .patch, uri: "/api/v1/people/PERSON", body: #"{"version": 1, "familyName": " "}"#, status: .unprocessableContent,
            message: "Enter a family name"),
        BadInput(method: .patch, uri: "/api/v1/people/no-such-id", body: #"{"version": 1}"#, status: .notFound, message: "No person record"),
        BadInput(
            method: .post, uri: "/api/v1/people/PERSON/disclosures", body: #"{"recipient": "", "purpose": "investigation"}"#,
            status: .unprocessableContent, message: "who the record is being disclosed to"),
        BadInput(
            method: .post, uri: "/api/v1/people/PERSON/disclosures", body: #"{"recipient": "CPS", "purpose": ""}"#, status: .unprocessableContent,
            message: "Choose the purpose"),
        BadInput(
            method: .post, uri: "/api/v1/people/PERSON/disclosures", body: #"{"recipient": "CPS"}"#, status: .badRequest,
            message: "'purpose' is required"),
        BadInput(
            method: .post, uri: "/api/v1/people/PERSON/erasure", body: #"{"reason": "duplicate-record"}"#, status: .forbidden,
            message: "may not erase"),
        BadInput(
            method: .get, uri: "/api/v1/people/PERSON?purpose=investigation&purposeNote=\(String(repeating: "x", count: 101))",
            status: .unprocessableContent, message: "100 characters or fewer"),
        BadInput(method: .get, uri: "/api/v1/access-log", status: .forbidden, message: "may not read the access log"),
        BadInput(method: .get, uri: "/api/v1/users", status: .forbidden, message: "may not manage user accounts"),
        BadInput(method: .put, uri: "/api/v1/people/PERSON", body: "{}", status: .methodNotAllowed, message: "does not accept that method"),
        BadInput(method: .get, uri: "/api/v1/no-such-thing", status: .notFound, message: "There is no page or API endpoint"),
    ]

    @Test(arguments: TestBackend.available)
    func badInputGetsASpecificMessageAndChangesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let browser = try await h.signIn("coord1")
            let id = try await h.createPerson(browser, ["kind": "child", "givenName": "Kai", "familyName": "Mensah"])
            _ = try await h.test.inspect(id)
            let before = try await h.test.store.accessLog.count()
            for bad in Self.badInputs {
                var headers = ServerHarness.headers(browser, json: false)
                headers[.contentType] = bad.contentType
                let response = try await h.client.execute(
                    uri: bad.uri.replacingOccurrences(of: "PERSON", with: id), method: bad.method,
                    headers: headers, body: bad.body.map { ByteBuffer(string: $0) })
                #expect(response.status == bad.status, "\(bad)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(bad)")
                let problem = try ServerHarness.object(response)
                let text = "\(problem["title"] ?? "") \(problem["detail"] ?? "") \(problem["errors"] ?? "")"
                #expect(text.contains(bad.message), "\(bad): got \(text)")
            }
            let person = try await h.test.inspect(id)
            #expect(person.version == 1 && person.familyName == "Mensah")
            // Refusals are logged as access-denied; nothing else was written.
            let after = try await h.test.store.accessLog.count()
            let denied = try await h.test.store.accessLog.latest(Int(after - before)).filter { $0.entry.action == .accessDenied }
            #expect(after - before == Int64(denied.count) + 1, "only denials (and the final check's consult) were logged")
        }
    }

    @Test(arguments: TestBackend.available)
    func auditorsReadTheLogWithAPurposeAndTheReadIsLogged(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            let auditor = try await h.signIn("aud1")
            let noPurpose = try await h.client.execute(uri: "/api/v1/access-log", method: .get, headers: [.cookie: auditor.cookie])
            #expect(noPurpose.status == .unprocessableContent)
            let read = try await h.client.execute(
                uri: "/api/v1/access-log?purpose=audit-inspection&action=login-ok&limit=5",
                method: .get, headers: [.cookie: auditor.cookie])
            #expect(read.status == .ok)
            let entries = try ServerHarness.object(read)["entries"] as? [[String: Any]] ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["actorUsername"] as? String == "aud1")
            let requestID = read.headers[HTTPField.Name("X-Request-Id")!] ?? ""
            #expect(try await h.test.store.accessLog.entries(requestID: requestID).map(\.entry.action) == [.accessLogRead])
            let bad = try await h.client.execute(
                uri: "/api/v1/access-log?purpose=audit-inspection&limit=9999", method: .get,
                headers: [.cookie: auditor.cookie])
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestBackend.available)
    func healthReadinessMetricsAndTheAPIDocument(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let health = try await h.client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let ready = try await h.client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(try ServerHarness.object(ready)["database"] as? String == backend.rawValue)
            let metrics = try await h.client.execute(uri: "/metrics", method: .get)
            #expect(String(buffer: metrics.body).contains("lantern_http_requests_total"))
            let openapi = try await h.client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(openapi.status == .ok)
            #expect(String(buffer: openapi.body).hasPrefix("openapi: 3.1"))
            let css = try await h.client.execute(uri: "/static/lantern.css", method: .get)
            #expect(css.status == .ok)
            #expect(try await h.client.execute(uri: "/static/..%2Fopenapi.yaml", method: .get).status == .notFound)
        }
    }
}
