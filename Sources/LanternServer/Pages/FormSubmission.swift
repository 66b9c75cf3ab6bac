import Foundation
import Hummingbird
import LanternCore

/// What every form POST does: save, then go back with a notice; or, when the words need a language
/// review or a value is refused, show the same form again with each problem named and nothing saved.
enum FormSubmission {
    /// - Parameters:
    ///   - form: the posted fields, kept so the form comes back as the writer left it.
    ///   - save: does the work and returns the notice to show after the redirect.
    ///   - redirect: where to go on success, given the percent-encoded notice.
    ///   - reshow: renders the form again with its state, and the language review when there is one.
    static func handle(
        _ form: FormData, save: () async throws -> String, redirect: (String) -> String,
        reshow: (FormState, (LanguageReviewNeeded, String)?) -> Response
    ) async throws -> Response {
        var state = FormState(values: form.fields)
        do {
            let notice = try await save()
            return Response(
                status: .seeOther,
                headers: [
                    .location: redirect(notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                ])
        } catch let review as LanguageReviewNeeded {
            state.errors = [FieldError(review.field, review.message)]
            return reshow(state, (review, form[review.field] ?? ""))
        } catch let failure as ValidationFailure {
            state.errors = failure.errors
            return reshow(state, nil)
        }
    }
}
