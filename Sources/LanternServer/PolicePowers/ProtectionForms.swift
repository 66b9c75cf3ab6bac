import Foundation
import LanternCore
import LanternStore

/// The police protection forms: taking a child into police protection from the child's page, and on the record's page
/// the designated officer, each s46 duty done, and the ending. Each is a ``RecordWorkForms/Spec``.
enum ProtectionForms {
    typealias Spec = RecordWorkForms.Spec
    typealias Parameters = RecordWorkForms.Parameters

    /// Taken from the child's page: the form lives under the child and returns to them.
    static let childArea = RecordWorkForms.Area(
        base: "/children", permission: .usePolicePowers, recordType: PolicePowersStore.recordType, purpose: .policePowers,
        caption: "Police protection (Children Act 1989 s46)", pathIDs: [], carried: [])

    static let area = RecordWorkForms.Area(
        base: "/police-protection", permission: .usePolicePowers, recordType: PolicePowersStore.recordType, purpose: .policePowers,
        caption: "Police protection (Children Act 1989 s46)", pathIDs: ["duty"], carried: ["version"])

    static let specs: [Spec] = [designatedOfficer, duty, ending]

    static func version(_ parameters: Parameters) throws -> Int { try RecordWorkForms.version(parameters, record: "police protection") }

    /// "When" as a date-time field, refused by name when blank or unreadable.
    static func when(_ form: FormData, _ field: String, label: String) throws -> Date {
        var errors: [FieldError] = []
        let at = EpisodeForms.time(form, field, label: label, errors: &errors)
        try EpisodeForms.required(form, errors)
        return at!
    }

    static let take = Spec(
        path: "police-protection", title: "Take into police protection",
        intro: "Only where you have reasonable cause to believe the child would otherwise be likely to suffer significant harm. "
            + "It lasts at most 72 hours and cannot be extended; a police station is not suitable accommodation except in exceptional "
            + "circumstances.",
        submit: "Record police protection",
        fields: { _, _ in
            [
                FormField(
                    name: "grounds", label: "The grounds: why the child would otherwise be likely to suffer significant harm",
                    kind: .textarea(rows: 5, languageCheck: true)),
                FormField(
                    name: "power", label: "What you did", kind: .radios(),
                    options: [("removed", "Removed the child to suitable accommodation"), ("prevented-removal", "Prevented the child's removal")]),
                FormField(
                    name: "accommodation.kind", label: "Where the child is accommodated", kind: .radios(),
                    options: PoliceProtection.AccommodationKind.allCases.map { ($0.rawValue, title($0)) }),
                FormField(name: "accommodation.place", label: "The place (name and address)", kind: .text()),
                FormField(
                    name: "accommodation.exceptionalReason", label: "If a police station: the exceptional circumstances",
                    kind: .textarea(rows: 3, languageCheck: true)),
                FormField(name: "takenAt", label: "When the child was taken into police protection", kind: .dateTime),
            ]
                + PlaceAndPeopleFields.fields(
                    "takenFrom", place: "Where the child was when taken (optional): the address",
                    people: "The adults there: parents, carers or others present (optional)")
        },
        defaults: { store, _ in ["takenAt": UKTime.input(store.clock.now()), "power": "removed"] },
        save: { childID, _, form, store, context in
            let at = try when(form, "takenAt", label: "when the child was taken into police protection")
            guard let power = form.text("power").flatMap(PoliceProtection.Power.init(rawValue:)) else {
                throw ValidationFailure("power", "Choose whether you removed the child or prevented their removal")
            }
            guard let kind = form.text("accommodation.kind").flatMap(PoliceProtection.AccommodationKind.init(rawValue:)) else {
                throw ValidationFailure("accommodation.kind", "Choose where the child is accommodated")
            }
            let record = try await store.policePowers.take(
                ProtectionTaken(
                    childID: childID, grounds: form["grounds"] ?? "", power: power,
                    accommodation: .init(
                        kind: kind, place: form["accommodation.place"] ?? "", exceptionalReason: form["accommodation.exceptionalReason"]),
                    takenAt: at, takenFrom: PlaceAndPeopleFields.value(form, "takenFrom")), acknowledgedLanguage: EpisodeForms.acknowledged(form),
                context: context)
            return "In police protection as \(record.reference) until \(UKTime.show(record.expiresAt)) at the latest."
        })

    static func title(_ kind: PoliceProtection.AccommodationKind) -> String {
        switch kind {
        case .localAuthority: "Local authority accommodation"
        case .refuge: "A refuge"
        case .hospital: "A hospital"
        case .policeStation: "A police station (exceptional circumstances only)"
        case .other: "Somewhere else suitable"
        }
    }

    static let designatedOfficer = Spec(
        path: "designated-officer", title: "Appoint the designated officer",
        intro: "The designated officer inquires into the case (s46(3)(e)): an inspector or above, not the officer who took the child.",
        submit: "Appoint",
        fields: { _, _ in
            [
                FormField(name: "username", label: "The designated officer's Lantern user name", kind: .text(width: "input--width-20")),
                FormField(name: "appointedAt", label: "When appointed", kind: .dateTime),
            ]
        },
        defaults: { store, _ in ["appointedAt": UKTime.input(store.clock.now())] },
        save: { id, parameters, form, store, context in
            let at = try when(form, "appointedAt", label: "when the designated officer was appointed")
            let record = try await store.policePowers.appointDesignatedOfficer(
                id, username: form["username"] ?? "", at: at, version: try version(parameters), context: context)
            return "\(record.designatedOfficerName ?? "The designated officer") appointed."
        })

    static let duty = Spec(
        path: "duties/{duty}", title: "Record a duty done",
        intro: "Who did it and when. The child's wishes and feelings are recorded in the child's own words.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "by", label: "Who did it (leave blank if it was you)", kind: .text(width: "input--width-20")),
                FormField(name: "at", label: "When", kind: .dateTime),
                FormField(name: "note", label: "What was found or said", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { store, _ in ["at": UKTime.input(store.clock.now())] },
        save: { id, parameters, form, store, context in
            let at = try when(form, "at", label: "when the duty was done")
            let duty = parameters["duty"] ?? ""
            _ = try await store.policePowers.recordDuty(
                id, duty: duty, by: form["by"].flatMap { $0.isEmpty ? nil : $0 } ?? context.actor.displayName, at: at, note: form["note"] ?? "",
                version: try version(parameters), acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Recorded: " + (store.policePowers.rules.duty(duty)?.text ?? duty)
        })

    static let ending = Spec(
        path: "ending", title: "End police protection",
        intro: "Police protection ends within 72 hours of the child being taken and cannot be extended.",
        submit: "End police protection",
        fields: { store, _ in
            [
                FormField(
                    name: "code", label: "How it ended", kind: .radios(),
                    options: store.policePowers.rules.protection.endings.map { ($0.code, $0.title) }),
                FormField(name: "at", label: "When", kind: .dateTime),
                FormField(name: "note", label: "Details", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { store, _ in ["at": UKTime.input(store.clock.now())] },
        save: { id, parameters, form, store, context in
            let at = try when(form, "at", label: "when police protection ended")
            guard let code = form.text("code") else { throw ValidationFailure("code", "Choose how police protection ended") }
            _ = try await store.policePowers.end(
                id, code: code, at: at, note: form["note"] ?? "", version: try version(parameters),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Police protection ended."
        })
}
