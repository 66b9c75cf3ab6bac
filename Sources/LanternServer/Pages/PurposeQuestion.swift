import Hummingbird
import LanternCore

/// "Why are you opening this record?": asked before any child's record is shown (DPA 2018 s62),
/// with an error when the form came back without a choice. Nothing is shown or logged until answered.
enum PurposeQuestion {
    static func page(_ pages: PageRenderer, _ request: Request, _ context: LanternRequestContext) -> Response {
        let submitted = request.uri.queryParameters["purpose"] != nil || request.uri.queryParameters["note"] != nil
        var state = FormState()
        if submitted { state.errors = [FieldError("purpose", "Choose why you are opening this record")] }
        var data = state.templateData
        data["action"] = request.uri.path
        data["purposes"] = PeoplePages.purposeOptions(selected: nil)
        return pages.render("purpose", title: "Why are you opening this record?", data: data, context: context,
                            status: submitted ? .unprocessableContent : .ok)
    }
}
