import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// A domestic abuse incident's page: the event, the adults, each child with how they were there and their
/// voice, repeat incidents, every DASH assessment with its reasons, MARAC referrals and each child's Operation
/// Encompass notification. It names children, so it is a purposed consultation like a child's page.
struct IncidentPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/domestic-abuse/incidents/{id}", use: incident)
    }

    /// The incident, or the purpose question when no purpose was given.
    @Sendable func incident(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let note = request.uri.queryParameters["note"].map(String.init) ?? ""
        let record: IncidentRecord
        do {
            record = try await store.domesticAbuse.incident(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        } catch is PurposeRequired {
            return PurposeQuestion.page(pages, request, context)
        }
        return page(record, purpose: purpose, notice: request.uri.queryParameters["saved"].map(String.init) ?? "", context: context)
    }

    func page(_ r: IncidentRecord, purpose: AccessPurpose?, notice: String, context: LanternRequestContext) -> Response {
        let i = r.incident
        let purposeCode = purpose?.rawValue ?? AccessPurpose.domesticAbuse.rawValue
        let canWork =
            context.session.map { store.policy.decide($0.actor, .workDomesticAbuse, onAll: r.people.values.map(\.scope)).isAllowed } ?? false
        let name = { (id: String) in r.people[id]?.displayName ?? "Unknown person" }
        let base = "/domestic-abuse/incidents/\(i.id)"
        let data: [String: Any] = [
            "id": i.id, "reference": i.reference, "notice": notice, "purpose": purposeCode, "purposeTitle": purpose?.title ?? "",
            "occurredAt": UKTime.show(i.report.occurredAt), "address": i.report.address, "postcode": i.report.postcode ?? "",
            "whatHappened": i.report.whatHappened, "attendedBy": i.report.attendedBy.joined(separator: ", "),
            "recordedAt": UKTime.show(i.createdAt), "canWork": canWork,
            "gradeTitle": r.currentAssessment?.result.grade.title ?? "",
            "gradeClass": r.currentAssessment.map { Self.gradeClass($0.result.grade) } ?? "",
            "adults": i.report.adults.map { a -> [String: Any] in
                [
                    "name": name(a.personID), "href": "/people/\(a.personID)?purpose=\(purposeCode)", "role": a.role.title,
                    "dashHref": canWork && a.role == .victim ? "\(base)/dash?victim=\(a.personID)&purpose=\(purposeCode)" : "",
                ]
            },
            "children": i.report.children.map { c -> [String: Any] in
                [
                    "name": name(c.childID), "href": "/children/\(c.childID)?purpose=\(purposeCode)", "presence": c.presence.title,
                    "voice": c.voice, "socialCare": Self.socialCareText(r.socialCare.filter { $0.childID == c.childID }),
                    "socialCareHref": canWork ? "\(base)/social-care?child=\(c.childID)&purpose=\(purposeCode)" : "",
                ]
            },
            "sameAddress": r.repeats.sameAddress.joined(separator: ", "), "sameAdults": r.repeats.sameAdults.joined(separator: ", "),
            "isRepeat": r.repeats.isRepeat, "repeatMonths": store.domesticAbuse.rules.repeatIncident.withinMonths,
            "assessments": r.assessments.map { Self.assessmentRow($0, victim: name($0.victimID)) }, "hasAssessments": !r.assessments.isEmpty,
            "marac": r.marac.map {
                Self.maracRow($0, victim: name($0.victimID), now: store.clock.now(), links: canWork ? (base, purposeCode) : nil)
            },
            "hasMarac": !r.marac.isEmpty,
            "encompass": r.encompass.map {
                encompassRow(
                    $0, child: name($0.childID), school: $0.schoolID.flatMap { r.schools[$0] }, base: base,
                    canWork: canWork, purpose: purposeCode)
            },
            "hasEncompass": !r.encompass.isEmpty,
        ]
        return pages.render("incident", title: "Domestic abuse incident \(i.reference)", data: data, context: context)
    }

    static func gradeClass(_ grade: DashGrade) -> String {
        switch grade {
        case .high: "tag--red"
        case .medium: "tag--orange"
        case .standard: ""
        }
    }

    /// One assessment, kept with its reasons when the checklist is re-done.
    static func assessmentRow(_ a: RecordedDashAssessment, victim: String) -> [String: Any] {
        [
            "at": UKTime.show(a.assessedAt), "by": a.assessedBy, "victim": victim, "grade": a.result.grade.title,
            "levelTag": gradeClass(a.result.grade), "tool": a.result.tool.uppercased(), "yes": a.result.yesCount,
            "notKnown": a.result.notKnownCount, "reasons": a.result.reasons, "prompts": a.result.prompts, "hasPrompts": !a.result.prompts.isEmpty,
            "marac": a.result.referToMARAC,
        ]
    }

    /// A referral, with the links to its next steps when the reader may work it (`links`: the incident's path and purpose).
    static func maracRow(_ m: MaracReferral, victim: String, now: Date, links: (base: String, purpose: String)?) -> [String: Any] {
        let step = { (path: String, show: Bool) -> String in
            guard let links, show else { return "" }
            return "\(links.base)/marac/\(m.id)/\(path)?version=\(m.version)&purpose=\(links.purpose)"
        }
        return [
            "victim": victim, "due": UKTime.show(m.dueAt), "overdue": m.referredAt == nil && m.dueAt < now,
            "referred": m.referredAt.map(UKTime.show) ?? "", "isRepeat": m.isRepeat, "why": m.why,
            "meeting": m.meetingAt.map(UKTime.show) ?? "",
            "actions": m.actions.map { a -> [String: Any] in
                [
                    "action": a.action, "owner": a.owner, "due": UKTime.show(a.dueAt), "done": a.doneAt.map(UKTime.show) ?? "",
                    "doneHref": step("actions/\(a.id)/done", a.doneAt == nil),
                ]
            },
            "hasActions": !m.actions.isEmpty, "referredHref": step("referred", m.referredAt == nil),
            "meetingHref": step("meeting", m.referredAt != nil), "actionHref": step("actions", m.meetingAt != nil),
        ]
    }

    /// A child's referrals and notifications to children's social care, in words.
    static func socialCareText(_ contacts: [ChildSocialCareContact]) -> String {
        contacts.map { "\($0.kind.title) to \($0.organisation), \(UKTime.show($0.at)) by \($0.recordedBy)" }.joined(separator: "; ")
    }

    /// A notification's state as words and a tag: sent (late or not), not sent and why, due, or overdue and how far it has climbed.
    func stateText(_ n: EncompassNotification) -> (text: String, tag: String) {
        let rules = store.domesticAbuse.rules
        switch Encompass.state(of: n, at: store.clock.now(), rules: rules.encompass) {
        case .sent(let late): return ("Told \(UKTime.show(n.sentAt ?? n.dueAt))" + (late ? ": late" : ""), late ? "tag--orange" : "tag--green")
        case .notSent(let reason): return ("Not told: " + (rules.notSentReason(reason)?.title ?? reason), "tag--grey")
        case .due: return ("Due by " + UKTime.show(n.dueAt), "")
        case .overdue(let by, let level): return ("Overdue by \(UKTime.duration(by)): " + Self.escalation(level), "tag--red")
        }
    }

    /// "escalated to sergeant": the rank an overdue notification has climbed to, one rank above a constable per interval.
    static func escalation(_ level: Int) -> String {
        let ranks = Rank.allCases
        let constable = ranks.firstIndex(of: .constable) ?? 0
        return "escalated to \(ranks[min(ranks.count - 1, constable + max(1, level))].title.lowercased())"
    }

    func encompassRow(
        _ n: EncompassNotification, child: String, school: School?, base: String, canWork: Bool, purpose: String
    ) -> [String: Any] {
        let state = stateText(n)
        let open = canWork && !n.isSettled
        return [
            "child": child, "school": school.map { "\($0.name) (key adult: \($0.keyAdult), \($0.contact))" } ?? "School not recorded",
            "state": state.text, "stateTag": state.tag, "keyAdult": n.keyAdult ?? "", "shared": n.shared ?? "", "sentBy": n.sentBy ?? "",
            "note": n.notSentNote ?? "",
            "sentHref": open ? "\(base)/encompass/\(n.id)/sent?version=\(n.version)&purpose=\(purpose)" : "",
            "schoolHref": open && school == nil ? "\(base)/school?child=\(n.childID)&purpose=\(purpose)" : "",
            "notSentHref": open ? "\(base)/encompass/\(n.id)/not-sent?version=\(n.version)&purpose=\(purpose)" : "",
        ]
    }

    /// One incident on a child's page: how the child was there and the level acted on.
    static func childIncidentRow(_ c: ChildIncident, purpose: AccessPurpose?) -> [String: Any] {
        [
            "href": "/domestic-abuse/incidents/\(c.summary.id)?purpose=\((purpose ?? .domesticAbuse).rawValue)", "reference": c.summary.reference,
            "occurredAt": UKTime.show(c.summary.occurredAt), "address": c.summary.address, "presence": c.presence.title,
            "level": c.summary.grade?.title ?? "Not yet assessed",
        ]
    }
}
