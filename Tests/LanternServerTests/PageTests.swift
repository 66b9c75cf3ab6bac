import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Pages")
struct PageTests {
    static func form(_ fields: [String: String]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        return ByteBuffer(
            string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    static func login(_ h: ServerHarness, _ fields: [String: String]) async throws -> TestResponse {
        try await h.client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: Self.form(fields))
    }

    /// officer1 signed in through the form (asking to be sent to another site afterwards); returns the response.
    static func signedInThroughTheForm(_ h: ServerHarness) async throws -> TestResponse {
        try await h.test.addUser("officer1", role: .responseOfficer)
        return try await login(h, ["username": "officer1", "password": TestStore.password, "next": "//evil.example"])
    }

    static func sessionCookie(_ response: TestResponse) -> String {
        String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
    }

    @Test("The sign-in page is a labelled form that posts to itself", arguments: TestBackend.available)
    func theSignInPageIsALabelledForm(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let page = try await h.client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<form method=\"post\" action=\"/login\""))
            #expect(html.contains("<label class=\"label\" for=\"username\">"))
        }
    }

    @Test("A wrong password is refused with the problem shown", arguments: TestBackend.available)
    func aWrongPasswordIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let wrong = try await Self.login(h, ["username": "officer1", "password": "not-the-password"])
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("There is a problem"))
        }
    }

    @Test("A blank sign-in asks for the username", arguments: TestBackend.available)
    func aBlankSignInAsksForTheUsername(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let blank = try await Self.login(h, ["username": "", "password": ""])
            #expect(String(buffer: blank.body).contains("Enter your username"))
        }
    }

    @Test("Signing in redirects home, never to another site", arguments: TestBackend.available)
    func signingInRedirectsHomeNotElsewhere(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let ok = try await Self.signedInThroughTheForm(h)
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/", "no open redirect")
        }
    }

    @Test("The home page names the signed-in user and offers to sign out", arguments: TestBackend.available)
    func theHomePageNamesTheUser(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let cookie = Self.sessionCookie(try await Self.signedInThroughTheForm(h))
            let homeHTML = String(buffer: try await h.client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).body)
            #expect(homeHTML.contains("Officer1"))
            #expect(homeHTML.contains("Sign out"))
        }
    }

    @Test("Signing out through the form ends the session", arguments: TestBackend.available)
    func signingOutEndsTheSession(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let cookie = Self.sessionCookie(try await Self.signedInThroughTheForm(h))
            let homeHTML = String(buffer: try await h.client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).body)
            let csrf = try #require(
                homeHTML.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression).map {
                    String(homeHTML[$0]).replacingOccurrences(of: #"name="_csrf" value=""#, with: "").dropLast()
                })
            let out = try await h.client.execute(
                uri: "/logout", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login?signed-out=1")
            #expect(try await h.client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).status == .seeOther)
        }
    }

    @Test(arguments: TestBackend.available)
    func everyRoleCanSignInAndSeeItsNavigation(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            for role in Role.allCases {
                try await h.test.addUser("user-\(role.rawValue)", role: role, rank: .inspector)
                let browser = try await h.signIn("user-\(role.rawValue)")
                let home = String(buffer: try await h.client.execute(uri: "/", method: .get, headers: [.cookie: browser.cookie]).body)
                #expect(home.contains(role.title), "\(role)")
                #expect(home.contains("/access-log") == (role == .auditor), "\(role) access-log link")
                #expect(home.contains("/admin/users") == (role == .administrator), "\(role) users link")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildsPageAsksWhyBeforeShowingAnything(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let id = try await h.createPerson(browser, ["kind": "child", "givenName": "Amelia", "familyName": "Hart", "notes": "private note"])
            let ask = try await h.client.execute(uri: "/people/\(id)", method: .get, headers: [.cookie: browser.cookie])
            let askHTML = String(buffer: ask.body)
            #expect(askHTML.contains("Why are you opening this record?"))
            #expect(!askHTML.contains("Amelia"))
            #expect(!askHTML.contains("private note"))
            let shown = try await h.client.execute(uri: "/people/\(id)?purpose=missing-episode", method: .get, headers: [.cookie: browser.cookie])
            let shownHTML = String(buffer: shown.body)
            #expect(shownHTML.contains("Amelia Hart"))
            #expect(shownHTML.contains("Responding to a missing episode"))
            // A notice of what was just saved is carried through the question and shown with the record.
            let asked = String(
                buffer: try await h.client.execute(uri: "/people/\(id)?saved=merged", method: .get, headers: [.cookie: browser.cookie]).body)
            #expect(asked.contains("name=\"saved\" value=\"merged\""))
            let answered = try await h.client.execute(
                uri: "/people/\(id)?saved=merged&purpose=missing-episode", method: .get, headers: [.cookie: browser.cookie])
            #expect(String(buffer: answered.body).contains("The records were merged into this one."))
        }
    }

    @Test(arguments: TestBackend.available)
    func formsShowErrorsInPlaceAndKeepWhatWasTyped(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let response = try await h.client.execute(
                uri: "/people", method: .post,
                headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form([
                    "_csrf": browser.csrf, "kind": "child", "givenName": "Leah <b>",
                    "familyName": "", "dateOfBirth": "31/12/2010",
                ]))
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("There is a problem"))
            #expect(html.contains("href=\"#familyName\">Enter a family name"))
            #expect(html.contains("YYYY-MM-DD"))
            #expect(html.contains("value=\"Leah &lt;b&gt;\""), "typed values come back, escaped")
            #expect(try await h.test.store.people.count() == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func editConflictsAreShownNotOverwritten(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let id = try await h.createPerson(browser, ["kind": "associate", "givenName": "Dean", "familyName": "Wallis"])
            let fields = ["_csrf": browser.csrf, "kind": "associate", "givenName": "Dean", "familyName": "Wallis", "version": "1"]
            var first = fields
            first["notes"] = "first edit"
            let saved = try await h.client.execute(
                uri: "/people/\(id)", method: .post,
                headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form(first))
            #expect(saved.status == .seeOther)
            var second = fields
            second["notes"] = "second edit from a stale form"
            let conflict = try await h.client.execute(
                uri: "/people/\(id)", method: .post,
                headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form(second))
            #expect(conflict.status == .conflict)
            #expect(String(buffer: conflict.body).contains("Someone else changed this record"))
            let person = try await h.test.inspect(id)
            #expect(person.notes == "first edit")
        }
    }

    @Test(arguments: TestBackend.available)
    func auditorAndAdministratorPages(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            try await h.test.addUser("admin1", role: .administrator, rank: .staff)
            let auditor = try await h.signIn("aud1")
            // Like a child's record, the log asks why before showing anything, and keeps the filters typed.
            let asked = try await h.client.execute(uri: "/access-log?actor=aud1", method: .get, headers: [.cookie: auditor.cookie])
            #expect(asked.status == .ok)
            #expect(String(buffer: asked.body).contains("Why are you reading the access log?"))
            #expect(String(buffer: asked.body).contains(#"name="actor" value="aud1""#))
            #expect(!String(buffer: asked.body).contains("login-ok"))
            #expect(try await h.test.store.accessLog.latest(1).first?.entry.action != .accessLogRead, "nothing read, nothing logged")
            let unanswered = try await h.client.execute(uri: "/access-log?purpose=&actor=aud1", method: .get, headers: [.cookie: auditor.cookie])
            #expect(unanswered.status == .unprocessableContent)
            #expect(String(buffer: unanswered.body).contains("Choose why you are reading the access log"))
            let log = try await h.client.execute(
                uri: "/access-log?purpose=audit-inspection&note=AUD-7", method: .get,
                headers: [.cookie: auditor.cookie])
            #expect(log.status == .ok)
            #expect(String(buffer: log.body).contains("login-ok"))
            let read = try await h.test.store.accessLog.latest(1).first?.entry
            #expect(read?.action == .accessLogRead)
            #expect(read?.purpose == .auditInspection)
            #expect(read?.purposeNote == "AUD-7")
            let admin = try await h.signIn("admin1")
            let users = try await h.client.execute(uri: "/admin/users", method: .get, headers: [.cookie: admin.cookie])
            #expect(String(buffer: users.body).contains("aud1"))
            #expect(try await h.client.execute(uri: "/access-log", method: .get, headers: [.cookie: admin.cookie]).status == .forbidden)
            #expect(try await h.client.execute(uri: "/admin/users", method: .get, headers: [.cookie: auditor.cookie]).status == .forbidden)
        }
    }
}

