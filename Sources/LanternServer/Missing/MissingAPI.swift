import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/missing-episodes`, `/api/v1/children` and `/api/v1/queues`: the missing-child
/// workflow for integrations. Every call is authorised and access-logged in the store.
struct MissingAPI {
    let store: Store

    // MARK: Request bodies (enums arrive as strings so a bad value gets a message naming the field)

    struct ChildBody: Decodable {
        var id: String?
        var givenName: String?
        var familyName: String?
        var dateOfBirth: String?
        var estimatedAge: Int?
        var sex: String?
    }

    struct PersonRef: Decodable {
        var name: String
        var relationship: String?
        var contact: String
    }

    struct AnswerBody: Decodable {
        var question: String
        var answer: String
        var detail: String?
        var source: String?
        var contact: String?
        var obtainedAt: Date?
        /// Why the answer differs from Lantern's record (required to answer a record-given question otherwise).
        var changeReason: String?
    }

    struct AssessmentBody: Decodable, AcknowledgesLanguage {
        var answers: [AnswerBody]
        var informant: PersonRef?
        var grade: String?
        var rationale: String?
        var acknowledgedLanguage: [String]?
    }

    struct ReportBody: Decodable, AcknowledgesLanguage {
        /// `child` (default) or `adult-at-risk`; for an adult, `child` names the adult.
        var subject: String?
        var child: ChildBody
        var reportedAt: Date?
        var lastSeenAt: Date
        var lastSeenPlace: String
        var lastSeenPostcode: String?
        var circumstances: String
        var description: String?
        var clothing: String?
        var phone: String?
        var socialMedia: String?
        var reporter: PersonRef
        var assessment: AssessmentBody
        var acknowledgedLanguage: [String]?
    }

    struct ReviewBody: Decodable, AcknowledgesLanguage {
        var grade: String
        var rationale: String?
        var direction: String
        var acknowledgedLanguage: [String]?
    }

    struct TaskResultBody: Decodable, AcknowledgesLanguage {
        var outcome: String
        var result: String?
        var childSaid: String?
        var conductedBy: String?
        var at: Date?
        var acknowledgedLanguage: [String]?
    }

    struct SightingBody: Decodable, AcknowledgesLanguage {
        var at: Date
        var place: String
        var reportedBy: String
        var detail: String?
        var postcode: String?
        var withPersonIds: [String]?
        var vehicles: [String]?
        var phones: [String]?
        var childSaid: String?
        var acknowledgedLanguage: [String]?
    }

    struct ContactBody: Decodable, AcknowledgesLanguage {
        var agency: String
        var organisation: String
        var personName: String
        var at: Date
        var method: String
        var summary: String
        var reference: String?
        var notifiesLocalAuthority: Bool?
        var acknowledgedLanguage: [String]?
    }

    struct FoundBody: Decodable, AcknowledgesLanguage {
        var foundAt: Date
        var place: String
        var postcode: String?
        var withWhom: [String]?
        var withPersonIds: [String]?
        var condition: String
        var howFound: String
        var childSaid: String?
        var vehicles: [String]?
        var phones: [String]?
        var acknowledgedLanguage: [String]?
    }

    struct ProfileBody: Decodable, AcknowledgesLanguage {
        var aliases: [String]?
        var estimatedAge: Int?
        var sex: String?
        var description: String?
        var homeAddress: String?
        var homePostcode: String?
        var placementAddress: String?
        var placementPostcode: String?
        var school: String?
        var lookedAfter: Bool?
        var responsibleAuthority: String?
        var placement: String?
        var placedOutOfArea: Bool?
        var hostAuthority: String?
        var childProtectionPlan: Bool?
        var exploitationFlags: [String]?
        var wishes: String?
        /// The child's record version the editor read (`child.version`): a change since is a 409 naming its fields.
        var version: Int
        var acknowledgedLanguage: [String]?
    }

    /// The saved profile with the child's record version after the save, to send with the next change.
    struct SavedProfileOut: Encodable {
        var profile: ChildProfile
        var version: Int
        private enum Keys: String, CodingKey { case version }

        func encode(to encoder: any Encoder) throws {
            try profile.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(version, forKey: .version)
        }
    }

    struct HistoryBody: Decodable {
        var lastSeenAt: Date
        var foundAt: Date
        var grade: String
        var borough: String
        var foundPlace: String?
        var foundPostcode: String?
        var sourceReference: String?
        var summary: String?
    }

    struct PhilomenaBody: Decodable, AcknowledgesLanguage {
        var description: String
        var photoReference: String?
        var associates: String?
        var placesFrequented: String?
        var previousMissing: String?
        var vulnerabilities: String?
        var medical: String?
        var phoneAndSocialMedia: String?
        var transport: String?
        var completedBy: String
        var acknowledgedLanguage: [String]?
    }

    // MARK: Responses

    struct ReportResult: Encodable {
        var episode: MissingEpisode
        var childId: String
        var assessment: RecordedAssessment
        var repeatMissing: RepeatMissingStatus
        var philomenaAgeDays: Int?
    }

    struct ReviewStateBody: Encodable {
        var dueAt: Date
        var rank: String
        var overdue: Bool
        var escalatedTo: String?
        var escalationLevel: Int

        /// Reviews run while the child is missing and until their return is reviewed; after that none is overdue.
        init(_ due: ReviewDue, needsReview: Bool = true, now: Date, rules: MissingRules) {
            dueAt = due.dueAt
            rank = due.rank.rawValue
            switch (needsReview, SupervisionClock.state(of: due, at: now, rules: rules)) {
            case (true, .overdue(_, let level, let to)):
                overdue = true
                escalatedTo = to.rawValue
                escalationLevel = level
            default:
                overdue = false
                escalatedTo = nil
                escalationLevel = 0
            }
        }
    }

    struct EpisodeBody: Encodable {
        var episode: MissingEpisode
        var child: Person
        var profile: ChildProfile?
        var philomena: PhilomenaProfile?
        var philomenaAgeDays: Int?
        /// A grade below Lantern's recommendation is waiting for a supervisor's agreement.
        var downgradeAwaitingSupervisor: Bool
        var needsReview: Bool
        var review: ReviewStateBody
        var assessments: [RecordedAssessment]
        var reviews: [SupervisoryReview]
        var contacts: [AgencyContact]
        var sightings: [RecordedSighting]
        var found: FoundRecord?
        var tasks: [EpisodeTask]
        var alerts: [EpisodeAlert]
        var repeatMissing: RepeatMissingStatus
        var history: [SummaryBody]
        var previouslyFlagged: [String]
        var closureNeeds: [FieldError]
    }

    struct SummaryBody: Encodable {
        var id: String
        var reference: String
        var childId: String
        var childName: String
        var status: String
        var grade: String
        var lastSeenAt: Date
        var foundAt: Date?
        var hoursMissing: Double
        var reviewDueAt: Date
        var reviewRank: String
        var repeatCount: Int
        var localAuthorityNotified: Bool
        var borough: String
        var openAlerts: Int

        init(_ s: EpisodeSummary, now: Date) {
            id = s.id
            reference = s.reference
            childId = s.childID
            childName = s.childName
            status = s.status.rawValue
            grade = s.grade.rawValue
            lastSeenAt = s.lastSeenAt
            foundAt = s.foundAt
            hoursMissing = ((s.foundAt ?? now).timeIntervalSince(s.lastSeenAt) / 360).rounded() / 10
            reviewDueAt = s.nextReview.dueAt
            reviewRank = s.nextReview.rank.rawValue
            repeatCount = s.repeatCount
            localAuthorityNotified = s.localAuthorityNotified
            borough = s.borough
            openAlerts = s.openAlerts
        }
    }

    struct ReviewQueueBody: Encodable {
        struct Item: Encodable {
            var episode: SummaryBody
            var review: ReviewStateBody
            var responsibleRank: String
            var escalatedToYou: Bool
        }
        var items: [Item]
    }

    struct DataQualityBody: Encodable {
        struct Item: Encodable {
            var episode: SummaryBody
            var alert: EpisodeAlert
        }
        var items: [Item]
    }

    struct TaskQueueBody: Encodable {
        struct Item: Encodable {
            var task: EpisodeTask
            var episode: SummaryBody
            var overdue: Bool
        }
        var items: [Item]
    }

    struct EpisodeList: Encodable { var items: [SummaryBody] }

    struct FoundResult: Encodable {
        /// The episode's state after the find, not its report: an officer who records a find may never
        /// have opened the episode, and reading the report is a purposed consultation of its own.
        struct Episode: Encodable {
            var id: String
            var reference: String
            var childId: String
            var status: EpisodeStatus
            var grade: RiskGrade
            var foundAt: Date?
            var version: Int

            init(_ e: MissingEpisode) {
                id = e.id
                reference = e.reference
                childId = e.childID
                status = e.status
                grade = e.grade
                foundAt = e.foundAt
                version = e.version
            }
        }
        var episode: Episode
        var found: FoundRecord?
        var tasks: [EpisodeTask]
        /// The alerts recording the find raised (a flagged person, place, vehicle or phone, or a possible name match).
        var alerts: [EpisodeAlert]
    }

    /// What Lantern's record says about a child before a report: each known fact, the missing history,
    /// and the checklist answers the record gives (the report form pre-answers them).
    struct RiskRecordBody: Encodable {
        struct Fact: Encodable {
            var factor: String
            var explanation: String
        }
        var childId: String
        var ageYears: Int?
        var known: [Fact]
        var earlierEpisodesInYear: Int
        var answers: [RiskAnswer]
        /// The grade the record alone points to (no answers yet): the floor under any assessment.
        var floor: String
        var reasons: [RiskReason]
    }

    struct ChildBodyOut: Encodable {
        var child: Person
        var profile: ChildProfile?
        var philomena: PhilomenaProfile?
        var philomenaVersions: Int
        var philomenaAgeDays: Int?
        var voice: [ChildVoice]
        var episodes: [SummaryBody]
        var interviews: [EpisodeTask]
        var repeatMissing: RepeatMissingStatus
        var awaitingScreening: String?
        /// "Previously found at / with a flagged person or place", one explanation per alert.
        var previouslyFlagged: [String]
    }

    struct MatchList: Encodable {
        struct Item: Encodable {
            var child: PeopleAPI.PersonSummary
            var score: Int
            var reasons: [String]
        }
        var matches: [Item]
    }

    struct RulesBody: Encodable {
        struct Question: Encodable {
            var id: String
            var text: String
            var ifYes: String
            var ifUnknown: String
            var source: String

            init(_ q: MissingRules.Question) {
                id = q.id
                text = q.text
                ifYes = q.ifYes.rawValue
                ifUnknown = q.ifUnknown.rawValue
                source = q.source
            }
        }
        var pack: String
        var version: Int
        var checked: String
        var grades: [String]
        var questions: [Question]
        var adultQuestions: [Question]
        var repeatMissing: MissingRules.RepeatMissingRule
        var returnHomeInterviewHours: Int
        var localAuthorityAlertMinutes: Int
    }

    // MARK: Routes

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/missing-rules", use: rules)
        group.post("/missing-episodes", use: report)
        group.get("/missing-episodes/{id}", use: episode)
        group.post("/missing-episodes/{id}/assessments", use: reassess)
        group.post("/missing-episodes/{id}/reviews", use: review)
        group.post("/missing-episodes/{id}/enquiries", use: addEnquiry)
        group.post("/missing-episodes/{id}/tasks/{taskID}/result", use: recordTaskResult)
        group.post("/missing-episodes/{id}/sightings", use: addSighting)
        group.post("/missing-episodes/{id}/contacts", use: addContact)
        group.post("/missing-episodes/{id}/found", use: recordFound)
        group.post("/missing-episodes/{id}/closure", use: close)
        group.get("/children/matches", use: childMatches)
        group.get("/children/{id}", use: childRecord)
        group.get("/children/{id}/risk-record", use: riskRecord)
        group.post("/children/{id}/history", use: recordHistory)
        group.put("/children/{id}/profile", use: saveProfile)
        group.post("/children/{id}/philomena", use: savePhilomena)
        group.get("/queues/missing", use: openEpisodes)
        group.get("/queues/reviews", use: reviewQueue)
        group.get("/queues/data-quality", use: dataQualityQueue)
        group.get("/queues/interviews", use: interviewQueue)
        group.get("/queues/my-tasks", use: myTasks)
    }

    /// `GET /api/v1/missing-rules`: the rule pack the risk assessment follows.
    @Sendable func rules(_ request: Request, context: LanternRequestContext) async throws -> Response {
        _ = try context.requireActor()
        let rules = store.missing.rules
        return try JSONBody.response(
            RulesBody(
                pack: rules.pack, version: rules.version, checked: rules.checked, grades: RiskGrade.allCases.map(\.rawValue),
                questions: rules.questions.map(RulesBody.Question.init), adultQuestions: rules.adultQuestions.map(RulesBody.Question.init),
                repeatMissing: rules.repeatMissing, returnHomeInterviewHours: rules.returnHomeInterview.withinHours,
                localAuthorityAlertMinutes: rules.localAuthorityNotification.alertAfterMinutes), spelling: .apiIds)
    }

    /// `POST /api/v1/missing-episodes`: a child reported missing, with the first risk assessment.
    @Sendable func report(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(ReportBody.self, request: request, context: context, spelling: .apiIds, location: Self.location(ofReport:)) {
            body in
            let report = try Self.newReport(body, now: store.clock.now())
            let outcome = try await store.missing.report(report, context: try context.accessContext())
            return ReportResult(
                episode: outcome.episode, childId: outcome.child.id, assessment: outcome.assessment,
                repeatMissing: outcome.repeatMissing, philomenaAgeDays: outcome.philomenaAgeDays)
        }
    }

    /// `GET /api/v1/missing-episodes/{id}`: the whole episode, a purposed consultation.
    @Sendable func episode(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (purpose, note) = try PeopleAPI.purpose(of: request)
        let record = try await store.missing.episode(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(episodeBody(record), spelling: .apiIds)
    }

    /// `POST /api/v1/missing-episodes/{id}/assessments`: the risk assessed again.
    @Sendable func reassess(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(AssessmentBody.self, request: request, context: context) { id, body in
            try await store.missing.reassess(
                id, answers: try Self.answers(body.answers), informantName: body.informant?.name ?? "",
                informantContact: body.informant?.contact ?? "", grade: try body.grade.map { try RiskGrade.parse($0) },
                rationale: body.rationale ?? "", acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/reviews`: a supervisor's review of the grade.
    @Sendable func review(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ReviewBody.self, request: request, context: context) { id, body in
            try await store.missing.review(
                id, grade: try RiskGrade.parse(body.grade), rationale: body.rationale ?? "",
                direction: body.direction, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/enquiries`: an enquiry with an owner and a deadline.
    @Sendable func addEnquiry(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(AssignmentBody.self, request: request, context: context) { id, body in
            try await store.missing.addEnquiry(
                id, title: body.title, owner: body.owner, dueAt: body.dueAt,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/tasks/{taskID}/result`: what an enquiry or interview found.
    @Sendable func recordTaskResult(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(TaskResultBody.self, request: request, context: context, status: .ok) { id, body in
            let taskID = try context.parameters.require("taskID")
            let outcome = try TaskOutcome.parse(body.outcome, field: "outcome")
            return try await store.missing.recordTaskResult(
                id, taskID: taskID, outcome: outcome, result: body.result ?? "", childSaid: body.childSaid ?? "",
                conductedBy: body.conductedBy ?? "", at: body.at, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/sightings`: the child seen while missing.
    @Sendable func addSighting(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(SightingBody.self, request: request, context: context) { id, body in
            try await store.missing.addSighting(
                id,
                Sighting(
                    at: body.at, place: body.place, reportedBy: body.reportedBy, detail: body.detail ?? "", postcode: body.postcode,
                    withPersonIDs: body.withPersonIds ?? [], vehicles: body.vehicles ?? [], phones: body.phones ?? [],
                    childSaid: body.childSaid ?? ""),
                acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/contacts`: a contact with another agency.
    @Sendable func addContact(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ContactBody.self, request: request, context: context) { id, body in
            try await store.missing.addContact(
                id, try Self.contact(body), acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/found`: the child found; answers only what this call created,
    /// since reading the rest of the child's record is a separate, purposed consultation.
    @Sendable func recordFound(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(FoundBody.self, request: request, context: context) { id, body in
            let how = try HowFound.parse(body.howFound, field: "howFound")
            let found = FoundRecord(
                foundAt: body.foundAt, place: body.place, postcode: body.postcode, withWhom: body.withWhom ?? [],
                withPersonIDs: body.withPersonIds ?? [], condition: body.condition, howFound: how,
                childSaid: body.childSaid ?? "", vehicles: body.vehicles ?? [], phones: body.phones ?? [])
            let record = try await store.missing.recordFound(
                id, found, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
            return FoundResult(episode: .init(record.episode), found: record.found, tasks: record.tasks, alerts: record.alertsRaised)
        }
    }

    /// `POST /api/v1/missing-episodes/{id}/closure`.
    @Sendable func close(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let episode = try await store.missing.close(id, context: try context.accessContext())
        return try JSONBody.response(episode, spelling: .apiIds)
    }

    /// `GET /api/v1/children/matches`: known children who may be the one being reported.
    @Sendable func childMatches(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let found = try await store.children.matches(
            givenName: query["givenName"].map(String.init) ?? "", familyName: query["familyName"].map(String.init) ?? "",
            dateOfBirth: query["dateOfBirth"].map(String.init), context: try context.accessContext())
        return try JSONBody.response(
            MatchList(
                matches: found.map {
                    .init(child: PeopleAPI.PersonSummary($0.person), score: $0.match.score, reasons: $0.match.reasons)
                }), spelling: .apiIds)
    }

    /// `GET /api/v1/children/{id}`: the child's record, a purposed consultation.
    @Sendable func childRecord(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (purpose, note) = try PeopleAPI.purpose(of: request)
        let version = try ChildPages.philomenaVersion(request)
        let record = try await store.children.record(
            id, purpose: purpose, purposeNote: note, philomenaVersion: version, context: try context.accessContext())
        let now = store.clock.now()
        return try JSONBody.response(
            ChildBodyOut(
                child: record.person, profile: record.profile, philomena: record.philomena,
                philomenaVersions: record.philomenaVersions, philomenaAgeDays: record.philomena?.ageInDays(at: now),
                voice: record.voices, episodes: record.episodes.map { SummaryBody($0, now: now) }, interviews: record.interviews,
                repeatMissing: record.repeatMissing, awaitingScreening: record.awaitingScreening,
                previouslyFlagged: record.previouslyFlagged), spelling: .apiIds)
    }

    /// `PUT /api/v1/children/{id}/profile`: the child's profile, refused if someone else changed it first.
    @Sendable func saveProfile(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ProfileBody.self, request: request, context: context, status: .ok) { id, body in
            let saved = try await store.children.saveProfile(
                try Self.profile(body, id: id, now: store.clock.now()), expectedVersion: body.version,
                acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
            return SavedProfileOut(profile: saved.profile, version: saved.version)
        }
    }

    /// `POST /api/v1/children/{id}/philomena`: a new version of the Philomena Protocol profile.
    @Sendable func savePhilomena(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(PhilomenaBody.self, request: request, context: context) { id, b in
            let profile = PhilomenaProfile(
                personID: id, version: 0, description: b.description, photoReference: b.photoReference ?? "",
                associates: b.associates ?? "", placesFrequented: b.placesFrequented ?? "",
                previousMissing: b.previousMissing ?? "", vulnerabilities: b.vulnerabilities ?? "",
                medical: b.medical ?? "", phoneAndSocialMedia: b.phoneAndSocialMedia ?? "",
                transport: b.transport ?? "", completedBy: b.completedBy, updatedAt: store.clock.now(),
                updatedBy: "")
            return try await store.children.savePhilomena(
                profile, acknowledgedLanguage: b.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `GET /api/v1/queues/missing`: every open episode.
    @Sendable func openEpisodes(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.openEpisodes(context: try context.accessContext())
        let now = store.clock.now()
        return try JSONBody.response(EpisodeList(items: items.map { SummaryBody($0, now: now) }), spelling: .apiIds)
    }

    /// `GET /api/v1/queues/reviews`: the reviews due, and which have been escalated to this user.
    @Sendable func reviewQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.reviewQueue(context: try context.accessContext())
        let now = store.clock.now()
        let rules = store.missing.rules
        return try JSONBody.response(
            ReviewQueueBody(
                items: items.map {
                    .init(
                        episode: SummaryBody($0.episode, now: now), review: ReviewStateBody($0.episode.nextReview, now: now, rules: rules),
                        responsibleRank: $0.responsibleRank.rawValue, escalatedToYou: $0.escalatedToYou)
                }), spelling: .apiIds)
    }

    /// `GET /api/v1/queues/data-quality`: episodes with an open data-quality alert.
    @Sendable func dataQualityQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.dataQualityQueue(context: try context.accessContext())
        let now = store.clock.now()
        return try JSONBody.response(
            DataQualityBody(
                items: items.map {
                    .init(episode: SummaryBody($0.episode, now: now), alert: $0.alert)
                }), spelling: .apiIds)
    }

    /// `GET /api/v1/queues/interviews`: prevention and return home interviews outstanding.
    @Sendable func interviewQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.interviewQueue(context: try context.accessContext())
        return try JSONBody.response(taskQueue(items), spelling: .apiIds)
    }

    /// `GET /api/v1/queues/my-tasks`: the tasks this user owns.
    @Sendable func myTasks(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.missing.myTasks(context: try context.accessContext())
        return try JSONBody.response(taskQueue(items), spelling: .apiIds)
    }

    /// `GET /api/v1/children/{id}/risk-record?lastSeenAt=`: what the record knows before a report is graded.
    @Sendable func riskRecord(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let lastSeen = try request.uri.queryParameters["lastSeenAt"].map { text -> Date in
            guard let date = ISO8601DateFormatter().date(from: String(text)) else {
                throw ValidationFailure("lastSeenAt", "lastSeenAt must be an ISO 8601 time with a time zone, e.g. 2026-12-06T02:30:00Z")
            }
            return date
        }
        let rules = store.missing.rules
        let record = try await store.missing.riskRecord(child: id, lastSeen: lastSeen, context: try context.accessContext())
        let floor = RiskGrading.recommend(
            rules.questions.map { RiskAnswer(questionID: $0.id, value: .no) }.filter { answer in
                !record.answers.contains { $0.questionID == answer.questionID }
            } + record.answers, child: record.factors, rules: rules)
        return try JSONBody.response(
            RiskRecordBody(
                childId: id, ageYears: record.factors.ageYears,
                known: KnownRiskFactor.allCases.compactMap { factor in
                    record.factors.known[factor].map { .init(factor: factor.rawValue, explanation: $0) }
                },
                earlierEpisodesInYear: record.factors.earlierEpisodesInYear, answers: record.answers, floor: floor.grade.rawValue,
                reasons: floor.reasons), spelling: .apiIds)
    }

    /// `POST /api/v1/children/{id}/history`: a past episode loaded as history, with no clocks.
    @Sendable func recordHistory(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await JSONBody.create(HistoryBody.self, request: request, context: context, spelling: .apiIds, location: Self.location(of:)) {
            body in
            let past = HistoricEpisode(
                lastSeenAt: body.lastSeenAt, foundAt: body.foundAt, grade: try RiskGrade.parse(body.grade),
                borough: body.borough, foundPlace: body.foundPlace ?? "", foundPostcode: body.foundPostcode,
                sourceReference: body.sourceReference ?? "", summary: body.summary ?? "")
            return try await store.missing.recordHistory(child: id, past, context: try context.accessContext())
        }
    }

    /// Where a new episode can be read.
    static func location(of episode: MissingEpisode) -> String { "/api/v1/missing-episodes/\(episode.id)" }
    static func location(ofReport report: ReportResult) -> String { location(of: report.episode) }

    func taskQueue(_ items: [TaskQueueItem]) -> TaskQueueBody {
        let now = store.clock.now()
        return TaskQueueBody(items: items.map { .init(task: $0.task, episode: SummaryBody($0.episode, now: now), overdue: $0.overdue) })
    }

    func episodeBody(_ r: EpisodeRecord) -> EpisodeBody {
        let now = store.clock.now()
        return EpisodeBody(
            episode: r.episode, child: r.child, profile: r.profile, philomena: r.philomena,
            philomenaAgeDays: r.philomena?.ageInDays(at: now), downgradeAwaitingSupervisor: r.episode.awaitingDowngradeFrom != nil,
            needsReview: r.episode.needsReview,
            review: ReviewStateBody(r.episode.nextReview, needsReview: r.episode.needsReview, now: now, rules: store.missing.rules),
            assessments: r.assessments,
            reviews: r.reviews, contacts: r.contacts, sightings: r.sightings, found: r.found, tasks: r.tasks, alerts: r.alerts,
            repeatMissing: r.repeatMissing, history: r.history.map { SummaryBody($0, now: now) }, previouslyFlagged: r.previouslyFlagged,
            closureNeeds: r.unmetForClosure)
    }

    // MARK: Body -> domain

    static func newReport(_ body: ReportBody, now: Date) throws -> MissingStore.NewReport {
        let child = body.child
        let hasNewFields =
            child.givenName != nil || child.familyName != nil || child.dateOfBirth != nil || child.estimatedAge != nil
            || child.sex != nil
        if child.id != nil && hasNewFields {
            throw ValidationFailure("child", "Send either child.id for a known child, or the new child's details, not both")
        }
        let report = MissingReport(
            reportedAt: body.reportedAt ?? now, lastSeenAt: body.lastSeenAt, lastSeenPlace: body.lastSeenPlace,
            lastSeenPostcode: body.lastSeenPostcode, circumstances: body.circumstances, description: body.description ?? "",
            clothing: body.clothing ?? "", phone: body.phone ?? "", socialMedia: body.socialMedia ?? "",
            reporterName: body.reporter.name, reporterRelationship: body.reporter.relationship ?? "", reporterContact: body.reporter.contact)
        return MissingStore.NewReport(
            childID: child.id,
            newChild: child.id == nil && hasNewFields
                ? MissingStore.NewChild(
                    givenName: child.givenName ?? "", familyName: child.familyName ?? "",
                    dateOfBirth: child.dateOfBirth, estimatedAge: child.estimatedAge,
                    sex: child.sex ?? "") : nil,
            report: report, answers: try answers(body.assessment.answers),
            informantName: body.assessment.informant?.name ?? "", informantContact: body.assessment.informant?.contact ?? "",
            grade: try body.assessment.grade.map { try RiskGrade.parse($0) }, rationale: body.assessment.rationale ?? "",
            acknowledgedLanguage: body.acknowledged.union(body.assessment.acknowledged),
            subject: try MissingSubject.parse(body.subject))
    }

    static func answers(_ bodies: [AnswerBody]) throws -> [RiskAnswer] {
        guard bodies.count <= 100 else { throw ValidationFailure("answers", "Send at most 100 answers") }
        return try bodies.map { body in
            let value = try RiskAnswerValue.parse(body.answer, field: "answers.\(body.question.prefix(60)).answer", name: "answer")
            return RiskAnswer(
                questionID: body.question, value: value, detail: body.detail ?? "", sourceName: body.source ?? "",
                sourceContact: body.contact ?? "", obtainedAt: body.obtainedAt, changeReason: body.changeReason ?? "")
        }
    }

    static func contact(_ body: ContactBody) throws -> AgencyContact {
        let agency = try Agency.parse(body.agency, field: "agency")
        let method = try ContactMethod.parse(body.method, field: "method")
        return AgencyContact(
            id: "", episodeID: "", agency: agency, organisation: body.organisation, personName: body.personName,
            at: body.at, method: method, summary: body.summary, reference: body.reference ?? "",
            notifiesLocalAuthority: body.notifiesLocalAuthority ?? false, recordedBy: "", recordedAt: Date())
    }

    static func profile(_ b: ProfileBody, id: String, now: Date) throws -> ChildProfile {
        var flags: Set<ExploitationFlag> = []
        for text in b.exploitationFlags ?? [] {
            guard let flag = ExploitationFlag(rawValue: text) else {
                throw ValidationFailure(
                    "exploitationFlags",
                    "exploitationFlags may hold: "
                        + ExploitationFlag.acceptedValues)
            }
            flags.insert(flag)
        }
        return ChildProfile(
            personID: id, aliases: b.aliases ?? [], estimatedAge: b.estimatedAge, sex: b.sex ?? "",
            description: b.description ?? "", homeAddress: b.homeAddress ?? "", homePostcode: b.homePostcode,
            placementAddress: b.placementAddress ?? "", placementPostcode: b.placementPostcode, school: b.school ?? "",
            lookedAfter: b.lookedAfter ?? false, responsibleAuthority: b.responsibleAuthority ?? "",
            placement: b.placement ?? "", placedOutOfArea: b.placedOutOfArea ?? false,
            hostAuthority: b.hostAuthority ?? "", childProtectionPlan: b.childProtectionPlan ?? false,
            exploitationFlags: flags, wishes: b.wishes ?? "", updatedAt: now, updatedBy: "")
    }
}
