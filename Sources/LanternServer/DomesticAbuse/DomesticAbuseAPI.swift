import Foundation
import Hummingbird
import LanternCore
import LanternStore

/// `/api/v1/domestic-abuse/...`: incidents with children, DASH, MARAC, Operation Encompass and schools. Every call
/// is checked and logged by the store.
struct DomesticAbuseAPI {
    let store: Store

    var rules: DomesticAbuseRules { store.domesticAbuse.rules }

    func add(to group: RouterGroup<LanternRequestContext>) {
        group.get("/domestic-abuse/rules", use: checklist)
        group.post("/domestic-abuse/incidents", use: report)
        group.get("/domestic-abuse/incidents/{id}", use: incident)
        group.post("/domestic-abuse/incidents/{id}/assessments", use: assess)
        group.post("/domestic-abuse/incidents/{id}/social-care", use: tellSocialCare)
        group.post("/domestic-abuse/encompass/{id}/sent", use: encompassSent)
        group.post("/domestic-abuse/encompass/{id}/not-sent", use: encompassNotSent)
        group.post("/domestic-abuse/marac/{id}/referred", use: maracReferred)
        group.post("/domestic-abuse/marac/{id}/meeting", use: maracMeeting)
        group.post("/domestic-abuse/marac/{id}/actions", use: addMaracAction)
        group.post("/domestic-abuse/marac/{id}/actions/{actionId}/done", use: completeMaracAction)
        group.get("/domestic-abuse/school-terms", use: schoolTerms)
        group.put("/domestic-abuse/school-terms", use: setSchoolTerms)
        group.get("/domestic-abuse/schools", use: schools)
        group.post("/domestic-abuse/schools", use: addSchool)
        group.post("/children/{id}/school", use: setSchool)
        group.get("/domestic-abuse/queues/awaiting-dash", use: awaitingAssessment)
        group.get("/domestic-abuse/queues/marac-due", use: maracDue)
        group.get("/domestic-abuse/queues/encompass-due", use: encompassDue)
        group.get("/domestic-abuse/queues/social-care-gaps", use: socialCareGaps)
    }

    /// `GET /api/v1/domestic-abuse/rules`: the checklist, its bands and the Encompass exceptions, to build a form.
    @Sendable func checklist(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(ChecklistOut(rules))
    }

