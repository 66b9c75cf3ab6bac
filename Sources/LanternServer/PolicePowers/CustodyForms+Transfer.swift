import Foundation
import LanternCore
import LanternStore

/// The s38(6) transfer step by step: bail refused after charge, the local authority asked, the child transferred, or
/// the custody officer's certificate that it could not be done. Each step is checked against the transfer as it stands.
extension CustodyForms {
    static func step(
        _ id: String, _ parameters: Parameters, _ form: FormData, _ store: Store, _ context: AccessContext, _ detail: String,
        _ change: @Sendable @escaping (inout TransferRequest?) throws -> Void
    ) async throws {
        _ = try await store.policePowers.changeTransfer(
            id, version: try version(parameters), detail: detail, acknowledgedLanguage: EpisodeForms.acknowledged(form), context: context, change)
    }

    static func needsBailRefused(_ transfer: TransferRequest?) throws -> TransferRequest {
        guard let transfer else { throw ValidationFailure("at", "Record the charge and the refusal of bail first") }
        return transfer
    }

    static let bailRefused = Spec(
        path: "transfer/bail-refused", title: "Charged and bail refused",
        intro: "The custody officer must now arrange the child's transfer to local authority accommodation (PACE s38(6)). Ask for secure "
            + "accommodation only for a risk of serious harm to the public.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "chargedAt", label: "When charged", kind: .dateTime),
                FormField(name: "at", label: "When bail was refused", kind: .dateTime),
                FormField(name: "secure", label: "Secure accommodation is needed", kind: .checkbox),
                FormField(
                    name: "justification", label: "If secure: the risk of serious harm to the public", kind: .textarea(rows: 3, languageCheck: true)),
            ]
        },
        defaults: { store, _ in ["chargedAt": UKTime.input(store.clock.now()), "at": UKTime.input(store.clock.now())] },
        save: { id, parameters, form, store, context in
            let charged = try ProtectionForms.when(form, "chargedAt", label: "when the child was charged")
            let refused = try ProtectionForms.when(form, "at", label: "when bail was refused")
            try await step(id, parameters, form, store, context, "bail refused after charge") { transfer in
                if transfer != nil { throw ValidationFailure("at", "The refusal of bail is already recorded") }
                transfer = TransferRequest(
                    chargedAt: charged, bailRefusedAt: refused, accommodation: form["secure"] == "yes" ? .secure : .nonSecure,
                    justification: form["justification"] ?? "")
            }
            return "Recorded: ask the local authority for accommodation now."
        })

    static let requested = Spec(
        path: "transfer/requested", title: "The local authority asked", intro: "When the request was made, and the answer once it comes.",
        submit: "Save",
        fields: { _, _ in
            [
                FormField(name: "at", label: "When asked", kind: .dateTime),
                FormField(
                    name: "answer", label: "The answer", kind: .radios(),
                    options: [("", "Not yet"), ("accepted", "Accepted"), ("declined", "Declined")]),
                FormField(name: "answeredAt", label: "When it answered", kind: .dateTime),
            ]
        },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            var errors: [FieldError] = []
            let at = EpisodeForms.time(form, "at", label: "when the authority was asked", errors: &errors)
            let answeredAt = EpisodeForms.time(form, "answeredAt", label: "when it answered", errors: &errors, optional: true)
            try EpisodeForms.required(form, errors)
            let answer = form.text("answer").flatMap(TransferRequest.Answer.init(rawValue:))
            try await step(id, parameters, form, store, context, "local authority asked") { transfer in
                var current = try needsBailRefused(transfer)
                current.requestedAt = at
                current.answer = answer
                current.answeredAt = answer == nil ? nil : answeredAt
                transfer = current
            }
            return "Recorded: the request" + (answer.map { " and the answer (\($0.rawValue))" } ?? "") + "."
        })

    static let transferred = Spec(
        path: "transfer/transferred", title: "The child transferred", intro: "When the child left for local authority accommodation.",
        submit: "Save",
        fields: { _, _ in [FormField(name: "at", label: "When", kind: .dateTime)] },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            let at = try ProtectionForms.when(form, "at", label: "when the child was transferred")
            try await step(id, parameters, form, store, context, "transferred to local authority accommodation") { transfer in
                var current = try needsBailRefused(transfer)
                current.transferredAt = at
                transfer = current
            }
            return "Recorded: the child was transferred."
        })

    static let certified = Spec(
        path: "transfer/certificate", title: "Certify that the child was not transferred",
        intro: "Only when transfer was impracticable (impossible, not merely inconvenient: no bed or the offence is not a reason), or, for a "
            + "child of 12 or over asked secure, when no secure accommodation was available. The certificate goes to the court (s38(7)).",
        submit: "Certify",
        fields: { _, _ in
            [
                FormField(
                    name: "ground", label: "The ground", kind: .radios(),
                    options: [
                        ("impracticable", "Transfer was impracticable (s38(6)(a))"),
                        ("no-secure-accommodation", "No secure accommodation (s38(6)(b))"),
                    ]),
                FormField(name: "certificate.reasons", label: "The reasons", kind: .textarea(rows: 4, languageCheck: true)),
                FormField(name: "custodyOfficer", label: "The custody officer who certifies", kind: .text()),
                FormField(name: "at", label: "When", kind: .dateTime),
            ]
        },
        defaults: { store, _ in now(store) },
        save: { id, parameters, form, store, context in
            guard let ground = form.text("ground").flatMap(TransferRequest.Ground.init(rawValue:)) else {
                throw ValidationFailure("ground", "Choose the ground for not transferring the child")
            }
            let at = try ProtectionForms.when(form, "at", label: "when the certificate was made")
            try await step(id, parameters, form, store, context, "s38(7) certificate") { transfer in
                var current = try needsBailRefused(transfer)
                current.certificate = .init(
                    ground: ground, reasons: form["certificate.reasons"] ?? "", custodyOfficer: form["custodyOfficer"] ?? "", at: at)
                transfer = current
            }
            return "Certified: the certificate for the court is on the record."
        })
}
