import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

/// Kai reported missing at high risk through the API an hour after he was last seen; each test starts from that report.
@Suite("Missing children: an episode through the API")
struct MissingEpisodeAPITests {
    struct Reported {
        var officer: ServerHarness.Browser
        var body: [String: Any]
        var id: String
        var childID: String
        var now: Date
        var status: HTTPResponse.Status
    }

    static func reported(_ h: ServerHarness) async throws -> Reported {
        try await h.test.addUser("officer1", role: .responseOfficer)
        try await h.test.addUser("inspector1", role: .supervisor, rank: .inspector)
        try await h.test.addUser("coord1", role: .missingPersonsCoordinator, rank: .staff)
        let officer = try await h.signIn("officer1")
        let now = h.test.clock.now()
        let created = try await h.post(officer, "/api/v1/missing-episodes", MissingAPITests.report(h, lastSeen: now.addingTimeInterval(-3_600)))
        let body = try ServerHarness.object(created)
        let id = try #require((body["episode"] as? [String: Any])?["id"] as? String)
        let childID = try #require(body["childId"] as? String)
        return Reported(officer: officer, body: body, id: id, childID: childID, now: now, status: created.status)
    }

    func get(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ uri: String) async throws -> TestResponse {
        try await h.client.execute(uri: uri, method: .get, headers: [.cookie: browser.cookie])
    }

    @Test(arguments: TestBackend.available)
    func aReportIsCreatedAndGradedWithItsKeysSpelledId(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            #expect(kai.status == .created)
            let episode = try #require(kai.body["episode"] as? [String: Any])
            #expect(episode["grade"] as? String == "high")
            #expect(episode["childId"] as? String == kai.childID, "API keys are spelled ...Id")
            #expect((kai.body["assessment"] as? [String: Any])?["decision"] != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func theChildRecordRefusesAPhilomenaVersionItDoesNotHave(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let noVersion = try await get(h, kai.officer, "/api/v1/children/\(kai.childID)?purpose=missing-episode&philomenaVersion=2")
            #expect(noVersion.status == .unprocessableContent, "no Philomena profile yet")
            for bad in ["0", "-1", "two", "99999999999999999999"] {
                let refused = try await get(h, kai.officer, "/api/v1/children/\(kai.childID)?purpose=missing-episode&philomenaVersion=\(bad)")
                #expect(refused.status == .unprocessableContent, "philomenaVersion=\(bad)")
                #expect(try MissingAPITests.fields(refused) == ["philomenaVersion"], "philomenaVersion=\(bad)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theChildsPageHasTheInterviewsAfterEachReturn(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let childPage = try await get(h, kai.officer, "/children/\(kai.childID)?purpose=missing-episode")
            #expect(childPage.status == .ok)
            #expect(String(buffer: childPage.body).contains("Interviews after each return"))
        }
    }