    /// `POST /api/v1/domestic-abuse/incidents`: an incident with its adults and children.
    @Sendable func report(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(ReportBody.self, request: request, context: context, spelling: .apiIds, location: Self.location(of:)) { body in
            let record = try await store.domesticAbuse.report(
                try body.report(), acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
            return IncidentOut(record, rules: rules, now: store.clock.now())
        }
    }

    /// Where a new incident can be read.
    static func location(of incident: IncidentOut) -> String { incident.location }

    /// `GET /api/v1/domestic-abuse/incidents/{id}?purpose=`: the whole incident, a purposed consultation.
    @Sendable func incident(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = try PeopleAPI.purpose(request.uri.queryParameters["purpose"].map(String.init), required: true)
        let note = request.uri.queryParameters["purposeNote"].map(String.init) ?? ""
        let record = try await store.domesticAbuse.incident(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        return try JSONBody.response(IncidentOut(record, rules: rules, now: store.clock.now()), spelling: .apiIds)
    }

    /// `POST /api/v1/domestic-abuse/incidents/{id}/assessments`: the victim's DASH (or DARA) checklist.
    @Sendable func assess(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(AssessmentBody.self, request: request, context: context) { id, body in
            try await store.domesticAbuse.assess(
                id, victimID: body.victimId, submission: try body.submission(), acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/domestic-abuse/incidents/{id}/social-care`: a child referred or notified to children's social care.
    @Sendable func tellSocialCare(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(SocialCareBody.self, request: request, context: context) { id, body in
            try await store.domesticAbuse.recordSocialCareContact(
                id, try body.contact(), acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/domestic-abuse/encompass/{id}/sent`: the child's school told.
    @Sendable func encompassSent(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(SentBody.self, request: request, context: context, status: .ok) { id, body in
            try await store.domesticAbuse.encompassSent(
                id, keyAdult: body.keyAdult, shared: body.shared, sentAt: body.sentAt, version: body.version,
                acknowledgedLanguage: body.acknowledged, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/domestic-abuse/encompass/{id}/not-sent`: why the school was not told.
    @Sendable func encompassNotSent(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(NotSentBody.self, request: request, context: context, status: .ok) { id, body in
            try await store.domesticAbuse.encompassNotSent(
                id, reason: body.reason, note: body.note, version: body.version, acknowledgedLanguage: body.acknowledged,
                context: try context.accessContext())
        }
    }

    /// `POST /api/v1/domestic-abuse/marac/{id}/referred`: the referral made; its clock stops.
    @Sendable func maracReferred(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ReferredBody.self, request: request, context: context, status: .ok) { id, body in
            Self.maracOut(
                try await store.domesticAbuse.maracReferred(id, at: body.referredAt, version: body.version, context: try context.accessContext()),
                rules: rules, now: store.clock.now())
        }
    }

    /// `POST /api/v1/domestic-abuse/marac/{id}/meeting`: the date of the meeting that hears the case.
    @Sendable func maracMeeting(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(MeetingBody.self, request: request, context: context, status: .ok) { id, body in
            Self.maracOut(
                try await store.domesticAbuse.maracMeeting(id, at: body.meetingAt, version: body.version, context: try context.accessContext()),
                rules: rules, now: store.clock.now())
        }
    }

    /// `POST /api/v1/domestic-abuse/marac/{id}/actions`: an action the meeting agreed.
    @Sendable func addMaracAction(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(ActionBody.self, request: request, context: context) { id, body in
            Self.maracOut(
                try await store.domesticAbuse.addMaracAction(
                    id, action: body.action, owner: body.owner, dueAt: body.dueAt, version: body.version,
                    acknowledgedLanguage: body.acknowledged, context: try context.accessContext()),
                rules: rules, now: store.clock.now())
        }
    }

    /// `POST /api/v1/domestic-abuse/marac/{id}/actions/{actionId}/done`: an agreed action done.
    @Sendable func completeMaracAction(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.write(DoneBody.self, request: request, context: context, status: .ok) { id, body in
            Self.maracOut(
                try await store.domesticAbuse.completeMaracAction(
                    id, actionID: try context.parameters.require("actionId"), doneAt: body.doneAt, version: body.version,
                    context: try context.accessContext()),
                rules: rules, now: store.clock.now())
        }
    }

    /// `GET /api/v1/domestic-abuse/school-terms`: the term dates Operation Encompass deadlines come from.
    @Sendable func schoolTerms(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(TermsOut(try await store.domesticAbuse.schoolTerms()))
    }

    /// `PUT /api/v1/domestic-abuse/school-terms`: the force's term dates, as a new version.
    @Sendable func setSchoolTerms(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let body = try await context.decode(TermsBody.self, from: request)
        let set = try await store.domesticAbuse.setSchoolTerms(body.periods, version: body.version, context: try context.accessContext())
        return try JSONBody.response(TermsOut(set))
    }

    /// `GET /api/v1/domestic-abuse/schools`: the schools Operation Encompass tells.
    @Sendable func schools(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(["schools": try await store.domesticAbuse.schools()])
    }

    /// `POST /api/v1/domestic-abuse/schools`: a school with its key adult.
    @Sendable func addSchool(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.create(SchoolBody.self, request: request, context: context, spelling: .apiIds) { body in
            try await store.domesticAbuse.addSchool(
                name: body.name, keyAdult: body.keyAdult, contact: body.contact, context: try context.accessContext())
        }
    }

    /// `POST /api/v1/children/{id}/school`: the school a child attends; open notifications without one take it.
    @Sendable func setSchool(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try await JSONBody.apply(ChildSchoolBody.self, request: request, context: context) { id, body in
            try await store.domesticAbuse.setSchool(of: id, schoolID: body.schoolId, context: try context.accessContext())
        }
    }

    /// `GET /api/v1/domestic-abuse/queues/awaiting-dash`: incidents with no assessment yet, oldest first.
    @Sendable func awaitingAssessment(_ request: Request, context: LanternRequestContext) async throws -> Response {
        try JSONBody.response(
            ["incidents": try await store.domesticAbuse.awaitingAssessment(context: try context.accessContext())], spelling: .apiIds)
    }

    /// `GET /api/v1/domestic-abuse/queues/marac-due`: referrals not yet made, soonest due first, with their clocks.
    @Sendable func maracDue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let due = try await store.domesticAbuse.maracDue(context: try context.accessContext())
        let now = store.clock.now()
        return try JSONBody.response(["referrals": due.map { Self.maracOut($0, rules: rules, now: now) }], spelling: .apiIds)
    }

    /// `GET /api/v1/domestic-abuse/queues/encompass-due`: notifications not yet settled, soonest due first.
    @Sendable func encompassDue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let due = try await store.domesticAbuse.encompassDue(context: try context.accessContext())
        return try JSONBody.response(["notifications": due.map(Self.encompassDueOut)], spelling: .apiIds)
    }

    /// `GET /api/v1/domestic-abuse/queues/social-care-gaps`: children at incidents whose local authority was not told.
    @Sendable func socialCareGaps(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let gaps = try await store.domesticAbuse.socialCareGaps(context: try context.accessContext())
        return try JSONBody.response(["children": gaps.map(GapOut.init)])
    }
}
