import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The domestic abuse queues: incidents awaiting a DASH checklist, MARAC referrals due, and Operation Encompass
/// notifications overdue or due today. Each row opens its incident; each queue's reading is logged by the store.
struct DomesticAbuseQueues {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/domestic-abuse", use: awaitingAssessment)
        router.get("/domestic-abuse/marac", use: maracDue)
        router.get("/domestic-abuse/encompass", use: encompassDue)
        router.get("/domestic-abuse/social-care", use: socialCareGaps)
    }

    static func incidentHref(_ id: String) -> String { "/domestic-abuse/incidents/\(id)?purpose=domestic-abuse" }

    /// Incidents with no DASH checklist yet, oldest first.
    @Sendable func awaitingAssessment(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.domesticAbuse.awaitingAssessment(context: try context.accessContext())
        let rows = items.map { i -> [String: Any] in
            [
                "cells": [
                    MissingPages.link(i.reference, Self.incidentHref(i.id)), MissingPages.text(UKTime.show(i.occurredAt)),
                    MissingPages.text(i.address), MissingPages.text("\(i.children)"),
                ]
            ]
        }
        return queue(
            context, current: "/domestic-abuse", heading: "Incidents awaiting DASH",
            caption: "\(items.count) incident(s) with no checklist yet, oldest first",
            headers: ["Incident", "When", "Where", "Children"], rows: rows, empty: "Every incident has a DASH checklist.")
    }

    /// MARAC referrals not yet made, soonest due first.
    @Sendable func maracDue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.domesticAbuse.maracDue(context: try context.accessContext())
        let now = store.clock.now()
        let rows = items.map { m -> [String: Any] in
            [
                "urgent": m.dueAt < now,
                "cells": [
                    MissingPages.link("Open the incident", Self.incidentHref(m.incidentID)),
                    m.dueAt < now
                        ? MissingPages.tag("Overdue: was due \(UKTime.show(m.dueAt))", "tag--red") : MissingPages.text(UKTime.show(m.dueAt)),
                    m.isRepeat ? MissingPages.tag("Repeat MARAC", "tag--red") : MissingPages.text("–"), MissingPages.text(m.why),
                ],
            ]
        }
        return queue(
            context, current: "/domestic-abuse/marac", heading: "MARAC referrals due",
            caption: "\(items.count) referral(s) to make, soonest due first",
            headers: ["Incident", "Due", "Repeat", "Why"], rows: rows, empty: "No MARAC referral is waiting to be made.")
    }

    /// Encompass notifications overdue or due before today ends (UK time), overdue first.
    @Sendable func encompassDue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let items = try await store.domesticAbuse.encompassDue(context: try context.accessContext())
        let now = store.clock.now()
        let endOfToday = UKTime.calendar.date(byAdding: .day, value: 1, to: UKTime.calendar.startOfDay(for: now)) ?? now
        let shown = items.filter { $0.notification.dueAt < endOfToday }
        let rows = shown.map { item -> [String: Any] in
            let state: [String: Any] =
                switch item.state {
                case .overdue(let by, let level):
                    MissingPages.tag("Overdue by \(UKTime.duration(by)): \(IncidentPages.escalation(level))", "tag--red")
                default: MissingPages.text("Due by \(UKTime.show(item.notification.dueAt))")
                }
            return [
                "urgent": item.notification.dueAt < now,
                "cells": [
                    MissingPages.link(item.incidentReference, Self.incidentHref(item.notification.incidentID)),
                    MissingPages.text(item.child.displayName), MissingPages.text(item.school?.name ?? "Not recorded"), state,
                ],
            ]
        }
        let later = items.count - shown.count
        return queue(
            context, current: "/domestic-abuse/encompass", heading: "Operation Encompass: schools to tell",
            caption: "\(shown.count) overdue or due today" + (later > 0 ? "; \(later) more due on a later school day" : ""),
            headers: ["Incident", "Child", "School", "State"], rows: rows, empty: "No school is waiting to be told today.")
    }

    /// Children at incidents whose local authority was not told: a data-quality queue, oldest incident first.
    @Sendable func socialCareGaps(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let gaps = try await store.domesticAbuse.socialCareGaps(context: try context.accessContext())
        let rows = gaps.map { gap -> [String: Any] in
            [
                "cells": [
                    MissingPages.link(gap.incidentReference, Self.incidentHref(gap.incidentID)), MissingPages.text(UKTime.show(gap.occurredAt)),
                    MissingPages.text(gap.child.displayName), MissingPages.text(gap.presence.title),
                ]
            ]
        }
        return queue(
            context, current: "/domestic-abuse/social-care", heading: "Children's social care not told",
            caption: "\(gaps.count) child(ren) at incidents with no referral or notification recorded, oldest first",
            headers: ["Incident", "When", "Child", "How they were there"], rows: rows,
            empty: "Every child at an incident has a referral or notification recorded.")
    }

    func queue(
        _ context: LanternRequestContext, current: String, heading: String, caption: String, headers: [String], rows: [[String: Any]],
        empty: String
    ) -> Response {
        let tabs = [
            ("/domestic-abuse", "Awaiting DASH"), ("/domestic-abuse/marac", "MARAC due"), ("/domestic-abuse/encompass", "Schools to tell"),
            ("/domestic-abuse/social-care", "Social care not told"),
        ]
        let mayRecord = context.session.map { store.policy.roleMay($0.actor.role, .recordDomesticAbuse) } ?? false
        return pages.render(
            "queue", title: heading,
            data: [
                "section": "Domestic abuse", "heading": heading, "caption": caption, "headers": headers, "rows": rows, "hasRows": !rows.isEmpty,
                "empty": empty, "liveURL": "", "updatedAt": UKTime.show(store.clock.now()),
                "tabs": tabs.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current] as [String: Any] },
                "recordHref": mayRecord ? "/domestic-abuse/incidents/new" : "",
            ], context: context)
    }
}
