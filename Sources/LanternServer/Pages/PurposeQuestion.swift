import Hummingbird
import LanternCore

/// "Why are you opening this record?": asked before any child's record is shown (DPA 2018 s62),
/// with an error when the form came back without a choice. Nothing is shown or logged until answered.
enum PurposeQuestion {
    /// What the question says: a child's record by default; the access log asks the same way.
    struct Wording {
        var heading = "Why are you opening this record?"
        var hint =
            "This is a child's record. The law (Data Protection Act 2018, section 62) requires a reason for every look at it; "
            + "your answer is kept in the access log."
        var error = "Choose why you are opening this record"
        var button = "Open record"
        /// Query parameters carried through the question (filters already typed; the notice of what was just saved).
        var keep: [String] = ["saved"]
    }

    static let accessLog = Wording(
        heading: "Why are you reading the access log?",
        hint: "The access log holds who looked at which child's record. Reading it needs a reason like any record; your answer is itself logged.",
        error: "Choose why you are reading the access log", button: "Read the log", keep: ["actor", "record", "action", "before", "limit"])

    static func page(_ pages: PageRenderer, _ request: Request, _ context: LanternRequestContext, wording: Wording = Wording()) -> Response {
        let query = request.uri.queryParameters
        let submitted = query["purpose"] != nil || query["note"] != nil
        var state = FormState()
        if submitted { state.errors = [FieldError("purpose", wording.error)] }
        var data = state.templateData
        data["action"] = request.uri.path
        data["purposes"] = PeoplePages.purposeOptions(selected: nil)
        data["heading"] = wording.heading
        data["hint"] = wording.hint
        data["error"] = wording.error
        data["button"] = wording.button
        data["kept"] = wording.keep.compactMap { name in query[Substring(name)].map { ["name": name, "value": String($0)] } }
        return pages.render(
            "purpose", title: wording.heading, data: data, context: context,
            status: submitted ? .unprocessableContent : .ok)
    }
}
