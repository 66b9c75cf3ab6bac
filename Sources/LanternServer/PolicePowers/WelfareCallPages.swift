import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// Welfare calls on the pages: a call about a child triaged from the child's page, and the MASH's queue of children's
/// calls police did not attend, each taken up with what the MASH did.
struct WelfareCallPages {
    let store: Store
    let pages: PageRenderer

    func add(to router: RouterGroup<LanternRequestContext>) {
        router.get("/welfare-calls", use: mashQueue)
    }

    static let childArea = RecordWorkForms.Area(
        base: "/children", permission: .triageWelfareCall, recordType: PolicePowersStore.welfareRecordType, purpose: .policePowers,
        caption: "Welfare call (Right Care Right Person)", pathIDs: [], carried: [])

    static let mashArea = RecordWorkForms.Area(
        base: "/welfare-calls", permission: .takeUpWelfareReferral, recordType: PolicePowersStore.welfareRecordType,
        purpose: .multiAgencySafeguarding, caption: "Welfare call (Right Care Right Person)", pathIDs: [], carried: [], returnPath: "/welfare-calls")

    /// Children's calls police did not attend, oldest first, each with its way to be taken up.
    @Sendable func mashQueue(_ request: Request, context: LanternRequestContext) async throws -> Response {
        let records = try await store.policePowers.mashWelfareQueue(context: try context.accessContext())
        let mayTakeUp = context.session.map { store.policy.roleMay($0.actor.role, .takeUpWelfareReferral) } ?? false
        let rows = records.map { r -> [String: Any] in
            let who = r.call.subjectID.map { MissingPages.link(r.subjectName ?? "Unknown", "/children/\($0)?purpose=multi-agency-safeguarding") }
            return [
                "cells": [
                    MissingPages.text(r.reference), MissingPages.text(UKTime.show(r.call.receivedAt)), who ?? MissingPages.text("Not on record"),
                    MissingPages.text(r.call.kind.replacingOccurrences(of: "-", with: " ")),
                    MissingPages.text("\(r.call.reason) (handed to \(r.call.partnerAgency ?? "no one named"))"),
                    mayTakeUp ? MissingPages.link("Record it taken up", "/welfare-calls/\(r.call.id)/taken-up") : MissingPages.text(""),
                ]
            ]
        }
        return pages.render(
            "queue", title: "Welfare calls for the MASH",
            data: [
                "section": "Right Care Right Person", "heading": "Children's welfare calls police did not attend",
                "caption": "\(records.count) call(s) for the MASH to take up, oldest first",
                "headers": ["Reference", "Received", "Child", "Call", "Why not attended", "The MASH"], "rows": rows, "hasRows": !rows.isEmpty,
                "empty": "No child's call is waiting for the MASH.", "liveURL": "", "updatedAt": UKTime.show(store.clock.now()), "tabs": [],
                "recordHref": "",
            ], context: context)
    }

    static let triage = RecordWorkForms.Spec(
        path: "welfare-call", title: "Triage a welfare call",
        intro: "Police attend where there is a real and immediate risk to life or of serious harm. Some calls about children are always "
            + "attended (the force's carve-out). Otherwise hand the call to the right agency, with the reason.",
        submit: "Save the decision",
        fields: { store, _ in
            [
                FormField(
                    name: "kind", label: "The call", kind: .radios(),
                    options: store.policePowers.rules.welfare.callKinds.value.map { ($0, $0.replacingOccurrences(of: "-", with: " ").capitalized) }),
                FormField(name: "at", label: "When received", kind: .dateTime),
                FormField(name: "thresholdMet", label: "A real and immediate risk to life or of serious harm", kind: .checkbox),
                FormField(
                    name: "decision", label: "The decision", kind: .radios(),
                    options: [("attend", "Police attend"), ("not-attend", "Police do not attend")]),
                FormField(name: "reason", label: "The reason", kind: .textarea(rows: 3, languageCheck: true)),
                FormField(name: "partnerAgency", label: "If not attending: the agency the call was handed to", kind: .text()),
            ]
        },
        defaults: { store, _ in ["at": UKTime.input(store.clock.now())] },
        save: { childID, _, form, store, context in
            guard let decision = form.text("decision").flatMap(WelfareCall.Decision.init(rawValue:)) else {
                throw ValidationFailure("decision", "Choose whether police attend")
            }
            let record = try await store.policePowers.triage(
                WelfareCall(
                    id: "", kind: form["kind"] ?? "", receivedAt: try ProtectionForms.when(form, "at", label: "when the call was received"),
                    subjectID: childID, subjectIsChild: true, thresholdMet: form["thresholdMet"] == "yes", decision: decision,
                    reason: form["reason"] ?? "", partnerAgency: form.text("partnerAgency"), decidedBy: ""),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Welfare call \(record.reference) recorded" + (record.goesToMASH ? ": it goes to the MASH." : ".")
        })

    static let takeUp = RecordWorkForms.Spec(
        path: "taken-up", title: "Record the call taken up", intro: "What the MASH did about the child.", submit: "Save",
        fields: { _, _ in [FormField(name: "note", label: "What the MASH did", kind: .textarea(rows: 4, languageCheck: true))] },
        defaults: { _, _ in [:] },
        save: { id, _, form, store, context in
            let record = try await store.policePowers.takeUpWelfareCall(
                id, note: form["note"] ?? "", acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Welfare call \(record.reference) taken up."
        })
}
