import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("HTTP security")
struct SecurityTests {
    static func expectSecurityHeaders(_ response: TestResponse, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = response.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("frame-ancestors 'none'"), "\(label): CSP frame-ancestors", sourceLocation: sourceLocation)
        #expect(csp.contains("object-src 'none'"), "\(label): CSP object-src", sourceLocation: sourceLocation)
        #expect(
            csp.range(of: "'nonce-[A-Za-z0-9+/=]{20,}'", options: .regularExpression) != nil, "\(label): CSP nonce", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(label): nosniff", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(label): referrer", sourceLocation: sourceLocation)
        #expect(response.headers[.cacheControl] == "no-store", "\(label): no-store", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false, "\(label): request id", sourceLocation: sourceLocation)
        let body = String(buffer: response.body)
        for leak in ["SQLite", "Postgres", "swift", "/work/", "Error(", "SELECT ", "INSERT "] {
            #expect(!body.contains(leak), "\(label): body leaks '\(leak)'", sourceLocation: sourceLocation)
        }
    }

    @Test("A page that is not found is an HTML page with the security headers", arguments: TestBackend.available)
    func headersOnANotFoundPage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let page404 = try await h.client.execute(uri: "/no-such-page", method: .get)
            #expect(page404.status == .notFound)
            #expect(page404.headers[.contentType]?.hasPrefix("text/html") == true)
            Self.expectSecurityHeaders(page404, "404 page")
        }
    }

    @Test("The content security policy's nonce differs on every response", arguments: TestBackend.available)
    func theNonceDiffersOnEveryResponse(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let page404 = try await h.client.execute(uri: "/no-such-page", method: .get)
            let again = try await h.client.execute(uri: "/no-such-page", method: .get)
            #expect(again.headers[.contentSecurityPolicy] != page404.headers[.contentSecurityPolicy])
        }
    }

    @Test("An API endpoint that is not found answers a problem document with the security headers", arguments: TestBackend.available)
    func headersOnANotFoundEndpoint(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let api404 = try await h.client.execute(uri: "/api/v1/nothing-here", method: .get)
            #expect(api404.status == .notFound)
            #expect(api404.headers[.contentType] == "application/problem+json")
            Self.expectSecurityHeaders(api404, "404 API")
        }
    }

    @Test("A request that is not signed in is refused with the security headers", arguments: TestBackend.available)
    func headersOnUnauthorised(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let unauthorised = try await h.client.execute(uri: "/api/v1/people?q=amelia", method: .get)
            #expect(unauthorised.status == .unauthorized)
            Self.expectSecurityHeaders(unauthorised, "401")
        }
    }

    @Test("A malformed request is refused with the security headers", arguments: TestBackend.available)
    func headersOnABadRequest(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let bad = try await h.client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{not json"))
            #expect(bad.status == .badRequest)
            Self.expectSecurityHeaders(bad, "400")
        }
    }

    @Test("When the access log cannot be written a write answers 503, says nothing changed, and changes nothing", arguments: TestBackend.available)
    func headersWhenTheDatabaseIsUnavailable(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            try await h.test.breakAccessLog()
            let unavailable = try await h.client.execute(
                uri: "/api/v1/people", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["kind": "child", "givenName": "A", "familyName": "B"]))
            #expect(unavailable.status == .serviceUnavailable)
            Self.expectSecurityHeaders(unavailable, "503")
            #expect(
                try ServerHarness.object(unavailable)["detail"] as? String
                    == "Nothing was changed. Try again shortly; if it keeps happening, tell the service desk and quote the request id.")
            #expect(try await h.test.store.people.count() == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func unauthenticatedReadsAreRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let id = try await h.createPerson(browser, ["kind": "associate", "givenName": "Dean", "familyName": "Wallis"])
            for uri in [
                "/api/v1/people/\(id)", "/api/v1/people/\(id)?purpose=investigation", "/api/v1/people?q=dean",
                "/api/v1/access-log?purpose=audit-inspection", "/api/v1/users",
            ] {
                let response = try await h.client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(!String(buffer: response.body).contains("Wallis"))
            }
            for uri in ["/people/\(id)", "/people?q=dean", "/", "/access-log"] {
                let response = try await h.client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther, "\(uri)")
                #expect(response.headers[.location]?.hasPrefix("/login") == true)
            }
            let forged = try await h.client.execute(
                uri: "/api/v1/people/\(id)", method: .get,
                headers: [.cookie: "lantern-session=not-a-real-session-token-at-all-000000"])
            #expect(forged.status == .unauthorized)
            let badBearer = try await h.client.execute(
                uri: "/api/v1/people/\(id)", method: .get,
                headers: [.authorization: "Bearer not-a-real-token-0000000000000000000"])
            #expect(badBearer.status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func sessionCookieIsLockedDown(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let response = try await h.client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ServerHarness.json(["username": "officer1", "password": TestStore.password]))
            let cookie = response.headers[.setCookie] ?? ""
            #expect(cookie.hasPrefix("lantern-session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Expires"), "a browser-session cookie")
            #expect(!cookie.contains("Max-Age"), "a browser-session cookie")
        }
        try await ServerHarness.with(backend, configuration: ServerConfiguration(publicURL: "https://lantern.example.police.uk")) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let response = try await h.client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ServerHarness.json(["username": "officer1", "password": TestStore.password]))
            let cookie = response.headers[.setCookie] ?? ""
            #expect(cookie.hasPrefix("__Host-lantern-session="))
            #expect(cookie.contains("Secure"))
            #expect(!cookie.contains("Domain"))
            #expect(response.headers[.strictTransportSecurity] == "max-age=31536000; includeSubDomains")
        }
    }

    /// Writes a browser signed in as officer1 could be tricked into sending: each is refused.
    enum ForgedWrite: String, CaseIterable, Sendable, CustomStringConvertible {
        case noToken = "no CSRF token"
        case forgedToken = "a forged CSRF token"
        case crossOrigin = "an Origin of another site"
        case crossSite = "Sec-Fetch-Site: cross-site"
        case crossSiteLogout = "a cross-site form post to log out"
        /// A browser with Referrer-Policy: no-referrer sends Origin: null on a same-origin form post.
        case nullOrigin = "Origin: null"

        var description: String { rawValue }

        func send(_ h: ServerHarness, _ browser: ServerHarness.Browser) async throws -> TestResponse {
            let body = ServerHarness.json(["kind": "child", "givenName": "Amelia", "familyName": "Hart"])
            var headers = ServerHarness.headers(browser)
            switch self {
            case .noToken:
                headers = ServerHarness.headers(browser, csrf: false)
            case .forgedToken:
                headers = ServerHarness.headers(browser, csrf: false)
                headers[HTTPField.Name("X-CSRF-Token")!] = "forged-token-value-forged-token-value-00"
            case .crossOrigin:
                headers[.origin] = "https://evil.example"
            case .crossSite:
                headers[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            case .crossSiteLogout:
                var logout: HTTPFields = [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"]
                logout[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                return try await h.client.execute(uri: "/logout", method: .post, headers: logout)
            case .nullOrigin:
                headers[.origin] = "null"
            }
            return try await h.client.execute(uri: "/api/v1/people", method: .post, headers: headers, body: body)
        }
    }

    static func officer(_ h: ServerHarness) async throws -> ServerHarness.Browser {
        try await h.test.addUser("officer1", role: .responseOfficer)
        return try await h.signIn("officer1")
    }

    static func formHeaders(_ browser: ServerHarness.Browser) -> HTTPFields {
        [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"]
    }

    @Test("A cross-site or tokenless write is refused and changes nothing", arguments: TestBackend.available, ForgedWrite.allCases)
    func crossSiteAndTokenlessWritesAreRejected(backend: TestBackend, write: ForgedWrite) async throws {
        try await ServerHarness.with(backend) { h in
            let browser = try await Self.officer(h)
            #expect(try await write.send(h, browser).status == .forbidden)
            #expect(try await h.test.store.people.count() == 0, "no refused request changed anything")
        }
    }

    @Test("A same-origin JSON write with the CSRF token is accepted", arguments: TestBackend.available)
    func aSameOriginWriteWithTheTokenIsAccepted(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let browser = try await Self.officer(h)
            var sameSite = ServerHarness.headers(browser)
            sameSite[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let body = ServerHarness.json(["kind": "child", "givenName": "Amelia", "familyName": "Hart"])
            #expect(try await h.client.execute(uri: "/api/v1/people", method: .post, headers: sameSite, body: body).status == .created)
            #expect(try await h.test.store.people.count() == 1)
        }
    }

    @Test("The CSRF form field works for pages without JavaScript", arguments: TestBackend.available)
    func theFormFieldWorksWithoutJavaScript(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let browser = try await Self.officer(h)
            let form = "_csrf=\(browser.csrf)&kind=associate&givenName=Dean&familyName=Wallis"
            let posted = try await h.client.execute(uri: "/people", method: .post, headers: Self.formHeaders(browser), body: ByteBuffer(string: form))
            #expect(posted.status == .seeOther)
            #expect(try await h.test.store.people.count() == 1)
        }
    }

    @Test("A same-origin form post that hides its origin (Origin: null) is accepted with the form's token", arguments: TestBackend.available)
    func aSameOriginFormWithANullOriginIsAccepted(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let browser = try await Self.officer(h)
            var nullOriginForm = Self.formHeaders(browser)
            nullOriginForm[.origin] = "null"
            nullOriginForm[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let posted2 = try await h.client.execute(
                uri: "/people", method: .post, headers: nullOriginForm,
                body: ByteBuffer(string: "_csrf=\(browser.csrf)&kind=associate&givenName=Ann&familyName=Ray"))
            #expect(posted2.status == .seeOther)
            #expect(try await h.test.store.people.count() == 1)
        }
    }

    @Test("A form post with a forged CSRF field is refused", arguments: TestBackend.available)
    func aFormWithAForgedTokenIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let browser = try await Self.officer(h)
            let forgedForm = try await h.client.execute(
                uri: "/people", method: .post, headers: Self.formHeaders(browser),
                body: ByteBuffer(string: "_csrf=nope&kind=associate&givenName=X&familyName=Y"))
            #expect(forgedForm.status == .forbidden)
            #expect(try await h.test.store.people.count() == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func bearerTokensNeedNoCSRFTokenButOnlyWorkAsBearers(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let token = try await h.bearerToken("officer1")
            let created = try await h.client.execute(
                uri: "/api/v1/people", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ServerHarness.json(["kind": "associate", "givenName": "Dean", "familyName": "Wallis"]))
            #expect(created.status == .created)
            // The same token in a cookie is not a browser session.
            let asCookie = try await h.client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: "lantern-session=\(token)"])
            #expect(asCookie.status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func signOutEndsTheSessionAtOnce(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            #expect(try await h.client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: browser.cookie]).status == .ok)
            let out = try await h.client.execute(uri: "/api/v1/session", method: .delete, headers: ServerHarness.headers(browser))
            #expect(out.status == .noContent)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await h.client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: browser.cookie]).status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func disablingAnAccountEndsItsSessionsAtOnce(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            try await h.test.store.accounts.disableUser("officer1", by: .system("test"))
            #expect(try await h.client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: browser.cookie]).status == .unauthorized)
        }
    }

    @Test(arguments: TestBackend.available)
    func idleSessionsExpireOverHTTP(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            h.test.clock.advance(by: 14 * 60)
            #expect(try await h.client.execute(uri: "/", method: .get, headers: [.cookie: browser.cookie]).status == .ok)
            h.test.clock.advance(by: 15 * 60)
            let expired = try await h.client.execute(uri: "/", method: .get, headers: [.cookie: browser.cookie])
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/login")
        }
    }

    @Test(arguments: TestBackend.available)
    func lockoutOverHTTPRevealsNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            var details: Set<String> = []
            for (username, password) in [("officer1", "wrong-password-1"), ("nobody-here", "wrong-password-1")] {
                for _ in 0..<6 {
                    let response = try await h.client.execute(
                        uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                        body: ServerHarness.json(["username": username, "password": password]))
                    #expect(response.status == .unauthorized)
                    details.insert(try ServerHarness.object(response)["detail"] as? String ?? "")
                }
            }
            #expect(details.count == 1, "one message for wrong password, unknown user and locked")
            let locked = try await h.client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: ServerHarness.json(["username": "officer1", "password": TestStore.password]))
            #expect(locked.status == .unauthorized, "the right password is refused while locked")
        }
    }
}
