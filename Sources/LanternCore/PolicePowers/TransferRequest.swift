import Foundation

/// After charge with bail refused, PACE s38(6): the custody officer arranges the child's transfer to local
/// authority accommodation, unless they certify that transfer is impracticable (with reasons), or, for a child
/// of 12 or over, that no secure accommodation is available and other accommodation would not protect the
/// public from serious harm. The local authority has an absolute duty to receive the child.
public struct TransferRequest: Sendable, Equatable, Codable {
    public enum Accommodation: String, Sendable, Codable, CaseIterable {
        case nonSecure = "non-secure"
        case secure
    }

    public enum Answer: String, Sendable, Codable, CaseIterable {
        case accepted
        case declined
    }

    public enum Ground: String, Sendable, Codable, CaseIterable {
        /// s38(6)(a): transfer impossible, not merely inconvenient.
        case impracticable
        /// s38(6)(b): 12 or over, no secure bed, and other accommodation would not protect the public.
        case noSecureAccommodation = "no-secure-accommodation"
    }

    /// The custody officer's certificate that the child was not transferred, produced to the court (s38(7)).
    public struct Certificate: Sendable, Equatable, Codable {
        public var ground: Ground
        public var reasons: String
        public var custodyOfficer: String
        public var at: Date

        public init(ground: Ground, reasons: String, custodyOfficer: String, at: Date) {
            self.ground = ground
            self.reasons = reasons
            self.custodyOfficer = custodyOfficer
            self.at = at
        }
    }

    public var chargedAt: Date
    public var bailRefusedAt: Date
    public var requestedAt: Date?
    public var accommodation: Accommodation
    /// Why secure accommodation: required when secure is asked for.
    public var justification: String
    public var answer: Answer?
    public var answeredAt: Date?
    public var transferredAt: Date?
    public var certificate: Certificate?

    public init(
        chargedAt: Date, bailRefusedAt: Date, requestedAt: Date? = nil, accommodation: Accommodation = .nonSecure, justification: String = "",
        answer: Answer? = nil, answeredAt: Date? = nil, transferredAt: Date? = nil, certificate: Certificate? = nil
    ) {
        self.chargedAt = chargedAt
        self.bailRefusedAt = bailRefusedAt
        self.requestedAt = requestedAt
        self.accommodation = accommodation
        self.justification = justification
        self.answer = answer
        self.answeredAt = answeredAt
        self.transferredAt = transferredAt
        self.certificate = certificate
    }

    func check(_ errors: inout FieldErrorCollector, ageWhenDetained: Int?, now: Date, rules: PolicePowersRules) {
        let soon = now.addingTimeInterval(60)
        if bailRefusedAt < chargedAt { errors.add("transfer.bailRefusedAt", "Bail cannot be refused before the charge") }
        if bailRefusedAt > soon { errors.add("transfer.bailRefusedAt", "The refusal of bail cannot be in the future") }
        if let requestedAt, requestedAt < bailRefusedAt || requestedAt > soon {
            errors.add("transfer.requestedAt", "The request follows the refusal of bail and cannot be in the future")
        }
        let minimum = rules.protection.reasonMinimum.value
        if accommodation == .secure && justification.trimmingCharacters(in: .whitespacesAndNewlines).count < minimum {
            errors.add(
                "transfer.justification",
                "Secure accommodation is asked for only for a risk of serious harm to the public: give it in at least \(minimum) characters")
        }
        errors.limit(justification, "transfer.justification", maxLength: 2000)
        if answer != nil && requestedAt == nil { errors.add("transfer.answer", "The local authority cannot answer a request not made") }
        if let answeredAt, answeredAt < (requestedAt ?? bailRefusedAt) || answeredAt > soon {
            errors.add("transfer.answeredAt", "The answer follows the request and cannot be in the future")
        }
        if let transferredAt, transferredAt < bailRefusedAt || transferredAt > soon {
            errors.add("transfer.transferredAt", "The transfer follows the refusal of bail and cannot be in the future")
        }
        guard let certificate else { return }
        if transferredAt != nil { errors.add("transfer.certificate", "A child who was transferred needs no certificate") }
        checkCertificate(certificate, &errors, ageWhenDetained: ageWhenDetained, now: now, rules: rules)
    }

    private func checkCertificate(
        _ certificate: Certificate, _ errors: inout FieldErrorCollector, ageWhenDetained: Int?, now: Date, rules: PolicePowersRules
    ) {
        let minimum = rules.protection.reasonMinimum.value
        if certificate.reasons.trimmingCharacters(in: .whitespacesAndNewlines).count < minimum {
            errors.add(
                "transfer.certificate.reasons",
                "The certificate must give the reasons in at least \(minimum) characters. \(rules.custody.transfer.impracticableMeans.value)")
        }
        errors.limit(certificate.reasons, "transfer.certificate.reasons", maxLength: 4000)
        errors.require(certificate.custodyOfficer, "transfer.certificate.custodyOfficer", label: "the custody officer who certifies")
        if certificate.ground == .noSecureAccommodation {
            let fromAge = rules.custody.transfer.secureFromAge.value
            if (ageWhenDetained ?? 0) < fromAge {
                errors.add("transfer.certificate.ground", "No secure accommodation is a ground only for a child known to be \(fromAge) or over")
            }
            if accommodation != .secure {
                errors.add("transfer.certificate.ground", "No secure accommodation is a ground only when secure was asked for")
            }
        }
        if certificate.at < bailRefusedAt || certificate.at > now.addingTimeInterval(60) {
            errors.add("transfer.certificate.at", "The certificate follows the refusal of bail and cannot be in the future")
        }
    }
}
