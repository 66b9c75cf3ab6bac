import Foundation

// Request bodies several areas take in the same shape, declared once so the API reads them one way.

/// Why a record is ended, withdrawn or undone: narrative, so language-checked.
struct ReasonBody: Decodable, AcknowledgesLanguage {
    var reason: String
    var acknowledgedLanguage: [String]?
}

/// Work given to someone by a deadline: an enquiry on a missing episode, an action on a concern's plan.
struct AssignmentBody: Decodable {
    var title: String
    var owner: String
    var dueAt: Date
}
