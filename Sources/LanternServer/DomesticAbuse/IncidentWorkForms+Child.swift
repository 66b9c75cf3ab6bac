import Foundation
import LanternCore
import LanternStore

/// What is done for each child at the incident beyond the school: their referral or notification to children's
/// social care, and the school they attend (so their Operation Encompass notification can be sent).
extension IncidentWorkForms {
    static let socialCare = Spec(
        path: "social-care", title: "Record the referral to children's social care",
        intro: "Each child at the incident is referred or notified to the local authority. MARAC never stands in for it.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(
                    name: "kind", label: "Referral or notification", kind: .radios(inline: true),
                    options: SocialCareContactKind.allCases.map { ($0.rawValue, $0.title) }),
                FormField(
                    name: "agency", label: "Who was told", kind: .radios(),
                    options: Agency.allCases.filter(\.isLocalAuthority).map { ($0.rawValue, $0.title) }),
                FormField(name: "organisation", label: "The local authority", hint: "For example Lambeth Children's Services", kind: .text()),
                FormField(name: "personName", label: "Who you spoke to", hint: "A name or a role", kind: .text(width: "input--width-20")),
                FormField(name: "at", label: "When", kind: .dateTime),
                FormField(name: "method", label: "How", kind: .select, options: ContactMethod.allCases.map { ($0.rawValue, $0.title) }),
                FormField(name: "reference", label: "Their reference (optional)", kind: .text(width: "input--width-20")),
                FormField(name: "summary", label: "What was said", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { store, _ in
            [
                "kind": SocialCareContactKind.referral.rawValue, "agency": Agency.childrensSocialCare.rawValue,
                "method": ContactMethod.phone.rawValue, "at": UKTime.input(store.clock.now()),
            ]
        },
        save: { id, parameters, form, store, context in
            var errors: [FieldError] = []
            let at = EpisodeForms.time(form, "at", label: "when the local authority was told", errors: &errors)
            let kind = form.text("kind").flatMap(SocialCareContactKind.init(rawValue:))
            if kind == nil { errors.append(FieldError("kind", "Choose referral or notification")) }
            let agency = form.text("agency").flatMap(Agency.init(rawValue:))
            if agency == nil { errors.append(FieldError("agency", "Choose who was told")) }
            let method = form.text("method").flatMap(ContactMethod.init(rawValue:))
            if method == nil { errors.append(FieldError("method", "Choose how")) }
            try EpisodeForms.required(form, errors)
            _ = try await store.domesticAbuse.recordSocialCareContact(
                id,
                ChildSocialCareContact(
                    childID: parameters["child"] ?? "", kind: kind!, agency: agency!, organisation: form["organisation"] ?? "",
                    personName: form["personName"] ?? "", at: at!, method: method!, summary: form["summary"] ?? "", reference: form["reference"] ?? ""
                ),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "The \(kind!.title.lowercased()) to children's social care was recorded."
        })

    static let childSchool = Spec(
        path: "school", title: "Record the child's school",
        intro: "Choose the school from the list, or add it with its key adult (designated safeguarding lead).", submit: "Save",
        fields: { _, schools in
            [
                FormField(name: "schoolId", label: "The school", kind: .select, options: [("", "Not in the list")] + schools),
                FormField(name: "name", label: "Or a new school: its name", kind: .text()),
                FormField(name: "keyAdult", label: "The new school's key adult", kind: .text(width: "input--width-20")),
                FormField(name: "contact", label: "How to reach the key adult", hint: "A phone number or secure email", kind: .text()),
            ]
        },
        defaults: { _, _ in [:] },
        save: { _, parameters, form, store, context in
            var schoolID = form.text("schoolId")
            if schoolID == nil {
                schoolID =
                    try await store.domesticAbuse.addSchool(
                        name: form["name"] ?? "", keyAdult: form["keyAdult"] ?? "", contact: form["contact"] ?? "", context: context
                    ).id
            }
            try await store.domesticAbuse.setSchool(of: parameters["child"] ?? "", schoolID: schoolID ?? "", context: context)
            return "The child's school was recorded."
        },
        choices: { store in try await store.domesticAbuse.schools().map { ($0.id, $0.name) } })
}
