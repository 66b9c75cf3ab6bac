import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

/// Record scope through the side doors: every route that can reach a restricted child or adult
/// indirectly (a link, a network, a concern, a warning notice, a screening reason, a page) is
/// tried by an investigator in another team. Each answer must either refuse as "not found" or
/// leave the restricted records out entirely: no name, no id, no canary, only a count.
@Suite("Restricted records through side doors")
struct RestrictedSideDoorTests {
    static let canary = "CANARY-SIDE-4e1b"
    static let purpose = "purpose=investigation"

    /// The records one scenario makes, by the placeholders the routes below use.
    struct Scenario {
        var ids: [String: String]

        func path(_ template: String) -> String {
            ids.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }

        /// What must never reach the other team: the restricted people's names, ids and notes.
        var secrets: [String] { ["Zyxwvut", "Qwertyx", canary, ids["R"]!, ids["S"]!] }
    }

    /// A route as the other team's investigator calls it, and the answers that keep the records hidden.
    struct Probe: CustomStringConvertible, Sendable {
        var method: HTTPRequest.Method
        var path: String
        var body: [String: String]? = nil
        var allowed: Set<Int>

        var description: String { "\(method) \(path)" }
    }

    static let probes: [Probe] = [
        // Warning notices on a restricted child's concern: refused as if they did not exist.
        Probe(
            method: .post, path: "/api/v1/exploitation/warning-notices/{N}/breaches", body: ["at": "{now}", "detail": "Seen at the address."],
            allowed: [404]),
        Probe(method: .post, path: "/api/v1/exploitation/warning-notices/{N}/withdrawal", body: ["reason": "No longer needed."], allowed: [404]),
        // The restricted child's concern: invisible in the list, refused when named.
        Probe(method: .get, path: "/api/v1/exploitation/concerns", allowed: [200]),
        Probe(method: .get, path: "/api/v1/exploitation/concerns/{C1}?\(purpose)", allowed: [404]),
        Probe(
            method: .post, path: "/api/v1/exploitation/concerns/{C1}/actions", body: ["title": "Visit", "owner": "dc-b", "dueAt": "{later}"],
            allowed: [404]),
        Probe(method: .post, path: "/api/v1/exploitation/concerns/{C1}/meetings", body: ["scheduledAt": "{later}"], allowed: [404]),
        Probe(
            method: .post, path: "/api/v1/exploitation/concerns/{C1}/closure", body: ["outcome": "disrupted", "outcomeReason": "Dispersal order."],
            allowed: [404]),
        Probe(method: .get, path: "/concerns/{C1}?\(purpose)", allowed: [404]),
        // An open concern that names a restricted adult: shown without the adult.
        Probe(method: .get, path: "/api/v1/exploitation/concerns/{C2}?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/concerns/{C2}?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/concerns", allowed: [200]),
        Probe(method: .get, path: "/api/v1/exploitation/oversight", allowed: [200]),
        Probe(method: .get, path: "/exploitation/oversight", allowed: [200]),
        // Screening reasons name the restricted child for the owning team only.
        Probe(method: .get, path: "/api/v1/exploitation/screening-queue", allowed: [200]),
        Probe(method: .get, path: "/exploitation", allowed: [200]),
        Probe(method: .get, path: "/children/{O}?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/people/{O}?\(purpose)", allowed: [200]),
        // Links, networks and exports from the other end.
        Probe(method: .get, path: "/api/v1/entities/person/{O}/links?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/api/v1/entities/person/{O}/network?hops=3&\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/api/v1/entities/object/{P}/links?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/api/v1/entities/object/{P}/network?\(purpose)", allowed: [200]),
        Probe(
            method: .post, path: "/api/v1/entities/person/{O}/network/export",
            body: ["recipient": "Children's services", "purpose": "multi-agency-safeguarding", "hops": "3"], allowed: [200]),
        Probe(method: .get, path: "/network/person/{O}?hops=3&\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/network/object/{P}?\(purpose)", allowed: [200]),
        Probe(method: .get, path: "/api/v1/entities/person/{R}/links?\(purpose)", allowed: [422]),
        Probe(method: .get, path: "/api/v1/entities/person/{S}/network?\(purpose)", allowed: [422]),
        // The records themselves, and searches for them.
        Probe(method: .get, path: "/api/v1/people/{R}?\(purpose)", allowed: [404]),
        Probe(method: .get, path: "/api/v1/people/{S}", allowed: [404]),
        Probe(method: .get, path: "/api/v1/people?q=Zyxwvut", allowed: [200]),
        Probe(method: .get, path: "/people?q=Qwertyx", allowed: [200]),
        Probe(method: .get, path: "/children/{R}?\(purpose)", allowed: [404]),
        Probe(method: .get, path: "/api/v1/children/{R}/risk-record", allowed: [404]),
        Probe(method: .get, path: "/children/{R}/screening", allowed: [404]),
        Probe(method: .get, path: "/api/v1/people/matches?givenName=Hidden", allowed: [200]),
        Probe(method: .get, path: "/api/v1/hotspots", allowed: [200]),
        Probe(method: .get, path: "/hotspots", allowed: [200]),
        Probe(method: .get, path: "/", allowed: [200]),
    ]

