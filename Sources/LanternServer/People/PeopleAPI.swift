import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/people`: the JSON API for person records. Every call is checked by the access
/// policy in the store and written to the access log before the response leaves.
struct PeopleAPI {
    let store: Store

    struct NewPersonBody: Decodable, AcknowledgesLanguage {
        var kind: String
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var notes: String?
        var restricted: Bool?
        /// Rule ids of language findings the writer has reviewed and keeps (see /api/v1/language/check).
        var acknowledgedLanguage: [String]?
    }

    struct ChangePersonBody: Decodable, AcknowledgesLanguage {
        var version: Int
        var kind: String?
        var givenName: String?
        var familyName: String?
        var dateOfBirth: String?
        var clearDateOfBirth: Bool?
        var notes: String?
        var restricted: Bool?
        var acknowledgedLanguage: [String]?
    }

    struct DisclosureBody: Decodable {
        var recipient: String
        var purpose: String
        var purposeNote: String?
    }

    struct ErasureBody: Decodable {
        var reason: String
        var reference: String?
    }

    /// What a search shows of each person: enough to tell people apart, not their notes.
    struct PersonSummary: Encodable {
        var id: String
        var kind: String
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var team: String
        var restricted: Bool

        init(_ p: Person) {
            id = p.id
            kind = p.kind.rawValue
            givenName = p.givenName
            familyName = p.familyName
            dateOfBirth = p.dateOfBirth
            team = p.team
            restricted = p.restricted
        }
    }

    struct SearchResult: Encodable {
        var people: [PersonSummary]
    }

    /// The answer to a change: the new version, not the record (reading it is a separate, logged consultation).
    struct ChangeResult: Encodable {
        var id: String
        var version: Int
        var updatedAt: Date
    }

    struct DisclosureResult: Encodable {
        var recipient: String
        var purpose: String
        var record: Person
    }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/people", use: search)
        group.post("/people", use: create)
        group.get("/people/{id}", use: person)
        group.patch("/people/{id}", use: change)
        group.post("/people/{id}/disclosures", use: disclose)
        group.post("/people/{id}/erasure", use: erase)
    }

    /// `GET /api/v1/people`: people found by name.
    @Sendable func search(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        guard TextInput.searchCharacterCount(query) >= 2, query.unicodeScalars.count <= 100 else {
            throw BadRequest("Give a name to search for in q (2 to 100 characters, at least 2 of them letters or digits)", field: "q")
        }
        let found = try await store.people.search(query, context: try context.accessContext())
        return try JSONBody.response(SearchResult(people: found.map(PersonSummary.init)))
    }

    /// `POST /api/v1/people`: a person recorded.
    @Sendable func create(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(NewPersonBody.self, request: request, context: context, location: Self.location(of:)) { body in
            let draft = PersonDraft(
                kind: try Self.kind(body.kind), givenName: body.givenName, familyName: body.familyName,
                dateOfBirth: body.dateOfBirth, notes: body.notes ?? "", restricted: body.restricted ?? false)
            return try await store.people.create(draft, acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
        }
    }

    /// `GET /api/v1/people/{id}`: a person's record, a purposed consultation.
    @Sendable func person(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (purpose, note) = try Self.purpose(of: request)
        let person = try await store.people.consult(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(person)
    }

    /// `PATCH /api/v1/people/{id}`: a person's record corrected, refused if someone else changed it first.
    @Sendable func change(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ChangePersonBody.self, request: request, context: context, status: .ok, spelling: .asDeclared) { id, body in
            if body.clearDateOfBirth == true, body.dateOfBirth != nil {
                throw BadRequest("Send either dateOfBirth or clearDateOfBirth, not both", field: "clearDateOfBirth")
            }
            let patch = PersonPatch(
                kind: try body.kind.map(Self.kind), givenName: body.givenName, familyName: body.familyName,
                dateOfBirth: body.clearDateOfBirth == true ? .some(nil) : body.dateOfBirth.map { .some($0) },
                notes: body.notes, restricted: body.restricted)
            let person = try await store.people.alter(
                id, expectedVersion: body.version, patch: patch,
                acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
            return ChangeResult(id: person.id, version: person.version, updatedAt: person.updatedAt)
        }
    }

    /// `POST /api/v1/people/{id}/disclosures`: a person's record disclosed to a named recipient.
    @Sendable func disclose(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await context.decode(DisclosureBody.self, from: request)
        let purpose = try Self.purpose(body.purpose, required: true)
        let person = try await store.people.disclose(
            id, recipient: body.recipient, purpose: purpose,
            purposeNote: body.purposeNote ?? "", context: try context.accessContext())
        return try JSONBody.response(
            DisclosureResult(recipient: body.recipient, purpose: body.purpose, record: person),
            status: .created)
    }

    /// `POST /api/v1/people/{id}/erasure`: a person's record erased, with the lawful reason.
    @Sendable func erase(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.apply(ErasureBody.self, request: request, context: context) { id, body in
            let reason = try ErasureReason.parse(body.reason, field: "reason")
            try await store.people.erase(id, reason: reason, reference: body.reference ?? "", context: try context.accessContext())
        }
    }

    /// Where a new person record can be read.
    static func location(of person: Person) -> String { "/api/v1/people/\(person.id)" }

    static func kind(_ text: String) throws -> PersonKind {
        try PersonKind.parse(text, field: "kind")
    }

    /// `?purpose=` and `?purposeNote=` on a read that needs a purpose when what it shows names a child.
    static func purpose(of request: Request) throws -> (AccessPurpose?, String) {
        let query = request.uri.queryParameters
        return (try purpose(query["purpose"].map(String.init), required: false), query["purposeNote"].map(String.init) ?? "")
    }

    static func purpose(_ text: String?, required: Bool) throws -> AccessPurpose? {
        // Absent is allowed where the read may not need a purpose; sent empty never is.
        guard let text, !text.isEmpty else {
            if text == nil && !required { return nil }
            throw ValidationFailure("purpose", "Choose the purpose: one of " + AccessPurpose.acceptedValues)
        }
        let purpose: AccessPurpose = try .parse(text, field: "purpose")
        return purpose
    }
}
