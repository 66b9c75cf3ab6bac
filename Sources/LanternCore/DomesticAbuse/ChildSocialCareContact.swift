import Foundation

/// Whether children's social care was asked to act for the child (a referral) or told for their information.
public enum SocialCareContactKind: String, Sendable, Codable, CaseIterable, Hashable {
    case referral
    case notification

    public var title: String {
        switch self {
        case .referral: "Referral"
        case .notification: "Notification"
        }
    }
}

/// A child at a domestic abuse incident referred or notified to the local authority's children's social care: an
/// entry in the agency contacts log, on the incident and the child rather than a missing episode. MARAC never
/// stands in for it (domestic-abuse.json `marac.childrenNeedOwnReferral`).
public struct ChildSocialCareContact: Sendable, Equatable, Codable {
    public var id: String
    public var incidentID: String
    public var childID: String
    public var kind: SocialCareContactKind
    /// Children's social care, or its emergency duty team out of hours: the agencies that are the local authority.
    public var agency: Agency
    /// Which local authority ("Lambeth Children's Services").
    public var organisation: String
    public var personName: String
    public var at: Date
    public var method: ContactMethod
    public var summary: String
    public var reference: String
    public var recordedBy: String
    public var recordedAt: Date

    public init(
        id: String = "", incidentID: String = "", childID: String, kind: SocialCareContactKind, agency: Agency, organisation: String,
        personName: String, at: Date, method: ContactMethod, summary: String, reference: String = "", recordedBy: String = "",
        recordedAt: Date = .distantPast
    ) {
        self.id = id
        self.incidentID = incidentID
        self.childID = childID
        self.kind = kind
        self.agency = agency
        self.organisation = organisation
        self.personName = personName
        self.at = at
        self.method = method
        self.summary = summary
        self.reference = reference
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// Checks a contact before it is stored, as the episode contacts log does: someone named at a local authority,
    /// what was said, at a time after the incident and not in the future.
    public func validated(now: Date, incidentAt: Date) throws(ValidationFailure) -> ChildSocialCareContact {
        var errors = FieldErrorCollector()
        let clean = TextInput.trimmed(self, \.organisation, \.personName, \.summary, \.reference)
        if !agency.isLocalAuthority {
            errors.add("agency", "A child's referral goes to children's social care or its emergency duty team")
        }
        AgencyContact.checkDetails(
            organisation: clean.organisation, organisationLabel: "the local authority contacted", personName: clean.personName,
            summary: clean.summary, reference: clean.reference, into: &errors)
        if at > now.addingTimeInterval(60) { errors.add("at", "The time of the contact cannot be in the future") }
        if at < incidentAt { errors.add("at", "The contact cannot be before the incident") }
        try errors.throwIfAny()
        return clean
    }
}
