import Foundation
import LanternCore
import LanternStore

// What the domestic abuse API reads: each body turns itself into Core's types, naming the field of any bad value.

extension DomesticAbuseAPI {
    struct ReportBody: Decodable, AcknowledgesLanguage {
        struct Adult: Decodable {
            var personId: String
            var role: String
        }
        struct Child: Decodable {
            var childId: String
            var presence: String
            var voice: String?
        }
        var occurredAt: Date
        var address: String
        var postcode: String?
        var whatHappened: String
        var attendedBy: [String]
        var adults: [Adult]
        var children: [Child]
        var acknowledgedLanguage: [String]?

        func report() throws -> IncidentReport {
            IncidentReport(
                occurredAt: occurredAt, address: address, postcode: postcode, whatHappened: whatHappened, attendedBy: attendedBy,
                adults: try adults.map { IncidentAdult(personID: $0.personId, role: try .parse($0.role, field: "adults", name: "role")) },
                children: try children.map {
                    IncidentChild(childID: $0.childId, presence: try .parse($0.presence, field: "children", name: "presence"), voice: $0.voice ?? "")
                })
        }
    }

    struct AssessmentBody: Decodable, AcknowledgesLanguage {
        struct Judgement: Decodable {
            var raisesTo: String
            var reason: String
        }
        var victimId: String
        /// Question id to "yes", "no" or "not-known"; a question left out is not known.
        var answers: [String: String]
        var judgement: Judgement?
        var acknowledgedLanguage: [String]?

        func submission() throws -> DashSubmission {
            var parsed: [String: DashAnswer] = [:]
            for (question, answer) in answers {
                parsed[question] = try .parse(answer, field: "answers", name: "answers.\(question.prefix(40))")
            }
            return DashSubmission(
                answers: parsed,
                judgement: try judgement.map {
                    ProfessionalJudgement(raisesTo: try DashGrade.parse($0.raisesTo, field: "judgement.raisesTo"), reason: $0.reason)
                })
        }
    }

    struct SentBody: Decodable, AcknowledgesLanguage {
        var keyAdult: String
        var shared: String
        var sentAt: Date
        var version: Int
        var acknowledgedLanguage: [String]?
    }

    struct NotSentBody: Decodable, AcknowledgesLanguage {
        var reason: String
        var note: String
        var version: Int
        var acknowledgedLanguage: [String]?
    }

    struct ReferredBody: Decodable {
        var referredAt: Date
        var version: Int
    }

    struct MeetingBody: Decodable {
        var meetingAt: Date
        var version: Int
    }

    struct ActionBody: Decodable, AcknowledgesLanguage {
        var action: String
        var owner: String
        var dueAt: Date
        var version: Int
        var acknowledgedLanguage: [String]?
    }

    struct DoneBody: Decodable {
        var doneAt: Date
        var version: Int
    }

    struct SchoolBody: Decodable {
        var name: String
        var keyAdult: String
        var contact: String
    }

    struct ChildSchoolBody: Decodable {
        var schoolId: String
    }

    struct SocialCareBody: Decodable, AcknowledgesLanguage {
        var childId: String
        var kind: String
        var agency: String
        var organisation: String
        var personName: String
        var at: Date
        var method: String
        var summary: String
        var reference: String?
        var acknowledgedLanguage: [String]?

        func contact() throws -> ChildSocialCareContact {
            ChildSocialCareContact(
                childID: childId, kind: try .parse(kind, field: "kind"), agency: try .parse(agency, field: "agency"), organisation: organisation,
                personName: personName, at: at, method: try .parse(method, field: "method"), summary: summary, reference: reference ?? "")
        }
    }

    struct TermsBody: Decodable {
        var version: Int
        var periods: [SchoolTerms.Term]
    }
}
