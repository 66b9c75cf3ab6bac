import Foundation
import LanternTestSupport
import Testing

@testable import LanternServer

/// Escaping by Unicode scalar: a quote followed by a combining mark is one Character, and must still
/// be escaped wherever a person's words reach a page.
@Suite("HTML text")
struct HTMLTextTests {
    static let attack = "x\u{0022}\u{0301} onmouseover=\u{0027}\u{0301}alert(1)"

    @Test func escapesEveryScalar() {
        let escaped = HTMLText.escape(Self.attack + "<\u{0301}b>&\u{0301}")
        #expect(!escaped.unicodeScalars.contains { ["\"", "'", "<", ">"].contains($0) })
        #expect(escaped.contains("&quot;\u{0301}"))
        #expect(escaped.contains("&#39;\u{0301}"))
        #expect(escaped.contains("&lt;\u{0301}"))
    }

    @Test func templateValuesKeepEverySpecialScalarAloneInItsCluster() {
        let safe = HTMLText.isolatingSpecials(Self.attack)
        for character in safe where character.unicodeScalars.contains(where: HTMLText.special.contains) {
            #expect(character.unicodeScalars.count == 1, "\(character.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(HTMLText.isolatingSpecials("O'Brien & \"Jo\" <ok>") == "O'Brien & \"Jo\" <ok>", "ordinary text is unchanged")
    }
}

@Suite("HTML text on pages")
struct HTMLTextPageTests {
    /// A reflected search term and a stored name, each with a quote and a combining mark, come back escaped.
    @Test(arguments: TestBackend.available)
    func aQuoteWithACombiningMarkCannotAddAttributes(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("officer1", role: .responseOfficer)
            let officer = try await h.signIn("officer1")
            let name = "Zo\u{0022}\u{0301} autofocus onfocus=alert(1) x=\u{0022}\u{0301}e"
            let id = try await h.createPerson(officer, ["kind": "associate", "givenName": name, "familyName": "Quill"])
            let query = "Zo\u{0022}\u{0301} onmouseover=alert(1)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for uri in ["/people?q=\(query)", "/people/\(id)/edit?purpose=missing-episode", "/people/\(id)?purpose=missing-episode"] {
                let page = try await h.get(officer, uri)
                let body = String(buffer: page.body)
                #expect(
                    !body.unicodeScalars.indices.contains { index in
                        body.unicodeScalars[index] == "\"" && body.unicodeScalars.index(after: index) < body.unicodeScalars.endIndex
                            && body.unicodeScalars[body.unicodeScalars.index(after: index)] == "\u{0301}"
                    }, "\(uri): a raw quote before a combining mark reached the page")
            }
        }
    }

    /// The access log's reflected username filter is escaped the same way, on the purpose question
    /// (where it is carried in a hidden field) and on the log itself.
    @Test(arguments: TestBackend.available)
    func theAccessLogFilterIsEscapedPerScalar(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("aud1", role: .auditor, rank: .staff)
            let auditor = try await h.signIn("aud1")
            let actor = "a\u{0022}\u{0301} autofocus onfocus=alert(1) x=\u{0022}\u{0301}".addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
            for uri in ["/access-log?actor=\(actor)", "/access-log?purpose=audit-inspection&actor=\(actor)"] {
                let page = try await h.get(auditor, uri)
                #expect(page.status == .ok, "\(uri)")
                let scalars = Array(String(buffer: page.body).unicodeScalars)
                #expect(
                    !zip(scalars, scalars.dropFirst()).contains { $0 == "\"" && $1 == "\u{0301}" },
                    "\(uri): a raw quote before a combining mark reached the page")
                #expect(!String(buffer: page.body).contains("autofocus onfocus=alert(1) x=\""), "\(uri)")
            }
        }
    }
}
