import Foundation
import HTTPTypes
import Hummingbird
import LanternCore
import LanternStore
import NIOCore

/// An error as the client sees it: RFC 9457 problem details for the API, a plain page for
/// people. Built from Lantern's own error types; anything else becomes a generic 500 that
/// names the request id and nothing more (no stack trace, SQL or path ever leaves).
public struct ProblemDetails: Sendable, Encodable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var requestId: String
    public var errors: [FieldError]?
    public var currentVersion: Int?
    public var changedFields: [String]?
    public var purposes: [String]?
    public var findings: [LanguageFinding]?
    /// The open episode a refused second report points to.
    public var episode: String?

    init(_ status: HTTPResponse.Status, _ title: String, _ detail: String, requestID: String, slug: String) {
        self.type = "https://lantern.invalid/problems/\(slug)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.requestId = requestID
    }

    public var httpStatus: HTTPResponse.Status { HTTPResponse.Status(code: status) }

    /// Maps any error to what the client may see.
    static func from(_ error: any Error, requestID: String) -> ProblemDetails {
        if let problem = fromRecordState(error, requestID: requestID) { return problem }
        switch error {
        case let failure as ValidationFailure:
            var problem = ProblemDetails(
                .unprocessableContent, "Check the details you entered", failure.summary,
                requestID: requestID, slug: "validation")
            problem.errors = failure.errors
            return problem
        case let review as LanguageReviewNeeded:
            var problem = ProblemDetails(
                .unprocessableContent, "Check the language before saving", review.message,
                requestID: requestID, slug: "language-review")
            problem.errors = [FieldError(review.field, review.message)]
            problem.findings = review.findings
            return problem
        case let bad as BadRequest:
            var problem = ProblemDetails(.badRequest, "The request could not be read", bad.message, requestID: requestID, slug: "bad-request")
            if let field = bad.field { problem.errors = [FieldError(field, bad.message)] }
            return problem
        case is NotSignedIn:
            return ProblemDetails(
                .unauthorized, "Sign in to continue", "You need to sign in, or your session has ended.",
                requestID: requestID, slug: "not-signed-in")
        case is SignInRefused:
            return ProblemDetails(
                .unauthorized, "Sign-in failed",
                "The username or password is not right, or sign-in is paused after several failed attempts. "
                    + "Check them and try again in a few minutes.",
                requestID: requestID, slug: "sign-in-failed")
        case let denied as AccessDenied:
            return ProblemDetails(.forbidden, "You do not have access", denied.reason + ".", requestID: requestID, slug: "forbidden")
        case let csrf as CSRFRejected:
            return ProblemDetails(.forbidden, "The request was refused", csrf.reason, requestID: requestID, slug: "csrf")
        case let missing as RecordNotFound:
            return ProblemDetails(
                .notFound, "Not found", "No \(missing.recordType) record with id '\(missing.id.prefix(64))' is available to you.",
                requestID: requestID, slug: "not-found")
        case is DatabaseUnavailable, is AccessLogUnavailable:
            return ProblemDetails(
                .serviceUnavailable, "Lantern cannot save or show records right now",
                "Nothing was changed. Try again shortly; if it keeps happening, tell the service desk and quote the request id.",
                requestID: requestID, slug: "unavailable")
        case let http as HTTPError:
            return Self.from(http, requestID: requestID)
        case let decoding as DecodingError:
            let message = Self.describe(decoding)
            var problem = ProblemDetails(.badRequest, "The request could not be read", message.text, requestID: requestID, slug: "bad-request")
            if let field = message.field { problem.errors = [FieldError(field, message.text)] }
            return problem
        default:
            return ProblemDetails(
                .internalServerError, "Something went wrong",
                "Lantern hit an unexpected problem and changed nothing. Quote the request id to the service desk.",
                requestID: requestID, slug: "internal")
        }
    }

    /// Refusals that come from the state of the record asked for: erased, needing a purpose, already missing,
    /// changed by someone else.
    static func fromRecordState(_ error: any Error, requestID: String) -> ProblemDetails? {
        switch error {
        case let erased as RecordErased:
            var problem = ProblemDetails(
                .conflict, "This person's record has been erased",
                "The \(erased.recordType) \(erased.reference) belongs to an erased record; nothing more can be recorded on it.",
                requestID: requestID, slug: "record-erased")
            problem.errors = [FieldError("record", "Erased: nothing more can be recorded on \(erased.reference)")]
            return problem
        case is PurposeRequired:
            var problem = ProblemDetails(
                .badRequest, "Say why you are opening this record",
                "Opening a child's record needs a purpose: add ?purpose= with one of the listed values.",
                requestID: requestID, slug: "purpose-required")
            problem.errors = [FieldError("purpose", "Choose why you are opening this record")]
            problem.purposes = AccessPurpose.allCases.map(\.rawValue)
            return problem
        case let open as AlreadyMissing:
            var problem = ProblemDetails(
                .conflict, "This child is already reported missing",
                "Episode \(open.reference) is open for this child. Record what is new on it (a sighting, a re-assessment, "
                    + "a contact) instead of a second report.", requestID: requestID, slug: "already-missing")
            problem.errors = [FieldError("child", "Already missing: episode \(open.reference)")]
            problem.episode = "/api/v1/missing-episodes/\(open.episodeID)"
            return problem
        case let conflict as VersionConflict:
            var problem = ProblemDetails(
                .conflict, "Someone else changed this record",
                "You edited version \(conflict.expectedVersion) but the record is now at version \(conflict.currentVersion). "
                    + "Reload it, check the changes, and make yours again.",
                requestID: requestID, slug: "version-conflict")
            problem.currentVersion = conflict.currentVersion
            problem.changedFields = conflict.changedFields
            return problem
        default:
            return nil
        }
    }

    /// Hummingbird's own refusals (no such route, wrong method, body too large) in Lantern's words; a
    /// server error's own text is never shown.
    static func from(_ http: HTTPError, requestID: String) -> ProblemDetails {
        let status = http.status
        let detail: String
        switch status {
        case .notFound: detail = "There is no page or API endpoint at this address."
        case .methodNotAllowed: detail = "This address does not accept that method."
        case .contentTooLarge: detail = "The request body is too large."
        default: detail = (status.code < 500 ? http.body : nil) ?? status.reasonPhrase
        }
        return ProblemDetails(
            status, status.code == 404 ? "Page not found" : status.reasonPhrase, detail,
            requestID: requestID, slug: status.code == 404 ? "not-found" : "http-\(status.code)")
    }

    /// A specific, safe message for a JSON body that did not match the expected shape.
    /// A field's path as messages name it ("attendees.[0].name"); nil at the top of the body.
    static func path(_ codingPath: [any CodingKey]) -> String? {
        let names = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }

    static func describe(_ error: DecodingError) -> (field: String?, text: String) {
        switch error {
        case .keyNotFound(let key, let context):
            let field = (path(context.codingPath).map { $0 + "." } ?? "") + key.stringValue
            return (field, "The field '\(field)' is required")
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return (field, "The field '\(field ?? "body")' must be \(Self.kind(type))")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return (field, "The field '\(field ?? "body")' must be \(Self.kind(type)), not null")
        case .dataCorrupted(let context):
            if let field = path(context.codingPath), context.debugDescription == LanternRequestDecoder.notADate {
                return (field, "The field '\(field)' must be a date and time in ISO 8601 with a time zone, for example 2026-12-06T02:30:00Z")
            }
            if let field = path(context.codingPath) {
                return (field, "The field '\(field)' has a value that is not allowed")
            }
            return (nil, "The body is not valid JSON")
        @unknown default:
            return (nil, "The body could not be read")
        }
    }

    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "of the documented type"
        }
    }
}

/// A request the server cannot act on, with a message saying exactly why.
public struct BadRequest: Error, Sendable {
    public var field: String?
    public var message: String
    public init(_ message: String, field: String? = nil) {
        self.message = message
        self.field = field
    }
}
