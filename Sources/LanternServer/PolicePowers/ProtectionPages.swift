import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// Police protection's pages: the record (the grounds, where the child is, the 72-hour clock, the s46 duties as a
/// checklist, the designated officer and the ending), a purposed consultation like a child's page; and the queue of
/// children in police protection now, the soonest to expire first.
struct ProtectionPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/police-protection", use: inProtectionNow)
        router.get("/police-protection/{id}", use: protection)
    }

    static func href(_ id: String, purpose: AccessPurpose = .policePowers) -> String { "/police-protection/\(id)?purpose=\(purpose.rawValue)" }

    /// The record, or the purpose question when no purpose was given.
    @Sendable func protection(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let note = request.uri.queryParameters["note"].map(String.init) ?? ""
        let record: PoliceProtectionRecord
        do {
            record = try await store.policePowers.protection(id, purpose: purpose, purposeNote: note, context: try context.accessContext())
        } catch is PurposeRequired {
            return PurposeQuestion.page(pages, request, context)
        }
        return page(record, purpose: purpose, notice: request.uri.queryParameters["saved"].map(String.init) ?? "", context: context)
    }

    func page(_ r: PoliceProtectionRecord, purpose: AccessPurpose?, notice: String, context: LanternRequestContext) -> Response {
        let p = r.protection
        let purposeCode = purpose?.rawValue ?? AccessPurpose.policePowers.rawValue
        let open = p.ending == nil && (context.session.map { store.policy.roleMay($0.actor.role, .usePolicePowers) } ?? false)
        let base = "/police-protection/\(p.id)"
        let query = "version=\(p.version)&purpose=\(purposeCode)"
        let clock = Self.clockText(r.state)
        let data: [String: Any] = [
            "id": p.id, "reference": r.reference, "notice": notice, "purpose": purposeCode, "purposeTitle": purpose?.title ?? "",
            "child": r.childName, "childHref": "/children/\(p.childID)?purpose=\(purposeCode)", "grounds": p.grounds,
            "power": p.power == .removed ? "Removed to suitable accommodation" : "Prevented from removal",
            "accommodation": ProtectionForms.title(p.accommodation.kind) + ": " + p.accommodation.place,
            "exceptionalReason": p.accommodation.exceptionalReason ?? "", "takenAt": UKTime.show(p.takenAt),
            "scene": PlaceAndPeopleFields.view(r.takenFrom, placeKey: "Taken from", peopleKey: "Adults there"),
            "expiresAt": UKTime.show(r.expiresAt), "clock": clock.text, "clockTag": clock.tag,
            "designatedOfficer": r.designatedOfficerName.map { "\($0), appointed \(UKTime.show(p.designatedOfficer!.appointedAt))" } ?? "",
            "designatedHref": open && p.designatedOfficer == nil ? "\(base)/designated-officer?\(query)" : "",
            "duties": r.checklist.map { item -> [String: Any] in
                [
                    "text": item.duty.text, "mandatory": item.duty.mandatory,
                    "done": item.done.map { "\($0.by), \(UKTime.show($0.at))" } ?? "", "note": item.done?.note ?? "",
                    "href": open && item.done == nil ? "\(base)/duties/\(item.duty.id)?\(query)" : "",
                ]
            },
            "ending": p.ending.map { e in
                (store.policePowers.rules.ending(e.code)?.title ?? e.code) + ", \(UKTime.show(e.at))" + (e.note.isEmpty ? "" : ": " + e.note)
            } ?? "",
            "endingHref": open ? "\(base)/ending?\(query)" : "",
        ]
        return pages.render("protection", title: "Police protection \(r.reference)", data: data, context: context)
    }

    /// The clock in words and a tag: hours left, escalating as expiry nears, expired with no ending, or ended.
    static func clockText(_ state: PoliceProtectionState) -> (text: String, tag: String) {
        switch state {
        case .running(let left): ("\(UKTime.duration(left)) left", "tag--green")
        case .endingDueSoon(let left, let level): ("\(UKTime.duration(left)) left: " + IncidentPages.escalation(level), "tag--orange")
        case .expired(let by, let level): ("Expired \(UKTime.duration(by)) ago with no ending: " + IncidentPages.escalation(level), "tag--red")
        case .ended: ("Ended", "tag--grey")
        }
    }

    /// Children in police protection now, the soonest to expire first.
    @Sendable func inProtectionNow(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.inProtectionNow(context: try context.accessContext())
        let rows = records.map { r -> [String: Any] in
            let clock = Self.clockText(r.state)
            return [
                "urgent": clock.tag == "tag--red",
                "cells": [
                    MissingPages.link(r.reference, Self.href(r.protection.id)), MissingPages.text(r.childName),
                    MissingPages.text(UKTime.show(r.protection.takenAt)),
                    MissingPages.text(UKTime.show(r.expiresAt)), MissingPages.tag(clock.text, clock.tag),
                    MissingPages.text(r.outstandingDuties.isEmpty ? "None" : "\(r.outstandingDuties.count) outstanding"),
                ],
            ]
        }
        return pages.render(
            "queue", title: "Children in police protection",
            data: [
                "section": "Police powers", "heading": "Children in police protection now",
                "caption": "\(records.count) child(ren) in police protection, the soonest to expire first",
                "headers": [
                    "Reference", "Child", "Taken", "Expires", "Clock", "Duties",
                ], "rows": rows, "hasRows": !rows.isEmpty, "empty": "No child is in police protection.", "liveURL": "",
                "updatedAt": UKTime.show(store.clock.now()),
                "tabs": CustodyPages.tabs(current: "/police-protection"),
                "recordHref": "",
            ], context: context)
    }

    /// A protection as a row on the child's page.
    static func childRow(_ r: PoliceProtectionRecord, purpose: AccessPurpose?) -> [String: Any] {
        let clock = clockText(r.state)
        return [
            "href": href(r.protection.id, purpose: purpose ?? .policePowers), "reference": r.reference, "takenAt": UKTime.show(r.protection.takenAt),
            "clock": clock.text, "clockTag": clock.tag, "place": r.protection.accommodation.place,
        ]
    }
}
