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
    /// A coordinator signed in, and Amelia Hart's record created through the API (version 1, notes "Brixton").
    static func coordinatorWithAChild(_ h: ServerHarness) async throws -> (browser: ServerHarness.Browser, id: String) {
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        let browser = try await h.signIn("coord1")
        let id = try await h.createPerson(
            browser,
            [
                "kind": "child", "givenName": "Amelia", "familyName": "Hart",
                "dateOfBirth": "2011-04-17", "notes": "Brixton",
            ])
        return (browser, id)
    }

    static func patch(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ id: String, _ body: [String: Any]) async throws -> TestResponse {
        try await h.client.execute(
            uri: "/api/v1/people/\(id)", method: .patch, headers: ServerHarness.headers(browser), body: ServerHarness.json(body))
    }

    @Test("Reading a person with a purpose answers the record", arguments: TestBackend.available)
    func readingAPersonAnswersTheRecord(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithAChild(h)
            let read = try await h.client.execute(
                uri: "/api/v1/people/\(id)?purpose=missing-episode&purposeNote=CAD%2042", method: .get,
                headers: [.cookie: browser.cookie])
            #expect(read.status == .ok)
            let body = try ServerHarness.object(read)
            #expect(body["givenName"] as? String == "Amelia")
            #expect(body["version"] as? Int == 1)
        }
    }

    @Test("Reading a person is logged as a consultation with the purpose note", arguments: TestBackend.available)
    func readingAPersonIsLoggedWithItsPurposeNote(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithAChild(h)
            let read = try await h.client.execute(
                uri: "/api/v1/people/\(id)?purpose=missing-episode&purposeNote=CAD%2042", method: .get,
                headers: [.cookie: browser.cookie])
            let requestID = try #require(read.headers[HTTPField.Name("X-Request-Id")!])
            let logged = try await h.test.store.accessLog.entries(requestID: requestID)
            #expect(logged.map(\.entry.action) == [.consult])
            #expect(logged.first?.entry.purposeNote == "CAD 42")
        }
    }

    @Test("A change saves a new version and does not echo the record back", arguments: TestBackend.available)
    func aChangeSavesANewVersion(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithAChild(h)
            let patched = try await Self.patch(h, browser, id, ["version": 1, "notes": "Seen at Brixton station"])
            #expect(patched.status == .ok)
            #expect(try ServerHarness.object(patched)["version"] as? Int == 2)
            #expect(try ServerHarness.object(patched)["notes"] == nil, "a change does not echo the record back")
        }
    }

    @Test("A change from a stale version is refused and names the fields changed since", arguments: TestBackend.available)
    func aStaleChangeIsRefusedWithTheFieldsChangedSince(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithAChild(h)
            let first = try await Self.patch(h, browser, id, ["version": 1, "notes": "Seen at Brixton station"])
            try #require(first.status == .ok)
            let stale = try await Self.patch(h, browser, id, ["version": 1, "familyName": "Hart-Jones"])
            #expect(stale.status == .conflict)
            let conflict = try ServerHarness.object(stale)
            #expect(conflict["currentVersion"] as? Int == 2)
            #expect(conflict["changedFields"] as? [String] == ["notes"])
        }
    }

    @Test("A disclosure is recorded in the access log with its recipient", arguments: TestBackend.available)
    func aDisclosureIsLoggedWithItsRecipient(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithAChild(h)
            let disclosed = try await h.client.execute(
                uri: "/api/v1/people/\(id)/disclosures", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["recipient": "Lambeth children's services", "purpose": "multi-agency-safeguarding"]))
            #expect(disclosed.status == .created)
            let disclosure = try await h.test.store.accessLog.entries(requestID: disclosed.headers[HTTPField.Name("X-Request-Id")!] ?? "")
            #expect(disclosure.first?.entry.recipient == "Lambeth children's services")
        }
    }

    @Test("Searching by part of a family name finds the person", arguments: TestBackend.available)
    func searchingByNameFindsThePerson(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, _) = try await Self.coordinatorWithAChild(h)
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

    /// A coordinator signed in with Kai Mensah's record, created and then inspected once.
    static func coordinatorWithKai(_ h: ServerHarness) async throws -> (browser: ServerHarness.Browser, id: String) {
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        let browser = try await h.signIn("coord1")
        let id = try await h.createPerson(browser, ["kind": "child", "givenName": "Kai", "familyName": "Mensah"])
        _ = try await h.test.inspect(id)
        return (browser, id)
    }

    static func send(_ bad: BadInput, to h: ServerHarness, as browser: ServerHarness.Browser, person id: String) async throws -> TestResponse {
        var headers = ServerHarness.headers(browser, json: false)
        headers[.contentType] = bad.contentType
        return try await h.client.execute(
            uri: bad.uri.replacingOccurrences(of: "PERSON", with: id), method: bad.method,
            headers: headers, body: bad.body.map { ByteBuffer(string: $0) })
    }

    @Test("Bad input is answered 4xx as a problem document with a message that says what is wrong", arguments: TestBackend.available)
    func badInputGetsASpecificMessage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithKai(h)
            for bad in Self.badInputs {
                let response = try await Self.send(bad, to: h, as: browser, person: id)
                #expect(response.status == bad.status, "\(bad)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(bad)")
                let problem = try ServerHarness.object(response)
                let text = "\(problem["title"] ?? "") \(problem["detail"] ?? "") \(problem["errors"] ?? "")"
                #expect(text.contains(bad.message), "\(bad): got \(text)")
            }
        }
    }

    @Test("Bad input changes nothing, and only the refusals are logged", arguments: TestBackend.available)
    func badInputChangesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, id) = try await Self.coordinatorWithKai(h)
            let before = try await h.test.store.accessLog.count()
            for bad in Self.badInputs { _ = try await Self.send(bad, to: h, as: browser, person: id) }
            let person = try await h.test.inspect(id)
            #expect(person.version == 1)
            #expect(person.familyName == "Mensah")
            // Refusals are logged as access-denied; nothing else was written.
            let after = try await h.test.store.accessLog.count()
            let denied = try await h.test.store.accessLog.latest(Int(after - before)).filter { $0.entry.action == .accessDenied }
            #expect(after - before == Int64(denied.count) + 1, "only denials (and the final check's consult) were logged")
        }
    }

    @Test("The access log is not read without a purpose", arguments: TestBackend.available)
    func theAccessLogIsNotReadWithoutAPurpose(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            let auditor = try await h.signIn("aud1")
            let noPurpose = try await h.client.execute(uri: "/api/v1/access-log", method: .get, headers: [.cookie: auditor.cookie])
            #expect(noPurpose.status == .unprocessableContent)
        }
    }

    @Test("An auditor reads the access log with a purpose and the read is itself logged", arguments: TestBackend.available)
    func auditorsReadTheLogWithAPurposeAndTheReadIsLogged(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            let auditor = try await h.signIn("aud1")
            let read = try await h.client.execute(
                uri: "/api/v1/access-log?purpose=audit-inspection&action=login-ok&limit=5",
                method: .get, headers: [.cookie: auditor.cookie])
            #expect(read.status == .ok)
            let entries = try ServerHarness.object(read)["entries"] as? [[String: Any]] ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["actorUsername"] as? String == "aud1")
            let requestID = read.headers[HTTPField.Name("X-Request-Id")!] ?? ""
            #expect(try await h.test.store.accessLog.entries(requestID: requestID).map(\.entry.action) == [.accessLogRead])
        }
    }

    @Test("An access-log read over the largest limit is refused", arguments: TestBackend.available)
    func anAccessLogReadOverTheLimitIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            let auditor = try await h.signIn("aud1")
            let bad = try await h.client.execute(
                uri: "/api/v1/access-log?purpose=audit-inspection&limit=9999", method: .get,
                headers: [.cookie: auditor.cookie])
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("Health and readiness answer without signing in, and readiness names the database", arguments: TestBackend.available)
    func healthAndReadiness(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let health = try await h.client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let ready = try await h.client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(try ServerHarness.object(ready)["database"] as? String == backend.rawValue)
        }
    }

    @Test("Metrics count the HTTP requests answered", arguments: TestBackend.available)
    func metricsCountRequests(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            _ = try await h.client.execute(uri: "/health", method: .get)
            let metrics = try await h.client.execute(uri: "/metrics", method: .get)
            #expect(String(buffer: metrics.body).contains("lantern_http_requests_total"))
        }
    }

    @Test("The OpenAPI document is served", arguments: TestBackend.available)
    func theAPIDocumentIsServed(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let openapi = try await h.client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(openapi.status == .ok)
            #expect(String(buffer: openapi.body).hasPrefix("openapi: 3.1"))
        }
    }

    @Test("Static files are served, and a path out of the static folder is not found", arguments: TestBackend.available)
    func staticFilesAreServedAndNoPathLeavesTheirFolder(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let css = try await h.client.execute(uri: "/static/lantern.css", method: .get)
            #expect(css.status == .ok)
            #expect(try await h.client.execute(uri: "/static/..%2Fopenapi.yaml", method: .get).status == .notFound)
        }
    }
}