@Suite("Page details")
struct PageDetailTests {
    @Test(arguments: [
        "//evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "/\\evil.example",
        "javascript:alert(1)", "/ok path",
    ])
    func signInNeverRedirectsAway(next: String) async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let body =
                "username=officer1&password=\(TestStore.password)&next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let response = try await h.client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: body))
            #expect(response.headers[.location] == "/")
        }
    }

    @Test func signInReturnsToALocalPage() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let response = try await h.client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=officer1&password=\(TestStore.password)&next=%2Fpeople%3Fq%3Dhart"))
            #expect(response.headers[.location] == "/people?q=hart")
        }
    }

    @Test func thePurposeQuestionSaysWhenNothingWasChosen() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            let id = try await h.createPerson(browser, ["kind": "child", "givenName": "Kai", "familyName": "Mensah"])
            for query in ["?note=", "?purpose=curiosity&note="] {
                let response = try await h.client.execute(uri: "/people/\(id)\(query)", method: .get, headers: [.cookie: browser.cookie])
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent)
                #expect(html.contains("<title>Error: Why are you opening this record?"))
                #expect(html.contains("href=\"#purpose\">Choose why you are opening this record"))
                #expect(html.contains("id=\"purpose\" name=\"purpose\" type=\"radio\""))
                #expect(!html.contains("Mensah"))
            }
        }
    }

    @Test func searchShowsNoNotesAndChangesEchoNothing() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let browser = try await h.signIn("officer1")
            _ = try await h.createPerson(browser, ["kind": "child", "givenName": "Kai", "familyName": "Mensah", "notes": "sensitive detail"])
            let search = try await h.client.execute(uri: "/api/v1/people?q=mensah", method: .get, headers: [.cookie: browser.cookie])
            #expect(String(buffer: search.body).contains("Mensah"))
            #expect(!String(buffer: search.body).contains("sensitive detail"))
        }
    }

    @Test func erasureTakesACodedReason() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("insp1", role: .supervisor, rank: .inspector)
            let browser = try await h.signIn("insp1")
            let id = try await h.createPerson(browser, ["kind": "associate", "givenName": "Dean", "familyName": "Wallis"])
            let bad = try await h.client.execute(
                uri: "/api/v1/people/\(id)/erasure", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["reason": "he asked nicely"]))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("reason must be one of"))
            let ok = try await h.client.execute(
                uri: "/api/v1/people/\(id)/erasure", method: .post, headers: ServerHarness.headers(browser),
                body: ServerHarness.json(["reason": "recorded-in-error", "reference": "DQ-2026-7"]))
            #expect(ok.status == .noContent)
            let entry = try #require(try await h.test.store.accessLog.latest(1).first)
            #expect(entry.entry.action == .erase)
            #expect(entry.entry.detail == "recorded-in-error")
            #expect(entry.entry.purposeNote == "DQ-2026-7")
        }
    }
}
