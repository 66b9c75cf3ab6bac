import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore

/// A Lantern server on a fresh store, driven in-process (no socket) through Hummingbird's test client.
struct ServerHarness {
    let test: TestStore
    let client: any TestClientProtocol
    let configuration: ServerConfiguration

    static func with(
        _ backend: TestBackend, configuration: ServerConfiguration = ServerConfiguration(),
        _ body: @escaping @Sendable (ServerHarness) async throws -> Void
    ) async throws {
        try await TestStore.with(backend) { test in
            let router = try await LanternApplication.buildRouter(store: test.store, configuration: configuration)
            let app = Application(router: router)
            try await app.test(.router) { client in
                try await body(ServerHarness(test: test, client: client, configuration: configuration))
            }
        }
    }

    /// A signed-in browser: its session cookie and CSRF token.
    struct Browser {
        var cookie: String
        var csrf: String
    }

    func signIn(_ username: String, password: String = TestStore.password) async throws -> Browser {
        let response = try await client.execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: Self.json(["username": username, "password": password]))
        guard response.status == .created, let setCookie = response.headers[.setCookie] else {
            throw TestSetupError("sign-in failed: \(response.status) \(String(buffer: response.body))")
        }
        let cookie = String(setCookie.split(separator: ";")[0])
        let csrf = try Self.object(response)["csrfToken"] as? String ?? ""
        return Browser(cookie: cookie, csrf: csrf)
    }

    func bearerToken(_ username: String) async throws -> String {
        let response = try await client.execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: Self.json(["username": username, "password": TestStore.password, "mode": "token"]))
        guard response.status == .created, let token = try Self.object(response)["token"] as? String else {
            throw TestSetupError("token sign-in failed: \(response.status)")
        }
        return token
    }

    /// Headers for a same-origin browser request with the session and, for writes, the CSRF token.
    static func headers(_ browser: Browser, json: Bool = true, csrf: Bool = true) -> HTTPFields {
        var headers: HTTPFields = [.cookie: browser.cookie]
        if json { headers[.contentType] = "application/json" }
        if csrf { headers[HTTPField.Name("X-CSRF-Token")!] = browser.csrf }
        return headers
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    /// A JSON POST as a signed-in browser (cookie and CSRF token).
    func post(_ browser: Browser, _ uri: String, _ body: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: Self.headers(browser), body: Self.json(body))
    }

    func get(_ browser: Browser, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie])
    }

    /// The fields named in a problem response's errors.
    static func fields(_ response: TestResponse) -> [String] {
        ((try? object(response))?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// Creates a person through the API and returns its id.
    func createPerson(_ browser: Browser, _ body: [String: Any]) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/people", method: .post, headers: Self.headers(browser), body: Self.json(body))
        guard response.status == .created, let id = try Self.object(response)["id"] as? String else {
            throw TestSetupError("create failed: \(response.status) \(String(buffer: response.body))")
        }
        return id
    }
}
