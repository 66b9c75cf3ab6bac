/// A request body that may acknowledge language findings: the ids of the findings the writer has seen and
/// chosen to keep, so a narrative with a flagged phrase is accepted and the acknowledgement is recorded.
protocol AcknowledgesLanguage {
    var acknowledgedLanguage: [String]? { get }
}

extension AcknowledgesLanguage {
    /// The acknowledged findings as the store takes them; none when the body leaves the field out.
    var acknowledged: Set<String> { Set(acknowledgedLanguage ?? []) }
}
