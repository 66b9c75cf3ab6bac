/// What an access-log entry records.
///
/// The first six are the processing operations DPA 2018 s62(1) requires a log of;
/// the rest are security events (ASVS 16.3) kept in the same chain.
public enum AccessAction: String, Sendable, Codable, CaseIterable, Hashable {
    case create  // s62 "collection"
    case alter
    case consult
    case disclose
    case combine
    case erase
    case loginSucceeded = "login-ok"
    case loginFailed = "login-failed"
    case logout
    case sessionExpired = "session-expired"
    case passwordChanged = "password-changed"
    case accountChanged = "account-changed"
    case accessDenied = "access-denied"
    case accessLogRead = "access-log-read"

    /// True for the s62 operations on personal data.
    public var isProcessing: Bool {
        switch self {
        case .create, .alter, .consult, .disclose, .combine, .erase: true
        default: false
        }
    }
}

/// How an action ended.
public enum AccessOutcome: String, Sendable, Codable, Hashable {
    case success
    case denied
    case failed
}
