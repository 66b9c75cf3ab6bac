import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// A child's detention in custody: who was told, the appropriate adult and how long the child waited, the searches,
/// the s38(6) transfer with its clock and the certificate for the court; a purposed consultation like a child's page.
/// And the queue of children in custody now, the longest held first.
struct CustodyPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/custody", use: inCustodyNow)
        router.get("/custody/overnight", use: overnightAndCertified)
        router.get("/custody/{id}", use: detention)
    }

    static func href(_ id: String, purpose: AccessPurpose = .policePowers) -> String { "/custody/\(id)?purpose=\(purpose.rawValue)" }

    /// The record, or the purpose question when no purpose was given.
    @Sendable func detention(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let purpose = request.uri.queryParameters["purpose"].map(String.init).flatMap(AccessPurpose.init(rawValue:))
        let record: CustodyRecord
        do {
            record = try await store.policePowers.detention(
                id, purpose: purpose, purposeNote: request.uri.queryParameters["note"].map(String.init) ?? "", context: try context.accessContext())
        } catch is PurposeRequired {
            return PurposeQuestion.page(pages, request, context)
        }
        return page(record, purpose: purpose, notice: request.uri.queryParameters["saved"].map(String.init) ?? "", context: context)
    }

    func page(_ r: CustodyRecord, purpose: AccessPurpose?, notice: String, context: LanternRequestContext) -> Response {
        let d = r.detention
        let purposeCode = purpose?.rawValue ?? AccessPurpose.policePowers.rawValue
        let open = d.releasedAt == nil && (context.session.map { store.policy.roleMay($0.actor.role, .usePolicePowers) } ?? false)
        let link = { (path: String, show: Bool) in open && show ? "/custody/\(d.id)/\(path)?version=\(d.version)&purpose=\(purposeCode)" : "" }
        let transfer = Self.transferText(r)
        let adult = d.appropriateAdult.map { a in
            "\(a.name) (\(a.relationship.rawValue.replacingOccurrences(of: "-", with: " "))), asked for \(UKTime.show(a.requestedAt))"
                + (a.arrivedAt.map { ", arrived \(UKTime.show($0))" } ?? ": not yet arrived")
        }
        let data: [String: Any] = [
            "reference": r.reference, "notice": notice, "purposeTitle": purpose?.title ?? "", "child": r.childName,
            "childHref": "/children/\(d.childID)?purpose=\(purposeCode)", "custodyRecord": d.custodyRecord, "detainedAt": UKTime.show(d.detainedAt),
            "scene": PlaceAndPeopleFields.view(r.arrest, placeKey: "Arrested at", peopleKey: "Arrested with"),
            "age": d.ageWhenDetained.map { "\($0)" } ?? "Not known: treated as a child because they appear under 18",
            "girl": d.isGirl ? "Yes: in the care of \(d.womanInCare ?? "")" : "", "released": d.releasedAt.map(UKTime.show) ?? "",
            "welfare": d.welfareInformedAt.map { "\(d.welfarePerson ?? ""), told \(UKTime.show($0))" } ?? "",
            "welfareHref": link("welfare", d.welfareInformedAt == nil), "adult": adult ?? "",
            "adultWait": r.appropriateAdultWait.map(UKTime.duration) ?? "",
            "adultHref": link("appropriate-adult", d.appropriateAdult?.arrivedAt == nil),
            "searches": d.searches.map { s -> [String: Any] in
                [
                    "kind": s.kind.rawValue, "at": UKTime.show(s.at), "by": s.by,
                    "adult": s.appropriateAdultPresent ? "Present" : "Not present: urgent (\(s.urgentException?.supervisor ?? ""))",
                    "reason": s.urgentException?.reason ?? "",
                ]
            },
            "hasSearches": !d.searches.isEmpty, "searchHref": link("search", true), "transfer": transfer.text, "transferTag": transfer.tag,
            "bailHref": link("transfer/bail-refused", d.transfer == nil),
            "requestHref": link("transfer/requested", d.transfer != nil && d.transfer?.answer == nil && d.transfer?.certificate == nil),
            "transferredHref": link("transfer/transferred", d.transfer != nil && d.transfer?.transferredAt == nil && d.transfer?.certificate == nil),
            "certificateHref": link("transfer/certificate", d.transfer != nil && d.transfer?.transferredAt == nil && d.transfer?.certificate == nil),
            "certificate": r.certificate ?? "", "releaseHref": link("release", true),
        ]
        return pages.render("custody", title: "Child in custody \(r.reference)", data: data, context: context)
    }

    /// The transfer in words and a tag: not yet due, waiting (and how far it has climbed), transferred or certified.
    static func transferText(_ r: CustodyRecord) -> (text: String, tag: String) {
        guard let state = r.transferState else { return ("Not charged with bail refused", "") }
        let night = r.heldOvernight ? "; held overnight" : ""
        switch state {
        case .transferred(let at, let after):
            return ("Transferred \(UKTime.show(at)), \(UKTime.duration(after)) after bail was refused" + night, "tag--green")
        case .certified(let ground, let at):
            return ("Certified \(UKTime.show(at)): \(ground.rawValue.replacingOccurrences(of: "-", with: " "))" + night, "tag--grey")
        case .waiting(let waiting, let since, let level):
            let text = "Waiting for the \(waiting.rawValue), \(UKTime.duration(since)) since bail was refused" + night
            return level == 0 ? (text, "tag--orange") : (text + ": " + IncidentPages.escalation(level), "tag--red")
        }
    }

    /// Children in custody now, the longest held first.
    @Sendable func inCustodyNow(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.inCustodyNow(context: try context.accessContext())
        let rows = records.map { r -> [String: Any] in
            let transfer = Self.transferText(r)
            let adult = r.detention.appropriateAdult == nil ? "Not asked for" : r.detention.appropriateAdult?.arrivedAt == nil ? "Awaited" : "Arrived"
            return [
                "urgent": transfer.tag == "tag--red",
                "cells": [
                    MissingPages.link(r.reference, Self.href(r.detention.id)), MissingPages.text(r.childName),
                    MissingPages.text(UKTime.show(r.detention.detainedAt)),
                    MissingPages.text(adult + (r.appropriateAdultWait.map { " (\(UKTime.duration($0)))" } ?? "")),
                    MissingPages.tag(transfer.text, transfer.tag),
                ],
            ]
        }
        return pages.render(
            "queue", title: "Children in custody",
            data: [
                "section": "Police powers", "heading": "Children in custody now",
                "caption": "\(records.count) child(ren) in custody, the longest held first",
                "headers": ["Reference", "Child", "Detained", "Appropriate adult", "Transfer"], "rows": rows, "hasRows": !rows.isEmpty,
                "empty": "No child is in custody.", "liveURL": "", "updatedAt": UKTime.show(store.clock.now()),
                "tabs": Self.tabs(current: "/custody"),
                "recordHref": "",
            ], context: context)
    }

    static let tabs = [("/police-protection", "Police protection"), ("/custody", "Custody"), ("/custody/overnight", "Held overnight or certified")]

    static func tabs(current: String) -> [[String: Any]] { tabs.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current] } }

    /// The Concordat's figures: children held overnight after bail was refused, and every certificate, in the last year.
    @Sendable func overnightAndCertified(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let (records, months) = try await store.policePowers.overnightAndCertified(context: try context.accessContext())
        let rows = records.map { r -> [String: Any] in
            [
                "cells": [
                    MissingPages.link(r.reference, Self.href(r.detention.id)), MissingPages.text(r.childName),
                    MissingPages.text(r.detention.transfer.map { UKTime.show($0.bailRefusedAt) } ?? ""),
                    MissingPages.text(r.heldOvernight ? "Yes" : "No"), MissingPages.tag(Self.transferText(r).text, Self.transferText(r).tag),
                ]
            ]
        }
        let figures = months.map { "\($0.month): \($0.refusedBail) refused bail, \($0.heldOvernight) held overnight, \($0.certified) certified" }
        return pages.render(
            "queue", title: "Children held overnight or certified",
            data: [
                "section": "Police powers", "heading": "Children held overnight or certified",
                "caption": "\(records.count) in the last year. By month: " + (figures.isEmpty ? "none" : figures.joined(separator: "; ")),
                "headers": ["Reference", "Child", "Bail refused", "Held overnight", "Transfer"], "rows": rows, "hasRows": !rows.isEmpty,
                "empty": "No child was held overnight or certified in the last year.", "liveURL": "", "updatedAt": UKTime.show(store.clock.now()),
                "tabs": Self.tabs(current: "/custody/overnight"), "recordHref": "",
            ], context: context)
    }

    /// A detention as a row on the child's page.
    static func childRow(_ r: CustodyRecord, purpose: AccessPurpose?) -> [String: Any] {
        [
            "href": href(r.detention.id, purpose: purpose ?? .policePowers), "reference": r.reference,
            "detainedAt": UKTime.show(r.detention.detainedAt),
            "released": r.detention.releasedAt.map(UKTime.show) ?? "Still in custody", "transfer": transferText(r).text,
        ]
    }
}
