/// Why someone opened or shared a record: the justification DPA 2018 s62(2)
/// requires for every consultation and disclosure. Chosen from a fixed list so
/// it can be counted and audited; a free-text note may add detail.
public enum AccessPurpose: String, Sendable, Codable, CaseIterable, Hashable {
    case missingEpisode = "missing-episode"
    case riskAssessment = "risk-assessment"
    case supervisionReview = "supervision-review"
    case investigation
    case exploitationConcern = "exploitation-concern"
    case domesticAbuse = "domestic-abuse"
    case policePowers = "police-powers"
    case multiAgencySafeguarding = "multi-agency-safeguarding"
    case strategyMeeting = "strategy-meeting"
    case dataQuality = "data-quality"
    case auditInspection = "audit-inspection"
    case courtOrLegal = "court-or-legal"
    case subjectAccessRequest = "subject-access-request"

    public var title: String {
        switch self {
        case .missingEpisode: "Responding to a missing episode"
        case .riskAssessment: "Assessing or reviewing risk"
        case .supervisionReview: "Supervisory review"
        case .investigation: "Criminal investigation"
        case .exploitationConcern: "Exploitation concern"
        case .domesticAbuse: "Domestic abuse incident (DASH, MARAC, Operation Encompass)"
        case .policePowers: "Police protection or a child in custody"
        case .multiAgencySafeguarding: "Multi-agency safeguarding (MASH, strategy discussion)"
        case .strategyMeeting: "Preparing for a strategy meeting"
        case .dataQuality: "Data quality or record correction"
        case .auditInspection: "Audit or inspection"
        case .courtOrLegal: "Court, disclosure to CPS or legal advice"
        case .subjectAccessRequest: "Subject access request"
        }
    }
}