    @Test(arguments: TestBackend.available)
    func everySideDoorKeepsRestrictedRecordsOut(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let scenario = try await Self.scenario(h)
            for user in ["dc-b", "sgt-b"] {
                let reader = try await h.signIn(user)
                for probe in Self.probes {
                    try await Self.check(probe, scenario, as: reader, user, h: h)
                }
            }
            try await Self.nothingWasWritten(scenario, h: h)
        }
    }

    /// One probe: an allowed answer (a role refusal says only what the role may not do, so it is
    /// allowed anywhere; a record-level refusal must look like "not found") and no secret in it.
    static func check(_ probe: Probe, _ scenario: Scenario, as reader: ServerHarness.Browser, _ user: String, h: ServerHarness) async throws {
        let response = try await Self.call(probe, scenario, as: reader, h: h)
        let text = String(buffer: response.body)
        let status = Int(response.status.code)
        let roleRefusal = status == 403 && text.contains("role may not")
        #expect(probe.allowed.contains(status) || roleRefusal, "\(user) \(probe): \(status) \(text.prefix(300))")
        // An id the caller sent may come back in a refusal; nothing else about the record may.
        for secret in scenario.secrets where !scenario.path(probe.path).contains(secret) {
            #expect(!text.contains(secret), "\(user) \(probe) leaked '\(secret)'")
        }
    }

    /// Nothing the refused calls tried was written.
    static func nothingWasWritten(_ scenario: Scenario, h: ServerHarness) async throws {
        let owner = try await h.signIn("dc-a")
        let concern = try ServerHarness.object(try await h.get(owner, scenario.path("/api/v1/exploitation/concerns/{C1}?\(Self.purpose)")))
        let notice = try #require((concern["warningNotices"] as? [[String: Any]])?.first)
        #expect((notice["breaches"] as? [Any])?.isEmpty ?? true, "no breach was added from outside the scope")
        #expect(notice["withdrawnAt"] == nil, "the notice was not withdrawn from outside the scope")
        #expect((concern["actions"] as? [[String: Any]])?.contains { $0["title"] as? String == "Visit" } != true)
        #expect((concern["concern"] as? [String: Any])?["status"] as? String == "open", "the concern was not closed from outside")
    }

    /// The same routes as the owning team: the restricted records are there, so the probes above
    /// would have seen them had the scope not held.
    @Test(arguments: TestBackend.available)
    func theOwningTeamSeesWhatTheOtherTeamDoesNot(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let scenario = try await Self.scenario(h)
            let owner = try await h.signIn("dc-a")
            let reader = try await h.signIn("dc-b")
            let queue = String(buffer: try await h.get(owner, "/api/v1/exploitation/screening-queue").body)
            #expect(queue.contains("Hidden Zyxwvut"), "the owning team reads the name in the screening reason")
            let otherQueue = String(buffer: try await h.get(reader, "/api/v1/exploitation/screening-queue").body)
            #expect(otherQueue.contains("a restricted record"), "the other team reads 'a restricted record' in its place")
            let links = try ServerHarness.object(try await h.get(owner, scenario.path("/api/v1/entities/person/{O}/links?\(Self.purpose)")))
            #expect(links["withheld"] as? Int == 0)
            #expect((links["links"] as? [Any])?.count == 4)
            let hidden = try ServerHarness.object(try await h.get(reader, scenario.path("/api/v1/entities/person/{O}/links?\(Self.purpose)")))
            #expect(hidden["withheld"] as? Int == 2, "the restricted child and adult only counted")
            #expect((hidden["links"] as? [Any])?.count == 2, "the restricted child and adult only counted")
            let concern = try ServerHarness.object(try await h.get(reader, scenario.path("/api/v1/exploitation/concerns/{C2}?\(Self.purpose)")))
            #expect(concern["withheld"] as? Int == 1, "the open child and the open adult")
            #expect((concern["entities"] as? [Any])?.count == 2, "the open child and the open adult")
            let network = try ServerHarness.object(
                try await h.get(reader, scenario.path("/api/v1/entities/person/{O}/network?hops=3&\(Self.purpose)")))
            #expect((network["withheld"] as? Int ?? 0) >= 2)
            let concerns = String(buffer: try await h.get(owner, "/api/v1/exploitation/concerns").body)
            #expect(concerns.contains(scenario.ids["C1"]!))
        }
    }

    /// A child's links and network need a purpose, like the record; a location's or object's
    /// panel needs one when it shows a child.
    @Test(arguments: TestBackend.available)
    func readingAChildsLinksNeedsAPurpose(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let scenario = try await Self.scenario(h)
            let reader = try await h.signIn("dc-b")
            for path in ["/api/v1/entities/person/{O}/links", "/api/v1/entities/person/{O}/network", "/api/v1/entities/object/{P}/links"] {
                let before = try await h.test.store.accessLog.count()
                let response = try await h.get(reader, scenario.path(path))
                #expect(response.status == .badRequest, "\(path): \(response.status)")
                #expect(ServerHarness.fields(response) == ["purpose"], "\(path): \(response.status)")
                #expect(try await h.test.store.accessLog.count() == before, "\(path): nothing was read, so nothing was logged")
            }
            let page = try await h.get(reader, scenario.path("/network/person/{O}"))
            #expect(String(buffer: page.body).contains("Why are you opening this record?"))
            let bad = try await h.get(reader, scenario.path("/api/v1/entities/person/{O}/links?purpose=curiosity"))
            #expect(bad.status == .unprocessableContent || bad.status == .badRequest)
        }
    }

    /// One response, one access-log entry, with the purpose and every person the page shows.
    @Test(arguments: TestBackend.available)
    func aChildPageIsLoggedOnceWithItsPurposeAndEveryoneItShows(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let scenario = try await Self.scenario(h)
            for (user, shown) in [("dc-a", ["O", "R", "S", "T"]), ("dc-b", ["O", "T"])] {
                let session = try await h.signIn(user)
                for path in [
                    "/children/{O}?\(Self.purpose)", "/people/{O}?\(Self.purpose)", "/api/v1/entities/person/{O}/links?\(Self.purpose)",
                    "/api/v1/entities/person/{O}/network?\(Self.purpose)",
                ] {
                    let response = try await h.get(session, scenario.path(path))
                    #expect(response.status == .ok, "\(path): \(response.status)")
                    let requestID = response.headers[HTTPField.Name("X-Request-Id")!] ?? ""
                    let entries = try await h.test.store.accessLog.entries(requestID: requestID)
                    if path.hasPrefix("/children/") {
                        #expect(entries.count == 1, "\(user) \(path): \(entries.map { "\($0.entry.action) \($0.entry.detail)" })")
                    }
                    #expect(entries.allSatisfy { $0.entry.purpose == .investigation }, "\(user) \(path): every entry keeps the purpose")
                    let logged = entries.flatMap(\.entry.recordIDs)
                    #expect(logged.count == Set(logged).count, "\(user) \(path): each record once per response")
                    let people = Set(shown.map { scenario.ids[$0]! })
                    #expect(people.isSubset(of: Set(logged)), "\(user) \(path): every person shown is logged")
                    if user == "dc-b" {
                        #expect(!logged.contains(scenario.ids["R"]!))
                        #expect(!logged.contains(scenario.ids["S"]!))
                    }
                }
            }
        }
    }

    // MARK: Scenario

    /// Team A's restricted child R (in a concern, with a warning notice against a restricted adult S),
    /// linked to an open child O (whose own concern names S and an open adult T), and a phone P
    /// used by both children. Opening R's concern puts O on the screening queue, naming R.
    static func scenario(_ h: ServerHarness) async throws -> Scenario {
        try await h.test.addUser("dc-a", role: .investigator, team: "Team A")
        try await h.test.addUser("dc-b", role: .investigator, team: "Team B")
        // A supervisor sees restricted records in their own borough: this one is in another.
        try await h.test.addUser("sgt-b", role: .supervisor, rank: .inspector, team: "Team B", borough: "Croydon")
        let owner = try await h.signIn("dc-a")
        var ids: [String: String] = [:]
        ids["R"] = try await h.createPerson(
            owner,
            [
                "kind": "child", "givenName": "Hidden", "familyName": "Zyxwvut", "dateOfBirth": "2011-05-01",
                "notes": "notes \(canary)", "restricted": true,
            ])
        ids["S"] = try await h.createPerson(owner, ["kind": "suspect", "givenName": "Shadow", "familyName": "Qwertyx", "restricted": true])
        ids["O"] = try await h.createPerson(owner, ["kind": "child", "givenName": "Olive", "familyName": "Open", "dateOfBirth": "2012-03-02"])
        ids["T"] = try await h.createPerson(owner, ["kind": "suspect", "givenName": "Terry", "familyName": "Visible"])
        let phone = try await h.post(owner, "/api/v1/objects", ["kind": "phone", "value": "07700 900461"])
        ids["P"] = try #require(try ServerHarness.object(phone)["id"] as? String, "\(String(buffer: phone.body))")
        for (from, to, type) in [
            ("O", "R", "associate-of"), ("O", "S", "associate-of"), ("O", "T", "associate-of"),
            ("R", "P", "uses-phone"), ("O", "P", "uses-phone"),
        ] {
            let kind = to == "P" ? "object" : "person"
            let link = try await h.post(
                owner, "/api/v1/links",
                [
                    "from": ["kind": "person", "id": ids[from]!], "to": ["kind": kind, "id": ids[to]!],
                    "type": type, "note": "Seen together by the school.",
                ])
            try #require(link.status == .created, "\(String(buffer: link.body))")
        }
        let c1 = try await h.post(
            owner, "/api/v1/exploitation/concerns",
            [
                "type": "cse", "summary": "Seen getting into a car with an adult.", "leadInvestigator": "dc-a",
                "children": [ids["R"]!], "linked": [["kind": "person", "id": ids["S"]!]],
            ])
        ids["C1"] = try #require(try ServerHarness.object(c1)["id"] as? String, "\(String(buffer: c1.body))")
        let c2 = try await h.post(
            owner, "/api/v1/exploitation/concerns",
            [
                "type": "cce", "summary": "Exploited by an older group to carry drugs.", "leadInvestigator": "dc-a",
                "children": [ids["O"]!], "linked": [["kind": "person", "id": ids["S"]!], ["kind": "person", "id": ids["T"]!]],
            ])
        ids["C2"] = try #require(try ServerHarness.object(c2)["id"] as? String, "\(String(buffer: c2.body))")
        let notice = try await h.post(
            owner, "/api/v1/exploitation/warning-notices",
            [
                "childId": ids["R"]!, "adultId": ids["S"]!, "concernId": ids["C1"]!, "basis": "caa-1984-s2",
                "servedAt": ISO8601DateFormatter().string(from: h.test.clock.now()), "servedBy": "DC A", "consentFrom": "Mother",
                "adultHasParentalResponsibility": false,
            ])
        ids["N"] = try #require(try ServerHarness.object(notice)["id"] as? String, "\(String(buffer: notice.body))")
        let now = h.test.clock.now()
        ids["now"] = ISO8601DateFormatter().string(from: now)
        ids["later"] = ISO8601DateFormatter().string(from: now.addingTimeInterval(86_400))
        return Scenario(ids: ids)
    }

    static func call(_ probe: Probe, _ scenario: Scenario, as browser: ServerHarness.Browser, h: ServerHarness) async throws -> TestResponse {
        let path = scenario.path(probe.path)
        guard let body = probe.body else { return try await h.get(browser, path) }
        var json: [String: Any] = probe.body.map { $0.mapValues { scenario.path($0) } } ?? [:]
        if let hops = body["hops"] { json["hops"] = Int(hops) }
        return try await h.post(browser, path, json)
    }
}
