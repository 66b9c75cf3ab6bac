/// What a user does in the force, which decides what Lantern lets them do.
///
/// Roles are deliberately coarse; finer rules (own team, restricted records)
/// live in ``AccessPolicy``.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case responseOfficer = "response-officer"
    case missingPersonsCoordinator = "missing-persons-coordinator"
    case investigator
    case supervisor
    case partnership
    case analyst
    case auditor
    case administrator

    /// The name shown to people.
    public var title: String {
        switch self {
        case .responseOfficer: "Response officer"
        case .missingPersonsCoordinator: "Missing-persons coordinator"
        case .investigator: "Investigator"
        case .supervisor: "Supervisor"
        case .partnership: "Partnership / MASH"
        case .analyst: "Analyst"
        case .auditor: "Auditor"
        case .administrator: "Administrator"
        }
    }

    public init?(lenient text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let role = Role(rawValue: key) {
            self = role
            return
        }
        switch key {
        case "mash", "partnership/mash": self = .partnership
        case "officer", "response": self = .responseOfficer
        case "coordinator", "mispers", "mfh": self = .missingPersonsCoordinator
        case "admin": self = .administrator
        default: return nil
        }
    }
}

/// Police rank (or police staff), ordered so supervision rules can ask "at least inspector".
public enum Rank: String, Sendable, Codable, CaseIterable, Comparable, Hashable {
    case staff
    case constable
    case sergeant
    case inspector
    case chiefInspector = "chief-inspector"
    case superintendent
    case chiefSuperintendent = "chief-superintendent"

    public var title: String {
        switch self {
        case .staff: "Police staff"
        case .constable: "Constable"
        case .sergeant: "Sergeant"
        case .inspector: "Inspector"
        case .chiefInspector: "Chief inspector"
        case .superintendent: "Superintendent"
        case .chiefSuperintendent: "Chief superintendent"
        }
    }

    private var order: Int { Rank.allCases.firstIndex(of: self)! }
    public static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.order < rhs.order }
}
