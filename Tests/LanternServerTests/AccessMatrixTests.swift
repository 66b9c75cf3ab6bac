import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

/// The need-to-know matrix: role x endpoint x relationship, every cell with its expected answer,
/// written out here by hand (not derived from the policy it checks).
///
/// Relationships to the record: same team, other team (same borough), restricted record of the
/// same team, restricted record of another team. Every actor is in borough Lambeth; the record's
/// "other team" is also in Lambeth, so supervisors' borough rule is exercised.
/// Letters per role, in that order: Y allowed, N refused.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Endpoint: String, CaseIterable, Sendable {
        case consult = "GET /api/v1/people/{id}"
        case alter = "PATCH /api/v1/people/{id}"
        case disclose = "POST /api/v1/people/{id}/disclosures"
        case erase = "POST /api/v1/people/{id}/erasure"
        case search = "GET /api/v1/people?q="
    }

    static let roles: [Role] = [
        .responseOfficer, .missingPersonsCoordinator, .investigator, .supervisor, .partnership,
        .analyst, .auditor, .administrator,
    ]

    /// role -> "same, other, restricted same, restricted other"
    static let expected: [Endpoint: [Role: String]] = [
        .consult: [
            .responseOfficer: "YYYN", .missingPersonsCoordinator: "YYYN", .investigator: "YYYN", .supervisor: "YYYY",
            .partnership: "YYYN", .analyst: "YYYN", .auditor: "YYYY", .administrator: "NNNN",
        ],
        .alter: [
            .responseOfficer: "YYYN", .missingPersonsCoordinator: "YYYN", .investigator: "YYYN", .supervisor: "YYYY",
            .partnership: "YYYN", .analyst: "NNNN", .auditor: "NNNN", .administrator: "NNNN",
        ],
        .disclose: [
            .responseOfficer: "NNNN", .missingPersonsCoordinator: "YYYN", .investigator: "YYYN", .supervisor: "YYYY",
            .partnership: "YYYN", .analyst: "NNNN", .auditor: "NNNN", .administrator: "NNNN",
        ],
        .erase: [
            .responseOfficer: "NNNN", .missingPersonsCoordinator: "NNNN", .investigator: "NNNN", .supervisor: "YYYY",
            .partnership: "NNNN", .analyst: "NNNN", .auditor: "NNNN", .administrator: "NNNN",
        ],
        .search: [
            .responseOfficer: "YYYN", .missingPersonsCoordinator: "YYYN", .investigator: "YYYN", .supervisor: "YYYY",
            .partnership: "YYYN", .analyst: "YYYN", .auditor: "YYYY", .administrator: "NNNN",
        ],
    ]

    /// A canary in every restricted record's notes: it must never appear in a refused response.
    static let canary = "CANARY-7f3a9c"

    @Test(arguments: TestBackend.available)
    func everyCellOfTheMatrix(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            // The records' owners: one officer in Team A, one in Team B.
            try await h.test.addUser("owner-a", role: .responseOfficer, team: "Team A")
            try await h.test.addUser("owner-b", role: .responseOfficer, team: "Team B")
            for role in Self.roles {
                try await h.test.addUser("actor-\(role.rawValue)", role: role, rank: .inspector, team: "Team A")
            }
            var cells = 0
            for endpoint in Endpoint.allCases {
                for role in Self.roles {
                    let pattern = Array(Self.expected[endpoint]![role]!)
                    for (index, relationship) in ["same", "other", "restricted-same", "restricted-other"].enumerated() {
                        // A fresh record per cell, so erasures and edits never affect another cell.
                        let owner = relationship.hasSuffix("other") ? "owner-b" : "owner-a"
                        let ownerSession = try await h.signIn(owner)
                        let family = "Matrix\(cells)x"
                        let id = try await h.createPerson(
                            ownerSession,
                            [
                                "kind": "child", "givenName": "Cell", "familyName": family,
                                "notes": "notes \(Self.canary)",
                                "restricted": relationship.hasPrefix("restricted"),
                            ])
                        let actor = try await h.signIn("actor-\(role.rawValue)")
                        let allowed = try await Self.call(endpoint, id: id, family: family, actor: actor, h: h)
                        #expect(
                            allowed.0 == (pattern[index] == "Y"),
                            "\(endpoint.rawValue) as \(role.rawValue) on a \(relationship) record: got \(allowed.1)")
                        if pattern[index] == "N" {
                            #expect(!allowed.2.contains(Self.canary), "\(endpoint.rawValue) as \(role.rawValue): canary leaked")
                            #expect(!allowed.2.contains(family), "\(endpoint.rawValue) as \(role.rawValue): name leaked")
                        }
                        cells += 1
                    }
                }
            }
            #expect(cells == Endpoint.allCases.count * Self.roles.count * 4)
            print("access matrix on \(backend): \(cells) cells, every one as expected")
        }
    }

    /// Calls the endpoint; returns whether it was allowed, the status, and the body.
    static func call(
        _ endpoint: Endpoint, id: String, family: String, actor: ServerHarness.Browser,
        h: ServerHarness
    ) async throws -> (Bool, HTTPResponse.Status, String) {
        let headers = ServerHarness.headers(actor)
        let response: TestResponse
        switch endpoint {
        case .consult:
            response = try await h.client.execute(uri: "/api/v1/people/\(id)?purpose=investigation", method: .get, headers: headers)
        case .alter:
            response = try await h.client.execute(
                uri: "/api/v1/people/\(id)", method: .patch, headers: headers,
                body: ServerHarness.json(["version": 1, "notes": "changed"]))
        case .disclose:
            response = try await h.client.execute(
                uri: "/api/v1/people/\(id)/disclosures", method: .post, headers: headers,
                body: ServerHarness.json(["recipient": "Lambeth CSC", "purpose": "multi-agency-safeguarding"]))
        case .erase:
            response = try await h.client.execute(
                uri: "/api/v1/people/\(id)/erasure", method: .post, headers: headers,
                body: ServerHarness.json(["reason": "recorded-in-error"]))
        case .search:
            response = try await h.client.execute(uri: "/api/v1/people?q=\(family)", method: .get, headers: headers)
            let body = String(buffer: response.body)
            // A search is "allowed" for this record when the record is among the results.
            return (response.status == .ok && body.contains(id), response.status, body)
        }
        let body = String(buffer: response.body)
        let allowed = (200..<300).contains(response.status.code)
        if !allowed {
            // Refusals are 403 (role) or 404 (record-level: the record's existence is not confirmed).
            #expect(response.status == .forbidden || response.status == .notFound, "\(endpoint.rawValue): \(response.status)")
        }
        return (allowed, response.status, body)
    }

    /// Replaying another user's record ids returns nothing (IDOR sweep).
    @Test func replayingIdsOfRestrictedRecordsReturnsNothing() async throws {
        try await ServerHarness.with(.sqlite) { h in
            try await h.test.addUser("owner-a", role: .investigator, team: "Exploitation team")
            try await h.test.addUser("other", role: .investigator, team: "Burglary team")
            let owner = try await h.signIn("owner-a")
            var ids: [String] = []
            for i in 0..<10 {
                ids.append(
                    try await h.createPerson(
                        owner,
                        [
                            "kind": "child", "givenName": "Hidden", "familyName": "Child\(i)",
                            "notes": Self.canary, "restricted": true,
                        ]))
            }
            let other = try await h.signIn("other")
            for id in ids {
                for uri in [
                    "/api/v1/people/\(id)?purpose=investigation", "/people/\(id)?purpose=investigation",
                    "/people/\(id)/edit?purpose=investigation", "/people/\(id)/disclose?purpose=investigation",
                ] {
                    let response = try await h.client.execute(uri: uri, method: .get, headers: [.cookie: other.cookie])
                    let body = String(buffer: response.body)
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!body.contains(Self.canary), "\(uri) leaked")
                    #expect(!body.contains("Hidden"), "\(uri) leaked")
                }
            }
        }
    }
}
