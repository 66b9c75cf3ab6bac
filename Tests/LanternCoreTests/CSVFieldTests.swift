import Foundation
import LanternCore
import Testing

/// CSV export fields: quoted whenever they hold a separator, quote or line break (by Unicode scalar:
/// "\r\n" is one Character), and never startable as a spreadsheet formula, on any line.
@Suite("CSV fields")
struct CSVFieldTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("note\r\n=HYPERLINK(\"x\")", "\"note\r\n'=HYPERLINK(\"\"x\"\")\""),
        ("note\r=1+1", "\"note\r'=1+1\""),
        ("note\n@SUM(1)", "\"note\n'@SUM(1)\""),
        ("\r\n=2", "\"'\r\n'=2\""),
        ("café, crème", "\"café, crème\""),
    ])
    func fields(_ value: String, _ expected: String) {
        #expect(CSV.field(value) == expected)
        // Read back, the value is one field of one record.
        let parsed = CSV.records(CSV.field(value) + "\n")
        #expect(parsed.count == 1)
        #expect(parsed.first?.count == 1)
    }
}
