import Foundation

/// Where an s38(6) transfer stands at a moment.
public enum TransferState: Sendable, Equatable {
    public enum Waiting: String, Sendable, Equatable {
        /// Bail refused and the local authority not yet asked.
        case request
        /// Asked; the authority has not answered.
        case answer
        /// Answered (the authority's duty to receive the child is absolute); the child is still in custody.
        case transfer
    }

    case transferred(at: Date, after: TimeInterval)
    case certified(ground: TransferRequest.Ground, at: Date)
    /// `level` 0 while within the request window; from then on 1 is the first rank above the custody officer and
    /// each further interval climbs one more.
    case waiting(for: Waiting, since: TimeInterval, level: Int)
}

/// The transfer clock and the court's certificate as pure functions of the record, the moment and the pack.
public enum TransferClock {
    public static func state(of transfer: TransferRequest, at now: Date, rules: PolicePowersRules) -> TransferState {
        if let at = transfer.transferredAt { return .transferred(at: at, after: at.timeIntervalSince(transfer.bailRefusedAt)) }
        if let certificate = transfer.certificate { return .certified(ground: certificate.ground, at: certificate.at) }
        let waiting: TransferState.Waiting = transfer.requestedAt == nil ? .request : transfer.answer == nil ? .answer : .transfer
        let since = now.timeIntervalSince(transfer.bailRefusedAt)
        let grace = Double(rules.custody.transfer.requestWithinMinutes.value) * 60
        let every = Double(max(1, rules.custody.transfer.escalateEveryHours.value)) * 3600
        let level = since <= grace ? 0 : Int((since - grace) / every) + 1
        return .waiting(for: waiting, since: since, level: level)
    }

    /// Whether the child spends the night in custody: still held, untransferred, at midnight UK time after bail
    /// was refused (the Concordat's data principle counts these).
    public static func heldOvernight(_ transfer: TransferRequest, at now: Date) -> Bool {
        let end = transfer.transferredAt ?? now
        return WorkingDays.ukDay(of: end) > WorkingDays.ukDay(of: transfer.bailRefusedAt)
    }

    /// The s38(7) certificate as text for the court, from the record alone. Nil when there is no certificate.
    public static func certificateText(child: ChildInCustody, childName: String, rules: PolicePowersRules) -> String? {
        guard let transfer = child.transfer, let certificate = transfer.certificate else { return nil }
        let ground =
            switch certificate.ground {
            case .impracticable:
                "it was impracticable to make arrangements for the child's transfer into the care of the local authority (s38(6)(a))"
            case .noSecureAccommodation:
                "no secure accommodation was available and keeping the child in other local authority accommodation would not be adequate "
                    + "to protect the public from serious harm from the child (s38(6)(b))"
            }
        let requested = transfer.requestedAt.map {
            "The local authority was asked for \(transfer.accommodation.rawValue) accommodation at \(ukTime($0))."
        }
        let answer = transfer.answer.map { "It answered: \($0.rawValue)\(transfer.answeredAt.map { " at \(ukTime($0))" } ?? "")." }
        return [
            "CERTIFICATE UNDER SECTION 38(7) POLICE AND CRIMINAL EVIDENCE ACT 1984",
            "Child: \(childName). Custody record: \(child.custodyRecord).",
            "Charged at \(ukTime(transfer.chargedAt)); bail refused at \(ukTime(transfer.bailRefusedAt)).",
            requested ?? "No request was made to the local authority.",
            answer,
            "I certify that \(ground).",
            "Reasons: \(certificate.reasons.trimmingCharacters(in: .whitespacesAndNewlines))",
            "Custody officer: \(certificate.custodyOfficer). Certified at \(ukTime(certificate.at)).",
        ].compactMap { $0 }.joined(separator: "\n")
    }

    static func ukTime(_ date: Date) -> String {
        let parts = WorkingDays.calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%@ %02d:%02d", WorkingDays.ukDay(of: date).description, parts.hour ?? 0, parts.minute ?? 0)
    }
}