    @Test(arguments: TestBackend.available)
    func readingAnEpisodeNeedsAPurpose(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            #expect(try await get(h, kai.officer, "/api/v1/missing-episodes/\(kai.id)").status == .badRequest)
        }
    }

    @Test(arguments: TestBackend.available)
    func anEpisodeReadForAPurposeShowsWhatClosureNeedsAndWhoReviewsAndIsLogged(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let read = try await get(h, kai.officer, "/api/v1/missing-episodes/\(kai.id)?purpose=missing-episode")
            #expect(read.status == .ok)
            let record = try ServerHarness.object(read)
            #expect((record["closureNeeds"] as? [[String: Any]])?.count == 2)
            #expect((record["review"] as? [String: Any])?["rank"] as? String == "inspector")
            let logged = try await h.test.store.accessLog.entries(requestID: read.headers[HTTPField.Name("X-Request-Id")!] ?? "")
            #expect(logged.first?.entry.purpose == .missingEpisode)
        }
    }

    @Test(arguments: TestBackend.available)
    func theInspectorsReviewQueueHoldsTheReviewNotEscalated(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            _ = try await Self.reported(h)
            let reviews = try await get(h, try await h.signIn("inspector1"), "/api/v1/queues/reviews")
            let reviewItems = try ServerHarness.object(reviews)["items"] as? [[String: Any]]
            #expect(reviews.status == .ok)
            #expect(reviewItems?.count == 1)
            #expect(reviewItems?.first?["escalatedToYou"] as? Bool == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func aSightingKeepsWhatTheChildSaid(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let sighting = try await h.post(
                kai.officer, "/api/v1/missing-episodes/\(kai.id)/sightings",
                [
                    "at": MissingAPITests.iso(kai.now.addingTimeInterval(-600)), "place": "Brixton station", "reportedBy": "Station staff",
                    "childSaid": "Leave me alone, I'm going to my brother's.",
                ])
            #expect(sighting.status == .created)
            let seen = try ServerHarness.object(sighting)["sighting"] as? [String: Any]
            #expect(seen?["childSaid"] as? String == "Leave me alone, I'm going to my brother's.")
        }
    }

    @Test(arguments: TestBackend.available)
    func aHighRiskReportsStepsAndAnEnquiryAreInTheOfficersTasks(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let enquiry = try await h.post(
                kai.officer, "/api/v1/missing-episodes/\(kai.id)/enquiries",
                [
                    "title": "Call his brother", "owner": "officer1", "dueAt": MissingAPITests.iso(kai.now.addingTimeInterval(3_600)),
                ])
            #expect(enquiry.status == .created, "\(String(buffer: enquiry.body).prefix(300))")
            let mine = try await get(h, kai.officer, "/api/v1/queues/my-tasks")
            let mineItems = try ServerHarness.object(mine)["items"] as? [[String: Any]]
            let kinds = (mineItems ?? []).compactMap { ($0["task"] as? [String: Any])?["kind"] as? String }.sorted()
            #expect(kinds == ["child-rescue-alert", "enquiry", "pnc-circulation"], "a high-risk report records its steps")
        }
    }

    @Test(arguments: TestBackend.available)
    func theDataQualityQueueIsEmptyBeforeTheDeadline(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let quality = try await get(h, kai.officer, "/api/v1/queues/data-quality")
            let qualityItems = try ServerHarness.object(quality)["items"] as? [Any]
            #expect(quality.status == .ok)
            #expect(qualityItems?.isEmpty == true, "not yet past the deadline")
        }
    }

    @Test(arguments: TestBackend.available)
    func theDataQualityPageSaysWhatItLooksFor(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let qualityPage = try await get(h, kai.officer, "/missing/data-quality")
            #expect(qualityPage.status == .ok)
            #expect(String(buffer: qualityPage.body).contains("Local authority not yet told"))
        }
    }

    @Test(arguments: TestBackend.available)
    func anOfficerCannotReviewAnEpisode(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            let refusedReview = try await h.post(kai.officer, "/api/v1/missing-episodes/\(kai.id)/reviews", ["grade": "high", "direction": "Search"])
            #expect(refusedReview.status == .forbidden)
        }
    }

    /// Reviewed by the inspector and the local authority told: what every found record starts from.
    static func reviewedAndNotified(_ h: ServerHarness, _ kai: Reported) async throws -> (reviewed: HTTPResponse.Status, contact: HTTPResponse.Status)
    {
        let inspector = try await h.signIn("inspector1")
        let reviewed = try await h.post(
            inspector, "/api/v1/missing-episodes/\(kai.id)/reviews",
            ["grade": "high", "direction": "Search the park and call his friends."])
        let contact = try await h.post(
            kai.officer, "/api/v1/missing-episodes/\(kai.id)/contacts",
            [
                "agency": "childrens-social-care", "organisation": "Lambeth Children's Services", "personName": "Duty worker",
                "at": MissingAPITests.iso(kai.now), "method": "phone", "summary": "Told them Kai is missing.", "notifiesLocalAuthority": true,
            ])
        return (reviewed.status, contact.status)
    }

    @Test(arguments: TestBackend.available)
    func anInspectorReviewsAndTheLocalAuthorityIsToldThroughTheAPI(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (reviewed, contact) = try await Self.reviewedAndNotified(h, try await Self.reported(h))
            #expect(reviewed == .created)
            #expect(contact == .created)
        }
    }

    @Test(arguments: TestBackend.available)
    func aFoundTimeBeforeTheChildWasLastSeenIsRefused(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            _ = try await Self.reviewedAndNotified(h, kai)
            let early = try await h.post(
                kai.officer, "/api/v1/missing-episodes/\(kai.id)/found",
                [
                    "foundAt": MissingAPITests.iso(kai.now.addingTimeInterval(-7_200)), "place": "Croydon", "condition": "Well",
                    "howFound": "found-by-police",
                ])
            #expect(early.status == .unprocessableContent)
            #expect(try MissingAPITests.fields(early) == ["foundAt"])
        }
    }

    /// Found: closure waits for the prevention interview and the review of the return, then goes through.
    @Test(arguments: TestBackend.available)
    func aFoundEpisodeClosesOnceThePreventionInterviewIsDoneAndTheReturnReviewed(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let kai = try await Self.reported(h)
            _ = try await Self.reviewedAndNotified(h, kai)
            let id = kai.id
            let found = try await h.post(
                kai.officer, "/api/v1/missing-episodes/\(id)/found",
                [
                    "foundAt": MissingAPITests.iso(kai.now), "place": "West Croydon bus station", "condition": "Tired", "howFound": "found-by-police",
                    "childSaid": "I just wanted to see my brother.",
                ])
            #expect(found.status == .created)
            #expect((try ServerHarness.object(found)["alerts"] as? [Any])?.isEmpty == true, "the found answer carries the alerts raised: none")
            let coordinator = try await h.signIn("coord1")
            let closing = try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:])
            #expect(closing.status == .unprocessableContent)
            #expect(try MissingAPITests.fields(closing) == ["preventionInterview", "returnReview"])
            let returnReview = try await h.post(
                try await h.signIn("inspector1"), "/api/v1/missing-episodes/\(id)/reviews",
                ["grade": "high", "direction": "Return home interview by Friday; MASH referral."])
            #expect(returnReview.status == .created, "a found child's return is reviewed")
            let tasks = try #require(try ServerHarness.object(found)["tasks"] as? [[String: Any]])
            let prevention = try #require(tasks.first { $0["kind"] as? String == "prevention-interview" }?["id"] as? String)
            let done = try await h.post(
                kai.officer, "/api/v1/missing-episodes/\(id)/tasks/\(prevention)/result",
                [
                    "outcome": "completed", "result": "Safe and well at the placement.", "conductedBy": "PC One",
                ])
            #expect(done.status == .ok)
            #expect(try await h.post(coordinator, "/api/v1/missing-episodes/\(id)/closure", [:]).status == .ok)
            #expect(try await get(h, coordinator, "/api/v1/queues/interviews").status == .ok)
        }
    }
}
