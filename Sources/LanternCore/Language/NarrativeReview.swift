/// What saving a narrative needs: every phrase the writer used that blames a child is
/// either changed or knowingly kept. A kept phrase is acknowledged, and the acknowledgement
/// is recorded with the finding.
public struct NarrativeReview: Sendable, Equatable {
    /// The narrative field, e.g. "notes".
    public var field: String
    /// Every finding, quotations included.
    public var findings: [LanguageFinding]
    /// Rule ids the writer acknowledged keeping.
    public var acknowledged: Set<String>

    /// The writer's own findings (not quotations) that still need an acknowledgement.
    public var unacknowledged: [LanguageFinding] {
        findings.filter { !$0.quotation && !acknowledged.contains($0.ruleID) }
    }

    /// Checks `text`; throws ``LanguageReviewNeeded`` unless every writer finding is acknowledged.
    public static func review(
        _ text: String, field: String, acknowledged: Set<String>,
        checker: LanguageChecker
    ) throws(LanguageReviewNeeded) -> NarrativeReview {
        let review = NarrativeReview(field: field, findings: checker.check(text), acknowledged: acknowledged)
        if !review.unacknowledged.isEmpty {
            throw LanguageReviewNeeded(field: field, findings: review.findings, unacknowledged: review.unacknowledged)
        }
        return review
    }
}

/// A narrative holds victim-blaming phrases the writer has not yet changed or acknowledged.
/// Nothing was saved.
public struct LanguageReviewNeeded: Error, Sendable, Equatable {
    public var field: String
    public var findings: [LanguageFinding]
    public var unacknowledged: [LanguageFinding]

    public var message: String {
        let terms = Array(Set(unacknowledged.map { "“\($0.text)”" })).sorted().joined(separator: ", ")
        return "The \(field) use language that can blame a child: \(terms). Change it, or confirm you want to keep it."
    }
}
