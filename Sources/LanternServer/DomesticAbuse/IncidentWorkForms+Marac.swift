import Foundation
import LanternCore
import LanternStore

/// The MARAC referral's life on the incident's page: made, heard, its actions agreed and done. Each form carries the
/// referral's version, so two officers cannot both record it.
extension IncidentWorkForms {
    static func referral(_ parameters: Parameters) -> String { parameters["referralID"] ?? "" }

    /// "When" as a date-time field, refused by name when blank or unreadable.
    static func when(_ form: FormData, _ field: String, label: String) throws -> Date {
        var errors: [FieldError] = []
        let at = EpisodeForms.time(form, field, label: label, errors: &errors)
        try EpisodeForms.required(form, errors)
        return at!
    }

    static let maracReferred = Spec(
        path: "marac/{referralID}/referred", title: "Record the MARAC referral made",
        intro: "The time the referral reached the MARAC coordinator. It stops the referral's clock.", submit: "Save",
        fields: { _, _ in [FormField(name: "referredAt", label: "When the referral was made", kind: .dateTime)] },
        defaults: { store, _ in ["referredAt": UKTime.input(store.clock.now())] },
        save: { _, parameters, form, store, context in
            _ = try await store.domesticAbuse.maracReferred(
                referral(parameters), at: try when(form, "referredAt", label: "when the referral was made"), version: try version(parameters),
                context: context)
            return "The MARAC referral was recorded as made."
        })

    static let maracMeeting = Spec(
        path: "marac/{referralID}/meeting", title: "Set the MARAC meeting",
        intro: "The date and time of the meeting that hears the case.", submit: "Save",
        fields: { _, _ in [FormField(name: "meetingAt", label: "When the meeting is", kind: .dateTime)] },
        defaults: { _, _ in [:] },
        save: { _, parameters, form, store, context in
            _ = try await store.domesticAbuse.maracMeeting(
                referral(parameters), at: try when(form, "meetingAt", label: "when the meeting is"), version: try version(parameters),
                context: context)
            return "The MARAC meeting was set."
        })

    static let maracAction = Spec(
        path: "marac/{referralID}/actions", title: "Add an action the MARAC agreed",
        intro: "What was agreed, who owns it and by when.", submit: "Add action",
        fields: { _, _ in
            [
                FormField(name: "action", label: "The action", kind: .textarea(rows: 3, languageCheck: true)),
                FormField(name: "owner", label: "Who owns it", hint: "An agency or a named person", kind: .text(width: "input--width-20")),
                FormField(name: "dueAt", label: "Due by", kind: .dateTime),
            ]
        },
        defaults: { _, _ in [:] },
        save: { _, parameters, form, store, context in
            _ = try await store.domesticAbuse.addMaracAction(
                referral(parameters), action: form["action"] ?? "", owner: form["owner"] ?? "",
                dueAt: try when(form, "dueAt", label: "when the action is due"), version: try version(parameters),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "The MARAC action was added."
        })

    static let maracActionDone = Spec(
        path: "marac/{referralID}/actions/{actionID}/done", title: "Mark a MARAC action done", intro: "When the action was completed.",
        submit: "Save",
        fields: { _, _ in [FormField(name: "doneAt", label: "When it was done", kind: .dateTime)] },
        defaults: { store, _ in ["doneAt": UKTime.input(store.clock.now())] },
        save: { _, parameters, form, store, context in
            _ = try await store.domesticAbuse.completeMaracAction(
                referral(parameters), actionID: parameters["actionID"] ?? "", doneAt: try when(form, "doneAt", label: "when it was done"),
                version: try version(parameters), context: context)
            return "The MARAC action was marked done."
        })
}
