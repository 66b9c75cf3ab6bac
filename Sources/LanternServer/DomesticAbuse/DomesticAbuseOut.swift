import Foundation
import LanternCore
import LanternStore

// What the domestic abuse API answers, in the API's spelling ("childId"): records with their clocks worked out
// at the moment of the answer, so a client never re-implements the rules.

extension DomesticAbuseAPI {
    /// Where a clock stands: `done` (sent or referred, `late` if after the deadline), `excepted` (not sent, with a
    /// recorded reason), `due` (minutes left) or `overdue` (minutes over and the escalation level reached).
    struct ClockOut: Encodable {
        var state: String
        var late: Bool?
        var minutesLeft: Int?
        var minutesOverdue: Int?
        var escalationLevel: Int?

        init(_ state: EncompassState) {
            switch state {
            case .sent(let late): self.init(state: "done", late: late)
            case .notSent: self.init(state: "excepted")
            case .due(let left): self.init(state: "due", minutesLeft: Int(left / 60))
            case .overdue(let by, let level): self.init(state: "overdue", minutesOverdue: Int(by / 60), escalationLevel: level)
            }
        }

        init(_ state: MaracState) {
            switch state {
            case .referred(let late): self.init(state: "done", late: late)
            case .due(let left): self.init(state: "due", minutesLeft: Int(left / 60))
            case .overdue(let by, let level): self.init(state: "overdue", minutesOverdue: Int(by / 60), escalationLevel: level)
            }
        }

        private init(state: String, late: Bool? = nil, minutesLeft: Int? = nil, minutesOverdue: Int? = nil, escalationLevel: Int? = nil) {
            self.state = state
            self.late = late
            self.minutesLeft = minutesLeft
            self.minutesOverdue = minutesOverdue
            self.escalationLevel = escalationLevel
        }
    }

    struct ClockField: Encodable {
        var clock: ClockOut
    }

    struct SchoolField: Encodable {
        var clock: ClockOut
        var school: School?
    }

    typealias MaracOut = Flat<MaracReferral, ClockField>
    typealias EncompassOut = Flat<EncompassNotification, SchoolField>

    struct EncompassDueField: Encodable {
        var clock: ClockOut
        var school: School?
        var incidentReference: String
        var childName: String
    }

    static func maracOut(_ referral: MaracReferral, rules: DomesticAbuseRules, now: Date) -> MaracOut {
        Flat(base: referral, extra: ClockField(clock: ClockOut(Marac.state(of: referral, at: now, rules: rules))))
    }

    static func encompassDueOut(_ item: EncompassQueueItem) -> Flat<EncompassNotification, EncompassDueField> {
        Flat(
            base: item.notification,
            extra: EncompassDueField(
                clock: ClockOut(item.state), school: item.school, incidentReference: item.incidentReference, childName: item.child.displayName))
    }

    /// The whole incident as its page shows it.
    struct IncidentOut: Encodable {
        struct Adult: Encodable {
            var personId: String
            var name: String
            var role: String
        }
        struct Child: Encodable {
            var childId: String
            var name: String
            var presence: String
            var voice: String
        }
        var id: String
        var reference: String
        var occurredAt: Date
        var address: String
        var postcode: String?
        var whatHappened: String
        var attendedBy: [String]
        var team: String
        var borough: String
        var createdAt: Date
        var version: Int
        var adults: [Adult]
        var children: [Child]
        var assessments: [RecordedDashAssessment]
        var marac: [MaracOut]
        var encompass: [EncompassOut]
        var repeats: RepeatIncidentMatch
        var socialCare: [ChildSocialCareContact]

        /// Where the incident can be read.
        var location: String { "/api/v1/domestic-abuse/incidents/\(id)" }

        init(_ r: IncidentRecord, rules: DomesticAbuseRules, now: Date) {
            let i = r.incident
            let name = { (id: String) in r.people[id]?.displayName ?? "" }
            (id, reference, occurredAt, address, postcode) = (i.id, i.reference, i.report.occurredAt, i.report.address, i.report.postcode)
            (whatHappened, attendedBy, team, borough) = (i.report.whatHappened, i.report.attendedBy, i.team, i.borough)
            (createdAt, version) = (i.createdAt, i.version)
            adults = i.report.adults.map { Adult(personId: $0.personID, name: name($0.personID), role: $0.role.rawValue) }
            children = i.report.children.map {
                Child(childId: $0.childID, name: name($0.childID), presence: $0.presence.rawValue, voice: $0.voice)
            }
            assessments = r.assessments
            marac = r.marac.map { DomesticAbuseAPI.maracOut($0, rules: rules, now: now) }
            encompass = r.encompass.map {
                Flat(
                    base: $0,
                    extra: SchoolField(
                        clock: ClockOut(Encompass.state(of: $0, at: now, rules: rules.encompass)), school: $0.schoolID.flatMap { r.schools[$0] }))
            }
            repeats = r.repeats
            socialCare = r.socialCare
        }
    }

    /// A child whose local authority was not told of the incident.
    struct GapOut: Encodable {
        var incidentId: String
        var incidentReference: String
        var occurredAt: Date
        var childId: String
        var childName: String
        var presence: String

        init(_ gap: SocialCareGap) {
            (incidentId, incidentReference, occurredAt) = (gap.incidentID, gap.incidentReference, gap.occurredAt)
            (childId, childName, presence) = (gap.child.id, gap.child.displayName, gap.presence.rawValue)
        }
    }

    /// The force's term dates and their version (0: the pack's default).
    struct TermsOut: Encodable {
        var version: Int
        var periods: [SchoolTerms.Term]
        var source: String
        var checked: String

        init(_ setting: SchoolTermsSetting) {
            (version, periods, source, checked) = (setting.version, setting.terms.periods, setting.terms.source, setting.terms.checked)
        }
    }

    /// The checklist and the choices a client needs to build the forms.
    struct ChecklistOut: Encodable {
        struct Question: Encodable {
            var id: String
            var text: String
        }
        struct Band: Encodable {
            var grade: String
            var atLeastYes: Int
        }
        struct Reason: Encodable {
            var code: String
            var title: String
            var needsSupervisor: Bool
        }
        var tool: String
        var version: Int
        var questions: [Question]
        var bands: [Band]
        var judgementReasonMinimum: Int
        var notSentReasons: [Reason]

        init(_ rules: DomesticAbuseRules) {
            (tool, version) = (rules.tool, rules.version)
            questions = rules.questions.map { Question(id: $0.id, text: $0.text) }
            bands = rules.bands.map { Band(grade: $0.grade.rawValue, atLeastYes: $0.atLeastYes) }
            judgementReasonMinimum = rules.professionalJudgement.reasonMinimum
            notSentReasons = rules.encompass.notSentReasons.map {
                Reason(code: $0.code, title: $0.title, needsSupervisor: $0.needsSupervisor ?? false)
            }
        }
    }
}
