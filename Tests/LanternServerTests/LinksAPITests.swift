import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

@Suite("Links: API and pages")
struct LinksAPITests {
    /// An analyst, a coordinator and a partnership user signed in; Roy Baines (a suspect) and Kai Mensah (a child)
    /// on record, created by the coordinator.
    struct People {
        var analyst: ServerHarness.Browser
        var coordinator: ServerHarness.Browser
        var partner: ServerHarness.Browser
        var adult: String
        var child: String
    }

    static func people(_ h: ServerHarness) async throws -> People {
        try await h.test.addUser("analyst1", role: .analyst)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        try await h.test.addUser("mash1", role: .partnership)
        let coordinator = try await h.signIn("coord1")
        let adult = try await h.createPerson(coordinator, ["kind": "suspect", "givenName": "Roy", "familyName": "Baines"])
        let child = try await h.createPerson(
            coordinator, ["kind": "child", "givenName": "Kai", "familyName": "Mensah", "dateOfBirth": "2010-09-02"])
        return People(
            analyst: try await h.signIn("analyst1"), coordinator: coordinator, partner: try await h.signIn("mash1"), adult: adult, child: child)
    }

    /// `people` with the car LX19 ABC recorded by the analyst; returns the car's id too.
    static func withCar(_ h: ServerHarness) async throws -> (people: People, carID: String) {
        let people = try await people(h)
        let car = try await h.post(people.analyst, "/api/v1/objects", ["kind": "vehicle", "value": "lx19 abc"])
        return (people, try #require(try ServerHarness.object(car)["id"] as? String))
    }

    static func link(_ from: (String, String), _ to: (String, String), _ type: String, note: String) -> [String: Any] {
        ["from": ["kind": from.0, "id": from.1], "to": ["kind": to.0, "id": to.1], "type": type, "note": note]
    }

    /// `withCar`, with Roy linked as the car's driver and Kai as seen with it; returns the driver link's id too.
    static func linked(_ h: ServerHarness) async throws -> (people: People, linkID: String) {
        let (people, carID) = try await withCar(h)
        let link = try await h.post(
            people.analyst, "/api/v1/links", Self.link(("person", people.adult), ("object", carID), "drives", note: "Stop check 4471"))
        _ = try await h.post(people.analyst, "/api/v1/links", Self.link(("person", people.child), ("object", carID), "seen-with", note: "CCTV"))
        return (people, try #require(try ServerHarness.object(link)["id"] as? String))
    }

    @Test("An object is recorded once, however its value is typed", arguments: TestBackend.available)
    func anObjectIsRecordedOnce(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.people(h).analyst
            let car = try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "lx19 abc"])
            #expect(car.status == .created)
            let carBody = try ServerHarness.object(car)
            #expect(carBody["display"] as? String == "LX19 ABC")
            let carID = try #require(carBody["id"] as? String)
            let again = try ServerHarness.object(try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "LX19-ABC"]))
            #expect(again["id"] as? String == carID, "one vehicle however it is typed")
        }
    }

    @Test("An object with a bad value is refused by field", arguments: TestBackend.available)
    func aBadObjectIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.people(h).analyst
            let badObject = try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "!!"])
            #expect(badObject.status == .unprocessableContent)
            #expect(ServerHarness.fields(badObject) == ["value"])
        }
    }

    @Test("A link an analyst adds is created and shows on the person's panel", arguments: TestBackend.available)
    func anAddedLinkShowsOnThePanel(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (people, carID) = try await Self.withCar(h)
            let link = try await h.post(
                people.analyst, "/api/v1/links", Self.link(("person", people.adult), ("object", carID), "drives", note: "Stop check 4471"))
            #expect(link.status == .created, "\(String(buffer: link.body))")
            let panel = try ServerHarness.object(try await h.get(people.analyst, "/api/v1/entities/person/\(people.adult)/links"))
            let items = try #require(panel["links"] as? [[String: Any]])
            try #require(items.count == 1)
            #expect((items[0]["other"] as? [String: Any])?["title"] as? String == "LX19 ABC")
        }
    }

    @Test("A link the wrong way round is refused on both ends", arguments: TestBackend.available)
    func aLinkTheWrongWayRoundIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (people, carID) = try await Self.withCar(h)
            let wrongWay = try await h.post(
                people.analyst, "/api/v1/links", Self.link(("object", carID), ("person", people.adult), "drives", note: "x"))
            #expect(wrongWay.status == .unprocessableContent)
            #expect(ServerHarness.fields(wrongWay) == ["from", "to"])
        }
    }

    @Test("Partnership users may not add links", arguments: TestBackend.available)
    func partnersDoNotAddLinks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (people, carID) = try await Self.withCar(h)
            let refused = try await h.post(
                people.partner, "/api/v1/links", Self.link(("person", people.adult), ("object", carID), "drives", note: "x"))
            #expect(refused.status == .forbidden)
        }
    }

    @Test("A child's network reaches the adult who drives the car they were seen with, two hops away", arguments: TestBackend.available)
    func aNetworkReachesTwoHops(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let people = try await Self.linked(h).people
            let network = try ServerHarness.object(
                try await h.get(people.analyst, "/api/v1/entities/person/\(people.child)/network?hops=2&purpose=investigation"))
            let nodes = try #require(network["nodes"] as? [[String: Any]])
            let royNodes = nodes.filter { ($0["entity"] as? [String: Any])?["title"] as? String == "Roy Baines" }
            #expect(!royNodes.isEmpty)
            #expect(royNodes.contains { $0["hops"] as? Int == 2 })
        }
    }

    @Test("Entity requests with a bad depth, kind or id are refused", arguments: TestBackend.available)
    func badEntityRequestsAreRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let people = try await Self.people(h)
            let (analyst, child) = (people.analyst, people.child)
            #expect(try await h.get(analyst, "/api/v1/entities/person/\(child)/network?hops=9").status == .badRequest)
            #expect(try await h.get(analyst, "/api/v1/entities/planet/\(child)/links").status == .badRequest)
            #expect(try await h.get(analyst, "/api/v1/entities/person/nobody/links").status == .unprocessableContent)
        }
    }

    @Test("A network export is a CSV with the names in the network", arguments: TestBackend.available)
    func aNetworkExportIsACSV(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let people = try await Self.linked(h).people
            let export = try await h.post(
                people.coordinator, "/api/v1/entities/person/\(people.child)/network/export",
                ["hops": 2, "recipient": "Lambeth MASH", "purpose": "strategy-meeting"])
            #expect(export.status == .ok)
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: export.body).contains("Roy Baines"))
        }
    }

    @Test("A network export needs a recipient", arguments: TestBackend.available)
    func aNetworkExportNeedsARecipient(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let people = try await Self.linked(h).people
            let noRecipient = try await h.post(
                people.coordinator, "/api/v1/entities/person/\(people.child)/network/export", ["recipient": "", "purpose": "investigation"])
            #expect(noRecipient.status == .unprocessableContent)
            #expect(ServerHarness.fields(noRecipient) == ["recipient"])
        }
    }

    @Test("A link is ended once, and ending it again is refused", arguments: TestBackend.available)
    func aLinkIsEndedOnce(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (people, linkID) = try await Self.linked(h)
            let ended = try await h.post(people.analyst, "/api/v1/links/\(linkID)/end", ["reason": "Misread plate"])
            #expect(ended.status == .ok)
            #expect(try await h.post(people.analyst, "/api/v1/links/\(linkID)/end", ["reason": "again"]).status == .unprocessableContent)
        }
    }

    @Test("Ending a link that does not exist is not found", arguments: TestBackend.available)
    func endingAnUnknownLinkIsNotFound(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.people(h).analyst
            #expect(try await h.post(analyst, "/api/v1/links/nope/end", ["reason": "x"]).status == .notFound)
        }
    }

    @Test("Hotspots answer, and a window that is not a date is refused", arguments: TestBackend.available)
    func hotspotsAnswerAndRefuseABadWindow(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.linked(h).people.analyst
            let hotspots = try await h.get(analyst, "/api/v1/hotspots?minimumChildren=1")
            #expect(hotspots.status == .ok)
            #expect(try await h.get(analyst, "/api/v1/hotspots?from=last-week").status == .badRequest)
        }
    }

    /// An analyst and a coordinator signed in; William Thompson and Bill Thomson, two associates who may be one man.
    static func twoAssociates(_ h: ServerHarness) async throws -> (analyst: ServerHarness.Browser, first: String, second: String) {
        try await h.test.addUser("analyst1", role: .analyst)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        let coordinator = try await h.signIn("coord1")
        let first = try await h.createPerson(
            coordinator, ["kind": "associate", "givenName": "William", "familyName": "Thompson", "dateOfBirth": "1980-03-02"])
        let second = try await h.createPerson(
            coordinator, ["kind": "associate", "givenName": "Bill", "familyName": "Thomson", "dateOfBirth": "1980-02-03"])
        return (try await h.signIn("analyst1"), first, second)
    }

    /// `twoAssociates`, with Bill merged into William; returns the merge response too.
    static func merged(_ h: ServerHarness) async throws -> (analyst: ServerHarness.Browser, first: String, second: String, merged: TestResponse) {
        let (analyst, first, second) = try await twoAssociates(h)
        let merged = try await h.post(analyst, "/api/v1/people/\(second)/merge", ["survivorId": first, "reason": "Same man, same address"])
        return (analyst, first, second, merged)
    }

    static func mergeID(_ merged: TestResponse) throws -> String {
        try #require(try ServerHarness.object(merged)["id"] as? String)
    }

    @Test("A suggested match says why, through the other forms of a given name", arguments: TestBackend.available)
    func aMatchSaysWhy(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, first, _) = try await Self.twoAssociates(h)
            let matches = try ServerHarness.object(
                try await h.get(analyst, "/api/v1/people/matches?givenName=Bill&familyName=Thomson&dateOfBirth=1980-02-03"))
            let list = try #require(matches["matches"] as? [[String: Any]])
            let william = try #require(list.first { ($0["person"] as? [String: Any])?["id"] as? String == first })
            #expect((william["reasons"] as? [String])?.contains("Bill is a form of William") == true)
        }
    }

    @Test("A match search needs a name", arguments: TestBackend.available)
    func aMatchSearchNeedsAName(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.twoAssociates(h).analyst
            #expect(try await h.get(analyst, "/api/v1/people/matches").status == .unprocessableContent)
        }
    }

    @Test("A merge is created naming the survivor and the duplicate", arguments: TestBackend.available)
    func aMergeNamesTheSurvivorAndTheDuplicate(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (_, first, second, merged) = try await Self.merged(h)
            #expect(merged.status == .created, "\(String(buffer: merged.body))")
            let merge = try ServerHarness.object(merged)
            #expect(merge["survivorId"] as? String == first)
            #expect(merge["duplicateId"] as? String == second)
        }
    }

    @Test("The survivor's page offers to undo the merge", arguments: TestBackend.available)
    func theSurvivorsPageOffersUndo(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, first, _, _) = try await Self.merged(h)
            let page = try await h.get(analyst, "/people/\(first)")
            #expect(String(buffer: page.body).contains("Undo merge"))
        }
    }

    @Test("A record is not merged into itself", arguments: TestBackend.available)
    func aRecordIsNotMergedIntoItself(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, first, _) = try await Self.twoAssociates(h)
            let self_ = try await h.post(analyst, "/api/v1/people/\(first)/merge", ["survivorId": first, "reason": "x"])
            #expect(self_.status == .unprocessableContent)
            #expect(ServerHarness.fields(self_) == ["survivorId"])
        }
    }

    @Test("Undoing a merge records the reason", arguments: TestBackend.available)
    func undoingAMergeRecordsTheReason(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, _, _, merged) = try await Self.merged(h)
            let undone = try await h.post(analyst, "/api/v1/merges/\(try Self.mergeID(merged))/undo", ["reason": "Father and son"])
            let undoneBody = try ServerHarness.object(undone)
            #expect(undone.status == .ok)
            #expect(undoneBody["undoReason"] as? String == "Father and son")
        }
    }

    @Test("A merge is undone only once", arguments: TestBackend.available)
    func aMergeIsUndoneOnce(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, _, _, merged) = try await Self.merged(h)
            let mergeID = try Self.mergeID(merged)
            _ = try await h.post(analyst, "/api/v1/merges/\(mergeID)/undo", ["reason": "Father and son"])
            #expect(try await h.post(analyst, "/api/v1/merges/\(mergeID)/undo", ["reason": "again"]).status == .unprocessableContent)
        }
    }

    @Test("Undoing a merge that does not exist is not found", arguments: TestBackend.available)
    func undoingAnUnknownMergeIsNotFound(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.twoAssociates(h).analyst
            #expect(try await h.post(analyst, "/api/v1/merges/nope/undo", ["reason": "x"]).status == .notFound)
        }
    }

    /// An analyst signed in, and Roy Baines (a suspect) on record.
    static func analystAndSuspect(_ h: ServerHarness) async throws -> (analyst: ServerHarness.Browser, adult: String) {
        try await h.test.addUser("analyst1", role: .analyst)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        let adult = try await h.createPerson(
            try await h.signIn("coord1"), ["kind": "suspect", "givenName": "Roy", "familyName": "Baines"])
        return (try await h.signIn("analyst1"), adult)
    }

    /// Posts the add-link form: Roy lives at `address`.
    static func livesAt(
        _ h: ServerHarness, _ analyst: ServerHarness.Browser, _ adult: String, _ address: String, postcode: String? = nil
    ) async throws -> TestResponse {
        var fields = [
            "_csrf": analyst.csrf, "fromKind": "person", "fromId": adult, "type": "lives-at", "toKind": "location", "toValue": address,
            "at": "2026-01-01T10:00", "note": "Council tax",
        ]
        if let postcode { fields["postcode"] = postcode }
        return try await h.client.execute(
            uri: "/links/new", method: .post, headers: [.cookie: analyst.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: PageTests.form(fields))
    }

    /// `analystAndSuspect`, with Roy living at 2 Mill Road, SE5 9AA, added through the form.
    static func suspectWithAnAddress(_ h: ServerHarness) async throws -> (analyst: ServerHarness.Browser, adult: String) {
        let (analyst, adult) = try await analystAndSuspect(h)
        let saved = try await livesAt(h, analyst, adult, "2 Mill Road", postcode: "SE5 9AA")
        try #require(saved.status == .seeOther)
        return (analyst, adult)
    }

    @Test("The add-link form opens from a person", arguments: TestBackend.available)
    func theAddLinkFormOpens(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, adult) = try await Self.analystAndSuspect(h)
            let form = try await h.get(analyst, "/links/new?fromKind=person&fromId=\(adult)")
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("Add a link"))
        }
    }

    @Test("The add-link form refuses an address with no building number", arguments: TestBackend.available)
    func theAddLinkFormRefusesAnAddressWithNoNumber(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, adult) = try await Self.analystAndSuspect(h)
            let bad = try await Self.livesAt(h, analyst, adult, "Mill Road")
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("building number"))
        }
    }

    @Test("The add-link form saves a link to an address and redirects", arguments: TestBackend.available)
    func theAddLinkFormSaves(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, adult) = try await Self.analystAndSuspect(h)
            let saved = try await Self.livesAt(h, analyst, adult, "2 Mill Road", postcode: "SE5 9AA")
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(300))")
        }
    }

    @Test("The network page draws the links as inline SVG with no script", arguments: TestBackend.available)
    func theNetworkPageDrawsInlineSVG(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, adult) = try await Self.suspectWithAnAddress(h)
            let network = try await h.get(analyst, "/network/person/\(adult)?hops=2")
            let html = String(buffer: network.body)
            #expect(network.status == .ok)
            #expect(html.contains("<svg class=\"network__graph\""))
            #expect(html.contains("2 Mill Road"))
            let svg = html.components(separatedBy: "<svg class=\"network__graph\"").last?.components(separatedBy: "</svg>").first ?? ""
            #expect(!svg.isEmpty, "the drawing is inline SVG with no script")
            #expect(!svg.contains("script"), "the drawing is inline SVG with no script")
        }
    }

    @Test("A location's page names the people linked to it", arguments: TestBackend.available)
    func aLocationPageNamesItsPeople(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (analyst, adult) = try await Self.suspectWithAnAddress(h)
            let reader = try #require(try await h.test.store.accounts.user(named: "analyst1"))
            let location = try #require(
                try await h.test.store.links.panel(of: EntityRef(.person, adult), context: h.test.context(reader)).links.first?.other.ref.id)
            let place = try await h.get(analyst, "/locations/\(location)")
            #expect(place.status == .ok)
            #expect(String(buffer: place.body).contains("Roy Baines"))
        }
    }

    @Test("An unknown location's page is not found", arguments: TestBackend.available)
    func anUnknownLocationIsNotFound(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.analystAndSuspect(h).analyst
            #expect(try await h.get(analyst, "/locations/nowhere").status == .notFound)
        }
    }

    @Test("The hotspots page answers, and refuses days that are not a number", arguments: TestBackend.available)
    func theHotspotsPage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let analyst = try await Self.suspectWithAnAddress(h).analyst
            let hotspots = try await h.get(analyst, "/hotspots?days=30&min=1")
            #expect(hotspots.status == .ok)
            #expect(try await h.get(analyst, "/hotspots?days=lots").status == .unprocessableContent)
        }
    }
}
