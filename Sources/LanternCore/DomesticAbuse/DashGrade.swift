import Foundation

/// The domestic abuse risk levels a DASH (or DARA) assessment gives, lowest first, so grades compare with `<`.
public enum DashGrade: String, Sendable, Codable, CaseIterable, Comparable, Hashable {
    case standard
    case medium
    case high

    public var title: String {
        switch self {
        case .standard: "Standard"
        case .medium: "Medium"
        case .high: "High"
        }
    }

    private var order: Int { DashGrade.allCases.firstIndex(of: self)! }
    public static func < (lhs: DashGrade, rhs: DashGrade) -> Bool { lhs.order < rhs.order }

    /// Reads a grade as typed by a person or client, with a message naming the choices.
    public static func parse(_ text: String?, field: String) throws(ValidationFailure) -> DashGrade {
        let choices = allCases.map(\.rawValue).joined(separator: ", ")
        guard let text, !text.isEmpty else { throw ValidationFailure(field, "Choose a risk level: " + choices) }
        guard let grade = DashGrade(rawValue: text) else {
            throw ValidationFailure(field, "'\(text.prefix(40))' is not a risk level; choose one of: " + choices)
        }
        return grade
    }
}

/// An answer on the checklist. "Not known" is recorded as such, never read as "no".
public enum DashAnswer: String, Sendable, Codable, CaseIterable, Hashable {
    case yes
    case no
    case notKnown = "not-known"
}
