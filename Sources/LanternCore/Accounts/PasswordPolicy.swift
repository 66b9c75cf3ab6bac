import Foundation

/// What makes a password acceptable (OWASP ASVS 6.2).
///
/// At least 12 characters, at most 72 bytes (bcrypt's limit: refusing is better
/// than silently truncating), not on the common-password list, and not the
/// username. No composition rules: length beats symbols.
///
/// ```swift
/// try PasswordPolicy.standard.check("correct horse battery", username: "jsmith")
/// ```
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumBytes: Int
    public var commonPasswords: Set<String>

    public init(minimumLength: Int = 12, maximumBytes: Int = 72, commonPasswords: Set<String> = PasswordPolicy.commonList) {
        self.minimumLength = minimumLength
        self.maximumBytes = maximumBytes
        self.commonPasswords = commonPasswords
    }

    public static let standard = PasswordPolicy()

    /// Checks a proposed password; throws a ``ValidationFailure`` on field `password` saying why.
    public func check(_ password: String, username: String) throws(ValidationFailure) {
        if password.count < minimumLength {
            throw ValidationFailure("password", "Password must be at least \(minimumLength) characters")
        }
        if password.utf8.count > maximumBytes {
            throw ValidationFailure("password", "Password must be \(maximumBytes) bytes or fewer")
        }
        let folded = password.lowercased()
        if commonPasswords.contains(folded) {
            throw ValidationFailure("password", "Password is too common; choose a longer phrase of unrelated words")
        }
        if !username.isEmpty, folded.contains(username.lowercased()) {
            throw ValidationFailure("password", "Password must not contain the username")
        }
        if Set(password).count < 4 {
            throw ValidationFailure("password", "Password must not repeat the same few characters")
        }
    }

    /// Common passwords of 12 characters or more, as found at the top of breach lists.
    public static let commonList: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456789012345", "1234567890qwerty",
        "qwertyuiop123", "qwertyuiopasdf", "qwertyuiopasdfgh", "qwerty123456", "qwerty1234567",
        "password1234", "password12345", "password123456", "password1234567", "passwordpassword",
        "password!234", "p@ssw0rd1234", "p@ssword1234", "passw0rd1234", "iloveyou1234",
        "letmein12345", "welcome12345", "welcome123456", "changeme1234", "changeme12345",
        "administrator", "administrator1", "admin1234567", "adminadmin12", "trustno1trustno1",
        "football1234", "liverpool123", "chelsea12345", "arsenal12345", "manchester123",
        "abcdefghijkl", "abcdefghijklm", "abc123456789", "aaaaaaaaaaaa", "111111111111",
        "000000000000", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "qazwsxedcrfv",
        "sunshine1234", "princess1234", "superman1234", "batman123456", "starwars1234",
        "metropolitan", "metpolice123", "policepolice", "police123456", "constable123",
        "lantern12345", "lanternlantern", "safeguarding", "safeguarding1", "childprotection",
        "london123456", "london2012london", "summer2024!!", "winter2024!!", "spring2025!!",
        "autumn2025!!", "summer2026!!", "january20261", "monkey123456", "dragon123456",
    ]
}
