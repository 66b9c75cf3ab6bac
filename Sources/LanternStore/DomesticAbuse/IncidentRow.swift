import Foundation
import LanternCore

/// A row of `da_incidents`; its people are rows of `da_incident_people`.
package struct IncidentRow: Codable, Equatable {
    package static let table = "da_incidents"

    var id: String
    var reference: String
    var occurredAtMs: Int64
    var address: String
    var postcode: String?
    var addressKey: String
    var whatHappened: String
    var attendedBy: String
    var team: String
    var borough: String
    var createdBy: String
    var createdAtMs: Int64
    var version: Int

    func incident(people: [IncidentPersonRow]) throws -> DomesticAbuseIncident {
        let report = IncidentReport(
            occurredAt: Date(millisecondsSince1970: occurredAtMs), address: address, postcode: postcode, whatHappened: whatHappened,
            attendedBy: try StoredJSON.decode([String].self, attendedBy),
            adults: try people.filter { $0.part == IncidentPersonRow.adult }.map { try $0.adult() },
            children: try people.filter { $0.part == IncidentPersonRow.child }.map { try $0.child() })
        return DomesticAbuseIncident(
            id: id, reference: reference, report: report, team: team, borough: borough, createdBy: createdBy,
            createdAt: Date(millisecondsSince1970: createdAtMs), version: version)
    }
}

extension IncidentRow {
    package init(_ i: DomesticAbuseIncident) throws {
        self.init(
            id: i.id, reference: i.reference, occurredAtMs: i.report.occurredAt.millisecondsSince1970, address: i.report.address,
            postcode: i.report.postcode, addressKey: RepeatIncidents.addressKey(i.report.address, postcode: i.report.postcode),
            whatHappened: i.report.whatHappened, attendedBy: try StoredJSON.encode(i.report.attendedBy), team: i.team, borough: i.borough,
            createdBy: i.createdBy, createdAtMs: i.createdAt.millisecondsSince1970, version: i.version)
    }
}

/// A row of `da_incident_people`: an adult or a child at an incident, with their role.
package struct IncidentPersonRow: Codable, Equatable {
    package static let table = "da_incident_people"
    package static let adult = "adult"
    package static let child = "child"

    var incidentId: String
    var personId: String
    /// "adult" or "child".
    var part: String
    var role: String
    var voice: String
    var occurredAtMs: Int64

    func adult() throws -> IncidentAdult {
        IncidentAdult(personID: personId, role: try StoredCode.known(IncidentAdultRole.self, role, table: Self.table, column: "role"))
    }

    func child() throws -> IncidentChild {
        IncidentChild(
            childID: personId, presence: try StoredCode.known(ChildPresence.self, role, table: Self.table, column: "role"), voice: voice)
    }

    package static func rows(for incident: DomesticAbuseIncident) -> [IncidentPersonRow] {
        let at = incident.report.occurredAt.millisecondsSince1970
        return incident.report.adults.map {
            IncidentPersonRow(incidentId: incident.id, personId: $0.personID, part: adult, role: $0.role.rawValue, voice: "", occurredAtMs: at)
        }
            + incident.report.children.map {
                IncidentPersonRow(
                    incidentId: incident.id, personId: $0.childID, part: child, role: $0.presence.rawValue, voice: $0.voice, occurredAtMs: at)
            }
    }
}
