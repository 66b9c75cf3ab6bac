/// Something a user may or may not do. Routes and repositories name the permission
/// they need; ``AccessPolicy`` alone decides who holds it.
public enum Permission: String, Sendable, Codable, CaseIterable, Hashable {
    /// Open a person's record (a "consult" in DPA 2018 s62 terms).
    case consultPersonRecord = "person.consult"
    /// Record a new person.
    case createPersonRecord = "person.create"
    /// Change a person's record.
    case alterPersonRecord = "person.alter"
    /// Export, print or share a record with someone outside Lantern.
    case disclosePersonRecord = "person.disclose"
    /// Erase a record's personal data (MoPI disposal), leaving a tombstone.
    case erasePersonRecord = "person.erase"
    /// Add, disable and reset user accounts.
    case manageAccounts = "accounts.manage"
    /// Read the access log.
    case readAccessLog = "access-log.read"
    /// See the language trend dashboard (aggregates by team, borough and month).
    case viewLanguageTrend = "language.trend"
    /// Report a child missing and record the first risk assessment.
    case reportMissing = "missing.report"
    /// Work an open episode: enquiries, sightings, agency contacts, found records, interviews, re-assessments.
    case workMissingEpisode = "missing.work"
    /// Carry out a supervisory review (the rank the clock needs is checked too).
    case reviewMissingEpisode = "missing.review"
    /// Close an episode once its requirements are met.
    case closeMissingEpisode = "missing.close"
    /// Add a link between two records, record an object (vehicle, phone, account), or end a link.
    case linkRecords = "links.add"
    /// Merge two person records found to be one person, or undo a merge.
    case mergePersonRecords = "person.merge"
    /// Screen a child for exploitation (the scored indicator tool).
    case screenExploitation = "exploitation.screen"
    /// Open and work exploitation concerns: plans, strategy meetings, warning notices, NRM referrals.
    case workExploitationConcern = "exploitation.work"
    /// Close an exploitation concern (a supervisor; the rank is checked too).
    case closeExploitationConcern = "exploitation.close"
    /// See concerns, caseloads, overdue actions and screening gaps across teams.
    case viewExploitationOversight = "exploitation.oversight"
    /// Record a domestic abuse incident with the adults and children in it.
    case recordDomesticAbuse = "domestic-abuse.record"
    /// Work an incident: DASH assessments, MARAC referrals and actions, Operation Encompass notifications, schools.
    case workDomesticAbuse = "domestic-abuse.work"
    /// Set the force's school-term dates, from which Operation Encompass deadlines are worked out.
    case setSchoolTerms = "domestic-abuse.school-terms"
    /// Take a child into police protection and record its duties, designated officer and ending.
    case usePolicePowers = "police-powers.record"
    /// Triage a concern-for-welfare or health-setting call under Right Care Right Person.
    case triageWelfareCall = "welfare-call.triage"
    /// Take up, in the MASH, a child's welfare call police did not attend.
    case takeUpWelfareReferral = "welfare-call.take-up"
}
