import LanternCore
import Testing

@Suite("Text input rules")
struct TextInputTests {
    @Test(arguments: [("notes", "a\u{0}b", true), ("notes", "\u{0}", true), ("notes", "plain", false), ("notes", "", false)])
    func nulIsFound(field: String, text: String, refused: Bool) {
        #expect(TextInput.containsNUL(text) == refused)
        #expect((TextInput.nulError(in: [field: text]) == TextInput.nulError(field: field)) == refused)
    }

    @Test func theRefusalNamesTheField() {
        #expect(TextInput.nulError(in: ["givenName": "ok", "notes": "x\u{0}"])?.field == "notes")
        #expect(TextInput.nulError(field: "notes").message.contains("'notes'"))
    }
}
