/// Why a record's personal data was erased. Coded, not free text: the reason is kept in the
/// access log for ever, and free text there could hold the very personal data being erased.
public enum ErasureReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// The MoPI review found the record no longer needs to be kept.
    case retentionReviewDue = "retention-review-due"
    case recordedInError = "recorded-in-error"
    case duplicateRecord = "duplicate-record"
    case courtOrder = "court-order"
    case dataSubjectRequest = "data-subject-request"

    public var title: String {
        switch self {
        case .retentionReviewDue: "Retention review: no longer needed (MoPI)"
        case .recordedInError: "Recorded in error"
        case .duplicateRecord: "Duplicate record"
        case .courtOrder: "Court order"
        case .dataSubjectRequest: "Data subject's request upheld"
        }
    }
}

/// The longest reference (a CAD number, a case or ticket number) kept with a purpose or
/// reason. Short on purpose: it identifies paperwork, it does not describe people.
public let maximumReferenceLength = 100
