import LanternCore
import Testing

@Suite("Search text rules")
struct SearchTextTests {
    @Test(arguments: [("%%", 0), ("__", 0), (" % _ ", 0), ("ab", 2), ("o'b", 2), ("Zoë", 3), ("a%", 1)])
    func searchesCountLettersAndDigits(text: String, count: Int) {
        #expect(TextInput.searchCharacterCount(text) == count)
    }

    @Test(arguments: [("50%", "%50!%%"), ("a_b", "%a!_b%"), ("wow!", "%wow!!%"), ("plain", "%plain%")])
    func likePatternsMatchLiterally(text: String, pattern: String) {
        #expect(TextInput.likeContains(text) == pattern)
    }
}
