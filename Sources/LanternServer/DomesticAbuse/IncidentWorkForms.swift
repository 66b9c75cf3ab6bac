import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore

/// The forms linked from an incident's page: the DASH checklist for an adult victim, and each child's Operation
/// Encompass notification settled (the school told, or why not); MARAC and the child's forms are in the extensions.
enum IncidentWorkForms {
    typealias Spec = RecordWorkForms.Spec
    typealias Parameters = RecordWorkForms.Parameters

    static let area = RecordWorkForms.Area(
        base: "/domestic-abuse/incidents", permission: .workDomesticAbuse, recordType: DomesticAbuseStore.recordType, purpose: .domesticAbuse,
        caption: "Domestic abuse incident", pathIDs: ["notificationID", "referralID", "actionID"], carried: ["version", "victim", "child"])

    static func version(_ parameters: Parameters) throws -> Int { try RecordWorkForms.version(parameters, record: "incident") }

    static let specs: [Spec] = [
        dash, encompassSent, encompassNotSent, maracReferred, maracMeeting, maracAction, maracActionDone, socialCare, childSchool,
    ]

    static let dash = Spec(
        path: "dash", title: "DASH risk checklist",
        intro: "Ask the adult victim each question. “Not known” is recorded as not known, never as no. "
            + "You may raise the level on professional judgement, never lower it.",
        submit: "Save assessment",
        fields: { store, _ in
            store.domesticAbuse.rules.questions.map { q in
                FormField(
                    name: "answers.\(q.id)", label: q.text, kind: .radios(inline: true),
                    options: DashAnswer.allCases.map { ($0.rawValue, $0 == .notKnown ? "Not known" : $0.rawValue.capitalized) })
            } + [
                FormField(
                    name: "judgement.raisesTo", label: "Professional judgement", hint: "Raise the level above what the answers give, with a reason.",
                    kind: .radios(), options: [("none", "Do not raise the level"), ("medium", "Raise to medium"), ("high", "Raise to high")]),
                FormField(name: "judgement.reason", label: "Why your judgement raises the level", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { _, _ in ["judgement.raisesTo": "none"] },
        save: { id, parameters, form, store, context in
            var errors: [FieldError] = []
            var answers: [String: DashAnswer] = [:]
            for question in store.domesticAbuse.rules.questions {
                guard let text = form.text("answers.\(question.id)") else { continue }
                guard let answer = DashAnswer(rawValue: text) else {
                    errors.append(FieldError("answers.\(question.id)", "Answer yes, no or not known"))
                    continue
                }
                answers[question.id] = answer
            }
            var judgement: ProfessionalJudgement?
            if let raise = form.text("judgement.raisesTo"), raise != "none" {
                judgement = ProfessionalJudgement(
                    raisesTo: try DashGrade.parse(raise, field: "judgement.raisesTo"), reason: form["judgement.reason"] ?? "")
            } else if form.text("judgement.reason") != nil {
                errors.append(FieldError("judgement.raisesTo", "Choose the level your judgement raises it to, or clear the reason"))
            }
            try EpisodeForms.required(form, errors)
            let assessment = try await store.domesticAbuse.assess(
                id, victimID: parameters["victim"] ?? "", submission: DashSubmission(answers: answers, judgement: judgement),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "\(assessment.result.tool.uppercased()) assessment saved: \(assessment.result.grade.title.lowercased()) risk"
                + (assessment.result.referToMARAC ? ". The victim is referred to MARAC." : ".")
        })

    static let encompassSent = Spec(
        path: "encompass/{notificationID}/sent", title: "Record that the school was told",
        intro: "Operation Encompass: the key adult (designated safeguarding lead) is told before the next school day starts.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "keyAdult", label: "The key adult you told", kind: .text(width: "input--width-20")),
                FormField(name: "shared", label: "What you shared", kind: .textarea(rows: 5, languageCheck: true)),
                FormField(name: "sentAt", label: "When", kind: .dateTime),
            ]
        },
        defaults: { store, _ in ["sentAt": UKTime.input(store.clock.now()), "shared": store.domesticAbuse.rules.encompass.shared.value] },
        save: { _, parameters, form, store, context in
            var errors: [FieldError] = []
            let at = EpisodeForms.time(form, "sentAt", label: "when the school was told", errors: &errors)
            try EpisodeForms.required(form, errors)
            _ = try await store.domesticAbuse.encompassSent(
                parameters["notificationID"] ?? "", keyAdult: form["keyAdult"] ?? "", shared: form["shared"] ?? "", sentAt: at!,
                version: try version(parameters), acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "The school was told: recorded."
        })

    static let encompassNotSent = Spec(
        path: "encompass/{notificationID}/not-sent", title: "Record why the school was not told",
        intro: "Only one of these exceptions stops a school being told. Not knowing the school is not one: find out and tell them.",
        submit: "Save",
        fields: { store, _ in
            [
                FormField(
                    name: "reason", label: "Why the school was not told", kind: .radios(),
                    options: store.domesticAbuse.rules.encompass.notSentReasons.map { ($0.code, $0.title) }),
                FormField(name: "note", label: "The circumstances", kind: .textarea(rows: 4, languageCheck: true)),
            ]
        },
        defaults: { _, _ in [:] },
        save: { _, parameters, form, store, context in
            guard let reason = form.text("reason") else { throw ValidationFailure("reason", "Choose why the school was not told") }
            _ = try await store.domesticAbuse.encompassNotSent(
                parameters["notificationID"] ?? "", reason: reason, note: form["note"] ?? "", version: try version(parameters),
                acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context)
            return "Recorded why the school was not told."
        })
}
