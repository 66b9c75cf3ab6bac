import HTTPTypes
import Hummingbird
import LanternCore

/// What every use of `form-page.mustache` sets: the heading, the button, where it posts and where Cancel goes.
/// Written once so each form says only what is its own (its fields, and any facts or warning).
struct FormPage {
    var heading: String
    var intro: String? = nil
    var submit: String
    var action: String
    var cancel: String
    /// The purpose the record was opened for, carried through the POST so the page after it needs no second asking.
    var purpose: String? = nil
    var hidden: [[String: String]]? = nil
}

extension PageRenderer {
    /// A form page: what was typed and its errors (`state`), the drawn `fields`, and the language panel while a
    /// review is pending. `title` is the browser title when it differs from the heading.
    func form(
        _ page: FormPage, fields: [[String: Any]], state: FormState, review: (LanguageReviewNeeded, String)? = nil,
        title: String? = nil, extra: [String: Any] = [:], context: LanternRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var data = state.templateData
        data["heading"] = page.heading
        if let intro = page.intro { data["intro"] = intro }
        data["submitLabel"] = page.submit
        data["action"] = page.action
        if let purpose = page.purpose { data["purpose"] = purpose }
        data["cancel"] = page.cancel
        if let hidden = page.hidden { data["hidden"] = hidden }
        data["formFields"] = fields
        for (key, value) in extra { data[key] = value }
        if let (review, text) = review { data["language"] = LanguageHighlight.panel(review, text: text) }
        return render("form-page", title: title ?? page.heading, data: data, context: context, status: status)
    }
}
