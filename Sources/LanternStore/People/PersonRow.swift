import Foundation
import LanternCore

/// A row of `people`. The family name's phonetic key is stored beside it so "Thomson" finds "Thompson" by index.
package struct PersonRow: Codable, Equatable {
    package static let table = "people"

    var id: String
    var kind: String
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var notes: String
    var team: String
    var borough: String
    var restricted: Int
    var createdBy: String
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var version: Int
    var erasedAtMs: Int64?
    var familyKey: String
}

extension PersonRow {
    package init(_ p: Person) {
        self.init(
            id: p.id, kind: p.kind.rawValue, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth,
            notes: p.notes, team: p.team, borough: p.borough, restricted: p.restricted ? 1 : 0, createdBy: p.createdBy,
            createdAtMs: p.createdAt.millisecondsSince1970, updatedAtMs: p.updatedAt.millisecondsSince1970, version: p.version,
            erasedAtMs: p.erasedAt?.millisecondsSince1970, familyKey: PersonStore.familyKey(p.familyName))
    }

    /// The person this row holds; a kind this Lantern does not know is a ``StoredValueUnknown``.
    func person() throws -> Person {
        Person(
            id: id, kind: try StoredCode.known(PersonKind.self, kind, table: Self.table, column: "kind"), givenName: givenName,
            familyName: familyName, dateOfBirth: dateOfBirth, notes: notes, team: team, borough: borough, restricted: restricted != 0,
            createdBy: createdBy, createdAt: Date(millisecondsSince1970: createdAtMs), updatedAt: Date(millisecondsSince1970: updatedAtMs),
            version: version, erasedAt: erasedAtMs.map(Date.init(millisecondsSince1970:)))
    }
}

/// A row of `people_changes`: which fields one version of a person changed, as a comma-separated list.
struct PersonChangeRow: Codable, Equatable {
    static let table = "people_changes"

    var personId: String
    var version: Int
    var fields: String
    var actorId: String
    var atMs: Int64
}
