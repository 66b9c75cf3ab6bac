import Foundation

/// One reason a piece of input was refused, tied to the field it came from.
///
/// Every refusal names the field and says what would be accepted, so a form can
/// mark the field and an API client can fix its request without guessing.
public struct FieldError: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Input refused for one or more field-level reasons; nothing was changed.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(_ field: String, _ message: String) { self.errors = [FieldError(field, message)] }

    /// A single sentence for logs and problem details.
    public var summary: String {
        errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

/// Collects field errors while checking a draft, then throws them all at once.
public struct FieldErrorCollector: Sendable {
    public private(set) var errors: [FieldError] = []
    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    public mutating func require(_ value: String?, _ field: String, label: String, maxLength: Int = 200) {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            add(field, "Enter \(label)")
        } else if trimmed.unicodeScalars.count > maxLength {  // counted as JSON Schema's maxLength counts
            add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) must be \(maxLength) characters or fewer")
        }
    }

    /// An optional field: refused only when it is longer than `maxLength`, counted as `require` counts.
    public mutating func limit(_ value: String, _ field: String, maxLength: Int) {
        if value.unicodeScalars.count > maxLength { add(field, "Must be \(maxLength) characters or fewer") }
    }

    /// Several optional fields, each with its own limit, in the order given.
    public mutating func limit(_ fields: [(field: String, value: String, maxLength: Int)]) {
        for (field, value, maxLength) in fields { limit(value, field, maxLength: maxLength) }
    }

    public func throwIfAny() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
