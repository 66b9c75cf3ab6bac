import Foundation
import LanternCore

/// A row of `child_profiles`. Exploitation flags are stored as their codes, sorted and comma-separated.
struct ChildProfileRow: Codable, Equatable {
    static let table = "child_profiles"

    var personId: String
    var aliases: String
    var estimatedAge: Int?
    var estimatedAgeAtMs: Int64?
    var sex: String
    var description: String
    var homeAddress: String
    var homePostcode: String?
    var placementAddress: String
    var placementPostcode: String?
    var school: String
    var lookedAfter: Int
    var responsibleAuthority: String
    var placement: String
    var cpPlan: Int
    var exploitationFlags: String
    var wishes: String
    var updatedAtMs: Int64
    var updatedBy: String
    var placedOutOfArea: Int
    var hostAuthority: String

    init(_ p: ChildProfile) throws {
        personId = p.personID
        aliases = try StoredJSON.encode(p.aliases)
        estimatedAge = p.estimatedAge
        estimatedAgeAtMs = p.estimatedAgeAt?.millisecondsSince1970
        sex = p.sex
        description = p.description
        homeAddress = p.homeAddress
        homePostcode = p.homePostcode
        placementAddress = p.placementAddress
        placementPostcode = p.placementPostcode
        school = p.school
        lookedAfter = p.lookedAfter ? 1 : 0
        responsibleAuthority = p.responsibleAuthority
        placement = p.placement
        cpPlan = p.childProtectionPlan ? 1 : 0
        exploitationFlags = p.exploitationFlags.map(\.rawValue).sorted().joined(separator: ",")
        wishes = p.wishes
        updatedAtMs = p.updatedAt.millisecondsSince1970
        updatedBy = p.updatedBy
        placedOutOfArea = p.placedOutOfArea ? 1 : 0
        hostAuthority = p.hostAuthority
    }

    func profile() throws -> ChildProfile {
        let flags = try exploitationFlags.split(separator: ",").map {
            try StoredCode.known(ExploitationFlag.self, String($0), table: Self.table, column: "exploitation_flags")
        }
        return ChildProfile(
            personID: personId, aliases: try StoredJSON.decode([String].self, aliases), estimatedAge: estimatedAge,
            estimatedAgeAt: estimatedAgeAtMs.map(Date.init(millisecondsSince1970:)), sex: sex, description: description,
            homeAddress: homeAddress, homePostcode: homePostcode, placementAddress: placementAddress,
            placementPostcode: placementPostcode, school: school, lookedAfter: lookedAfter != 0,
            responsibleAuthority: responsibleAuthority, placement: placement, placedOutOfArea: placedOutOfArea != 0,
            hostAuthority: hostAuthority, childProtectionPlan: cpPlan != 0, exploitationFlags: Set(flags), wishes: wishes,
            updatedAt: Date(millisecondsSince1970: updatedAtMs), updatedBy: updatedBy)
    }
}
