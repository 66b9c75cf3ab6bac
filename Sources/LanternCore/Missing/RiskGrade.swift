/// The APP risk continuum for a missing child, lowest first, so grades compare with `<`.
///
/// "Absent" (2013 to about 2020) is not a grade: records from that time keep the scale
/// version they were graded on (``MissingRules/version``), and new episodes cannot choose it.
public enum RiskGrade: String, Sendable, Codable, CaseIterable, Comparable, Hashable {
    case veryLow = "very-low"
    case low
    case medium
    case high

    public var title: String {
        switch self {
        case .veryLow: "Very low"
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        }
    }

    private var order: Int { RiskGrade.allCases.firstIndex(of: self)! }
    public static func < (lhs: RiskGrade, rhs: RiskGrade) -> Bool { lhs.order < rhs.order }

    /// Reads a grade as typed by a person or client, with a message naming the choices.
    public static func parse(_ text: String?, field: String = "grade") throws(ValidationFailure) -> RiskGrade {
        guard let text, !text.isEmpty else { throw ValidationFailure(field, "Choose a risk grade: " + choices) }
        guard let grade = RiskGrade(rawValue: text) else {
            throw ValidationFailure(field, "'\(text.prefix(40))' is not a risk grade; choose one of: " + choices)
        }
        return grade
    }

    static var choices: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
