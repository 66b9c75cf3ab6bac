import Foundation
import LanternCore

/// One incident with everything recorded on it, as its page and the API show it.
public struct IncidentRecord: Sendable {
    public var incident: DomesticAbuseIncident
    /// The people named in the incident, by id (adults and children).
    public var people: [String: Person]
    public var assessments: [RecordedDashAssessment]
    public var marac: [MaracReferral]
    public var encompass: [EncompassNotification]
    public var schools: [String: School]
    /// Earlier incidents within the pack's window at the same address or between the same adults, by reference.
    public var repeats: RepeatIncidentMatch
    /// Each child's referral or notification to children's social care, in the order made.
    public var socialCare: [ChildSocialCareContact] = []

    /// The latest assessment: the level acted on.
    public var currentAssessment: RecordedDashAssessment? { assessments.first }
}

/// An incident as a list shows it: enough to find and open it.
public struct IncidentSummary: Sendable, Equatable, Codable {
    public var id: String
    public var reference: String
    public var occurredAt: Date
    public var address: String
    public var children: Int
    public var grade: DashGrade?
}
