import Foundation
import LanternCore
import Testing

@Suite("Import files")
struct ImportFileTests {
    static let today = Date(timeIntervalSince1970: 1_800_000_000)
    static let header = ImportFile.csvHeader.joined(separator: ",") + "\n"

    @Test func aGoodCSVFile() {
        let file = ImportFile.parse(
            csv: Self.header + """
                entity,P1,associate,Gary,Pike,1971-08-05,,,,,,,,
                entity,L1,location,,,,"Flat 4, 12 Acre Lane",sw25sg,,,,,,
                entity,V1,vehicle,,,,,,lx19 abc,,,,,
                link,,,,,,,,,P1,L1,lives-at,2026-01-01T00:00:00Z,Council tax
                link,,,,,,,,,P1,V1,drives,2026-02-01T09:30:00Z,"Stop check, ref 4471"
                """, today: Self.today)
        #expect(file.rejected.isEmpty)
        #expect(file.entities.map(\.ref) == ["P1", "L1", "V1"])
        #expect(file.links.count == 2)
        #expect(file.entities[1].body == .location(address: "Flat 4, 12 Acre Lane", postcode: "SW2 5SG"))
        #expect(file.links[1].note == "Stop check, ref 4471")
    }

    struct BadRow: Sendable, CustomStringConvertible {
        var description: String
        var row: String
        var field: String
    }

    static let badRows: [BadRow] = [
        BadRow(description: "unknown record", row: "thing,X,associate,A,B,,,,,,,,,", field: "record"),
        BadRow(description: "no ref", row: "entity,,associate,A,B,,,,,,,,,", field: "ref"),
        BadRow(description: "unknown kind", row: "entity,X,wizard,A,B,,,,,,,,,", field: "kind"),
        BadRow(description: "no family name", row: "entity,X,associate,A,,,,,,,,,,", field: "family_name"),
        BadRow(description: "date of birth in the future", row: "entity,X,associate,A,B,2099-01-01,,,,,,,,", field: "date_of_birth"),
        BadRow(description: "address with no number or postcode", row: "entity,X,location,,,,Acre Lane,,,,,,,", field: "address"),
        BadRow(description: "bad postcode", row: "entity,X,location,,,,12 Acre Lane,SW2,,,,,,", field: "postcode"),
        BadRow(description: "bad phone", row: "entity,X,phone,,,,,,call me,,,,,", field: "value"),
        BadRow(description: "unknown link type", row: "link,,,,,,,,,P1,L1,knows,2026-01-01T00:00:00Z,x", field: "type"),
        BadRow(description: "link time not ISO", row: "link,,,,,,,,,P1,L1,lives-at,yesterday,x", field: "at"),
        BadRow(description: "link in the future", row: "link,,,,,,,,,P1,L1,lives-at,2099-01-01T00:00:00Z,x", field: "at"),
        BadRow(description: "link without a source", row: "link,,,,,,,,,P1,L1,lives-at,2026-01-01T00:00:00Z,", field: "note"),
        BadRow(description: "too few columns", row: "entity,X,associate", field: "columns"),
    ]

    @Test(arguments: badRows)
    func badRowsAreReportedWithLineAndField(_ c: BadRow) {
        let file = ImportFile.parse(csv: Self.header + "entity,OK,associate,Fine,Row,,,,,,,,,\n" + c.row + "\n", today: Self.today)
        #expect(file.rejected.count == 1)
        #expect(file.rejected.first?.line == 3, "\(file.rejected)")
        #expect(file.rejected.first?.field == c.field, "\(file.rejected)")
    }

    @Test func refsAreUniqueAndLinkEndsFitTheType() {
        let file = ImportFile.parse(
            csv: Self.header + """
                entity,P1,associate,A,B,,,,,,,,,
                entity,P1,associate,C,D,,,,,,,,,
                entity,L1,location,,,,12 Acre Lane,SW2 5SG,,,,,,
                link,,,,,,,,,L1,P1,drives,2026-01-01T00:00:00Z,x
                """, today: Self.today)
        #expect(
            file.rejected.map(\.description) == [
                "line 3, ref: 'P1' is already defined on line 2",
                "line 5, from: A 'drives' link cannot start at a location",
                "line 5, to: A 'drives' link cannot go to a person",
            ])
    }

    @Test func headerAndJSON() {
        #expect(ImportFile.parse(csv: "ref,kind\n", today: Self.today).rejected.first?.field == "header")
        #expect(ImportFile.parse(csv: "", today: Self.today).rejected.first?.field == "header")
        let json = """
            {"entities": [{"ref": "P1", "kind": "suspect", "givenName": "Roy", "familyName": "Baines"},
                          {"ref": "T1", "kind": "phone", "value": "07700 900999"}],
             "links": [{"from": "P1", "to": "T1", "type": "uses-phone", "at": "2026-03-01T12:00:00Z", "note": "Seized phone download"}]}
            """
        let file = ImportFile.parse(json: Data(json.utf8), today: Self.today)
        #expect(file.rejected.isEmpty)
        #expect(file.entities.count == 2)
        #expect(file.links.first?.type == .usesPhone)
        let bad = ImportFile.parse(
            json: Data(#"{"entities": [{"ref": "P1", "kind": "suspect", "givenName": 7, "familyName": "B"}], "extra": 1}"#.utf8),
            today: Self.today)
        #expect(Set(bad.rejected.map(\.field)) == ["file", "givenName", "given_name"])
        #expect(ImportFile.parse(json: Data("[]".utf8), today: Self.today).rejected.first?.field == "file")
    }
}
