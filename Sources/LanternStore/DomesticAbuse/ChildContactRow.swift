import Foundation
import LanternCore

/// A row of `da_child_contacts`.
package struct ChildContactRow: Codable, Equatable {
    package static let table = "da_child_contacts"

    var id: String
    var incidentId: String
    var childId: String
    var kind: String
    var agency: String
    var organisation: String
    var personName: String
    var atMs: Int64
    var method: String
    var summary: String
    var reference: String
    var recordedBy: String
    var recordedAtMs: Int64
}

extension ChildContactRow {
    package init(_ c: ChildSocialCareContact) {
        self.init(
            id: c.id, incidentId: c.incidentID, childId: c.childID, kind: c.kind.rawValue, agency: c.agency.rawValue, organisation: c.organisation,
            personName: c.personName, atMs: c.at.millisecondsSince1970, method: c.method.rawValue, summary: c.summary, reference: c.reference,
            recordedBy: c.recordedBy, recordedAtMs: c.recordedAt.millisecondsSince1970)
    }

    func contact() throws -> ChildSocialCareContact {
        ChildSocialCareContact(
            id: id, incidentID: incidentId, childID: childId,
            kind: try StoredCode.known(SocialCareContactKind.self, kind, table: Self.table, column: "kind"),
            agency: try StoredCode.known(Agency.self, agency, table: Self.table, column: "agency"), organisation: organisation,
            personName: personName, at: Date(millisecondsSince1970: atMs),
            method: try StoredCode.known(ContactMethod.self, method, table: Self.table, column: "method"), summary: summary, reference: reference,
            recordedBy: recordedBy, recordedAt: Date(millisecondsSince1970: recordedAtMs))
    }
}
