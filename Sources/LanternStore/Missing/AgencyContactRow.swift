import Foundation
import LanternCore

/// A row of `agency_contacts`.
package struct AgencyContactRow: Codable, Equatable {
    package static let table = "agency_contacts"

    var id: String
    var episodeId: String
    var agency: String
    var organisation: String
    var personName: String
    var atMs: Int64
    var method: String
    var summary: String
    var reference: String
    var notifiesLa: Int
    var recordedBy: String
    var recordedAtMs: Int64
}

extension AgencyContactRow {
    package init(_ c: AgencyContact) {
        self.init(
            id: c.id, episodeId: c.episodeID, agency: c.agency.rawValue, organisation: c.organisation, personName: c.personName,
            atMs: c.at.millisecondsSince1970, method: c.method.rawValue, summary: c.summary, reference: c.reference,
            notifiesLa: c.notifiesLocalAuthority ? 1 : 0, recordedBy: c.recordedBy, recordedAtMs: c.recordedAt.millisecondsSince1970)
    }

    func contact() throws -> AgencyContact {
        AgencyContact(
            id: id, episodeID: episodeId, agency: try StoredCode.known(Agency.self, agency, table: Self.table, column: "agency"),
            organisation: organisation, personName: personName, at: Date(millisecondsSince1970: atMs),
            method: try StoredCode.known(ContactMethod.self, method, table: Self.table, column: "method"), summary: summary,
            reference: reference, notifiesLocalAuthority: notifiesLa != 0, recordedBy: recordedBy,
            recordedAt: Date(millisecondsSince1970: recordedAtMs))
    }
}
