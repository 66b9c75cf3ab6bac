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
    @Test(arguments: TestBackend.available)
    func objectsLinksNetworkAndExport(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("analyst1", role: .analyst)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            try await h.test.addUser("mash1", role: .partnership)
            let analyst = try await h.signIn("analyst1")
            let coordinator = try await h.signIn("coord1")
            let partner = try await h.signIn("mash1")
            let adult = try await h.createPerson(coordinator, ["kind": "suspect", "givenName": "Roy", "familyName": "Baines"])
            let child = try await h.createPerson(
                coordinator, ["kind": "child", "givenName": "Kai", "familyName": "Mensah", "dateOfBirth": "2010-09-02"])

            let car = try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "lx19 abc"])
            #expect(car.status == .created)
            let carBody = try ServerHarness.object(car)
            #expect(carBody["display"] as? String == "LX19 ABC")
            let carID = try #require(carBody["id"] as? String)
            let again = try ServerHarness.object(try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "LX19-ABC"]))
            #expect(again["id"] as? String == carID, "one vehicle however it is typed")
            let badObject = try await h.post(analyst, "/api/v1/objects", ["kind": "vehicle", "value": "!!"])
            #expect(badObject.status == .unprocessableContent && ServerHarness.fields(badObject) == ["value"])

            let link = try await h.post(
                analyst, "/api/v1/links",
                [
                    "from": ["kind": "person", "id": adult], "to": ["kind": "object", "id": carID], "type": "drives", "note": "Stop check 4471",
                ])
            #expect(link.status == .created, "\(String(buffer: link.body))")
            let linkID = try #require(try ServerHarness.object(link)["id"] as? String)
            _ = try await h.post(
                analyst, "/api/v1/links",
                [
                    "from": ["kind": "person", "id": child], "to": ["kind": "object", "id": carID], "type": "seen-with", "note": "CCTV",
                ])
            let wrongWay = try await h.post(
                analyst, "/api/v1/links",
                [
                    "from": ["kind": "object", "id": carID], "to": ["kind": "person", "id": adult], "type": "drives", "note": "x",
                ])
            #expect(wrongWay.status == .unprocessableContent && ServerHarness.fields(wrongWay) == ["from", "to"])
            let refused = try await h.post(
                partner, "/api/v1/links",
                [
                    "from": ["kind": "person", "id": adult], "to": ["kind": "object", "id": carID], "type": "drives", "note": "x",
                ])
            #expect(refused.status == .forbidden)

            let panel = try ServerHarness.object(try await h.get(analyst, "/api/v1/entities/person/\(adult)/links"))
            let items = try #require(panel["links"] as? [[String: Any]])
            #expect(items.count == 1 && (items[0]["other"] as? [String: Any])?["title"] as? String == "LX19 ABC")
            let network = try ServerHarness.object(try await h.get(analyst, "/api/v1/entities/person/\(child)/network?hops=2&purpose=investigation"))
            let nodes = try #require(network["nodes"] as? [[String: Any]])
            #expect(nodes.contains { ($0["entity"] as? [String: Any])?["title"] as? String == "Roy Baines" && $0["hops"] as? Int == 2 })
            #expect(try await h.get(analyst, "/api/v1/entities/person/\(child)/network?hops=9").status == .badRequest)
            #expect(try await h.get(analyst, "/api/v1/entities/planet/\(child)/links").status == .badRequest)
            #expect(try await h.get(analyst, "/api/v1/entities/person/nobody/links").status == .unprocessableContent)

            let export = try await h.post(
                coordinator, "/api/v1/entities/person/\(child)/network/export",
                ["hops": 2, "recipient": "Lambeth MASH", "purpose": "strategy-meeting"])
            #expect(export.status == .ok && export.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: export.body).contains("Roy Baines"))
            let noRecipient = try await h.post(
                coordinator, "/api/v1/entities/person/\(child)/network/export", ["recipient": "", "purpose": "investigation"])
            #expect(noRecipient.status == .unprocessableContent && ServerHarness.fields(noRecipient) == ["recipient"])

            let ended = try await h.post(analyst, "/api/v1/links/\(linkID)/end", ["reason": "Misread plate"])
            #expect(ended.status == .ok)
            #expect(try await h.post(analyst, "/api/v1/links/\(linkID)/end", ["reason": "again"]).status == .unprocessableContent)
            #expect(try await h.post(analyst, "/api/v1/links/nope/end", ["reason": "x"]).status == .notFound)

            let hotspots = try await h.get(analyst, "/api/v1/hotspots?minimumChildren=1")
            #expect(hotspots.status == .ok)
            #expect(try await h.get(analyst, "/api/v1/hotspots?from=last-week").status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func matchesMergeAndUndo(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("analyst1", role: .analyst)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let analyst = try await h.signIn("analyst1")
            let coordinator = try await h.signIn("coord1")
            let first = try await h.createPerson(
                coordinator, ["kind": "associate", "givenName": "William", "familyName": "Thompson", "dateOfBirth": "1980-03-02"])
            let second = try await h.createPerson(
                coordinator, ["kind": "associate", "givenName": "Bill", "familyName": "Thomson", "dateOfBirth": "1980-02-03"])
            let matches = try ServerHarness.object(
                try await h.get(analyst, "/api/v1/people/matches?givenName=Bill&familyName=Thomson&dateOfBirth=1980-02-03"))
            let list = try #require(matches["matches"] as? [[String: Any]])
            let william = try #require(list.first { ($0["person"] as? [String: Any])?["id"] as? String == first })
            #expect((william["reasons"] as? [String])?.contains("Bill is a form of William") == true)
            #expect(try await h.get(analyst, "/api/v1/people/matches").status == .unprocessableContent)

            let merged = try await h.post(analyst, "/api/v1/people/\(second)/merge", ["survivorId": first, "reason": "Same man, same address"])
            #expect(merged.status == .created, "\(String(buffer: merged.body))")
            let merge = try ServerHarness.object(merged)
            #expect(merge["survivorId"] as? String == first && merge["duplicateId"] as? String == second)
            let mergeID = try #require(merge["id"] as? String)
            let page = try await h.get(analyst, "/people/\(first)")
            #expect(String(buffer: page.body).contains("Undo merge"))
            let self_ = try await h.post(analyst, "/api/v1/people/\(first)/merge", ["survivorId": first, "reason": "x"])
            #expect(self_.status == .unprocessableContent && ServerHarness.fields(self_) == ["survivorId"])
            let undone = try await h.post(analyst, "/api/v1/merges/\(mergeID)/undo", ["reason": "Father and son"])
            let undoneBody = try ServerHarness.object(undone)
            #expect(undone.status == .ok && undoneBody["undoReason"] as? String == "Father and son")
            #expect(try await h.post(analyst, "/api/v1/merges/\(mergeID)/undo", ["reason": "again"]).status == .unprocessableContent)
            #expect(try await h.post(analyst, "/api/v1/merges/nope/undo", ["reason": "x"]).status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func networkHotspotsLocationAndLinkPages(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            try await h.test.addUser("analyst1", role: .analyst)
            try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
            let analyst = try await h.signIn("analyst1")
            let coordinator = try await h.signIn("coord1")
            let adult = try await h.createPerson(coordinator, ["kind": "suspect", "givenName": "Roy", "familyName": "Baines"])
            let headers: HTTPFields = [.cookie: analyst.cookie, .contentType: "application/x-www-form-urlencoded"]
            let form = try await h.get(analyst, "/links/new?fromKind=person&fromId=\(adult)")
            #expect(form.status == .ok && String(buffer: form.body).contains("Add a link"))
            let bad = try await h.client.execute(
                uri: "/links/new", method: .post, headers: headers,
                body: PageTests.form([
                    "_csrf": analyst.csrf, "fromKind": "person", "fromId": adult, "type": "lives-at", "toKind": "location", "toValue": "Mill Road",
                    "at": "2026-01-01T10:00", "note": "Council tax",
                ]))
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("building number"))
            let saved = try await h.client.execute(
                uri: "/links/new", method: .post, headers: headers,
                body: PageTests.form([
                    "_csrf": analyst.csrf, "fromKind": "person", "fromId": adult, "type": "lives-at", "toKind": "location", "toValue": "2 Mill Road",
                    "postcode": "SE5 9AA", "at": "2026-01-01T10:00", "note": "Council tax",
                ]))
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(300))")
            let network = try await h.get(analyst, "/network/person/\(adult)?hops=2")
            let html = String(buffer: network.body)
            #expect(network.status == .ok && html.contains("<svg class=\"network__graph\"") && html.contains("2 Mill Road"))
            let svg = html.components(separatedBy: "<svg class=\"network__graph\"").last?.components(separatedBy: "</svg>").first ?? ""
            #expect(!svg.isEmpty && !svg.contains("script"), "the drawing is inline SVG with no script")
            let location = try #require(
                try await h.test.store.links.panel(
                    of: EntityRef(.person, adult),
                    context: h.test.context(
                        try await h.test.store.accounts.user(named: "analyst1")!)
                ).links.first?.other.ref.id)
            let place = try await h.get(analyst, "/locations/\(location)")
            #expect(place.status == .ok && String(buffer: place.body).contains("Roy Baines"))
            #expect(try await h.get(analyst, "/locations/nowhere").status == .notFound)
            let hotspots = try await h.get(analyst, "/hotspots?days=30&min=1")
            #expect(hotspots.status == .ok)
            #expect(try await h.get(analyst, "/hotspots?days=lots").status == .unprocessableContent)
        }
    }
}
