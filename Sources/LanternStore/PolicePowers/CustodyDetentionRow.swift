import Foundation
import LanternCore

/// A row of `custody_detentions`: a child detained in police custody, with the appropriate adult, the searches and
/// the s38(6) transfer as JSON documents of the detention.
package struct CustodyDetentionRow: Codable, Equatable {
    package static let table = "custody_detentions"

    var id: String
    var reference: String
    var childId: String
    var custodyRecord: String
    var detainedAtMs: Int64
    var dateOfBirth: String?
    var appearsUnder18: Int
    var isGirl: Int
    var womanInCare: String?
    var welfarePerson: String?
    var welfareInformedAtMs: Int64?
    var appropriateAdult: String?
    var searches: String
    var transfer: String?
    var releasedAtMs: Int64?
    var team: String
    var borough: String
    var createdBy: String
    var createdAtMs: Int64
    var version: Int

    package init(_ c: ChildInCustody, reference: String, team: String, borough: String, createdBy: String, createdAt: Date) throws {
        id = c.id
        self.reference = reference
        childId = c.childID
        custodyRecord = c.custodyRecord
        detainedAtMs = c.detainedAt.millisecondsSince1970
        dateOfBirth = c.dateOfBirth
        appearsUnder18 = c.appearsUnder18 ? 1 : 0
        isGirl = c.isGirl ? 1 : 0
        womanInCare = c.womanInCare
        welfarePerson = c.welfarePerson
        welfareInformedAtMs = c.welfareInformedAt?.millisecondsSince1970
        appropriateAdult = try c.appropriateAdult.map(StoredJSON.encode)
        searches = try StoredJSON.encode(c.searches)
        transfer = try c.transfer.map(StoredJSON.encode)
        releasedAtMs = c.releasedAt?.millisecondsSince1970
        self.team = team
        self.borough = borough
        self.createdBy = createdBy
        createdAtMs = createdAt.millisecondsSince1970
        version = c.version
    }

    func detention() throws -> ChildInCustody {
        ChildInCustody(
            id: id, childID: childId, custodyRecord: custodyRecord, detainedAt: Date(millisecondsSince1970: detainedAtMs), dateOfBirth: dateOfBirth,
            appearsUnder18: try Self.flag(appearsUnder18, "appears_under18"), isGirl: try Self.flag(isGirl, "is_girl"), womanInCare: womanInCare,
            welfarePerson: welfarePerson, welfareInformedAt: welfareInformedAtMs.map(Date.init(millisecondsSince1970:)),
            appropriateAdult: try appropriateAdult.map { try StoredJSON.decode(AppropriateAdult.self, $0) },
            searches: try StoredJSON.decode([CustodySearch].self, searches),
            transfer: try transfer.map { try StoredJSON.decode(TransferRequest.self, $0) },
            releasedAt: releasedAtMs.map(Date.init(millisecondsSince1970:)),
            version: version)
    }

    /// A stored yes or no: 0 or 1, anything else an error.
    static func flag(_ value: Int, _ column: String) throws -> Bool {
        guard value == 0 || value == 1 else { throw StoredValueUnknown(table: table, column: column, value: "\(value)") }
        return value == 1
    }
}
