import LanternCore
import SQLKit

/// `<column> LIKE '%text%' ESCAPE '!'`: `text` matches literally, wildcards and all. SQLite has no default
/// escape character, so the clause is always written; '!' needs no quoting in either dialect.
struct LikeContains: SQLExpression {
    let column: any SQLExpression
    let text: String

    init(_ column: any SQLExpression, _ text: String) {
        self.column = column
        self.text = text
    }

    func serialize(to serializer: inout SQLSerializer) {
        column.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind(TextInput.likeContains(text)).serialize(to: &serializer)
        serializer.write(" ESCAPE '\(TextInput.likeEscape)'")
    }
}

extension LikeContains {
    /// The lower-cased column, for case-insensitive matching of lower-cased text.
    static func lowered(_ column: String, _ text: String) -> LikeContains {
        LikeContains(SQLFunction("LOWER", args: SQLColumn(column)), text)
    }
}
