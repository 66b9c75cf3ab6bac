import Foundation
import HTTPTypes
import HummingbirdTesting
import LanternCore
import LanternServer
import LanternStore
import LanternTestSupport
import NIOCore
import Testing

/// The forms that carry an incident's work forward from its page: the MARAC referral's life, each child's referral
/// to children's social care, and a child's school.
@Suite("Domestic abuse pages: MARAC, social care and schools")
struct DomesticAbuseWorkPageTests {
    typealias Pages = DomesticAbusePageTests

    /// An incident recorded from the form; its id and the officer's browser.
    static func recorded(_ h: ServerHarness) async throws -> (ServerHarness.Browser, AccessContext, String, [Person]) {
        let (browser, officer, fields, children) = try await Pages.officerWithFamily(h)
        let saved = try await Pages.postForm(h, browser, "/domestic-abuse/incidents/new", fields)
        let location = try #require(saved.headers[.location])
        let id = String(location.dropFirst("/domestic-abuse/incidents/".count).prefix { $0 != "?" })
        return (browser, officer, id, children)
    }

    /// Fourteen "yes" answers: high risk, referred to MARAC.
    static func highRisk(_ rules: DomesticAbuseRules) -> DashSubmission {
        DashSubmission(answers: Dictionary(uniqueKeysWithValues: rules.questions.prefix(14).map { ($0.id, DashAnswer.yes) }))
    }

    static func page(_ h: ServerHarness, _ browser: ServerHarness.Browser, _ id: String) async throws -> String {
        String(buffer: try await h.get(browser, "/domestic-abuse/incidents/\(id)?purpose=domestic-abuse").body)
    }

    @Test(arguments: TestBackend.available)
    func aMaracReferralIsMadeHeardAndItsActionAddedFromTheIncidentPage(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, id, _) = try await Self.recorded(h)
            let record = try await h.test.store.domesticAbuse.incident(id, purpose: .domesticAbuse, context: officer)
            let victim = try #require(record.incident.report.adults.first { $0.role == .victim }?.personID)
            _ = try await h.test.store.domesticAbuse.assess(
                id, victimID: victim, submission: Self.highRisk(h.test.store.domesticAbuse.rules), context: officer)
            let referral = try #require(try await h.test.store.domesticAbuse.maracDue(context: officer).first)
            #expect(try await Self.page(h, browser, id).contains("Record the referral made"))
            let base = "/domestic-abuse/incidents/\(id)/marac/\(referral.id)"
            let made = try await Pages.postForm(h, browser, "\(base)/referred", ["version": "1", "referredAt": "2026-11-27T21:50"])
            #expect(made.status == .seeOther)
            let heard = try await Pages.postForm(h, browser, "\(base)/meeting", ["version": "2", "meetingAt": "2026-12-03T10:00"])
            #expect(heard.status == .seeOther)
            let action = try await Pages.postForm(
                h, browser, "\(base)/actions",
                ["version": "3", "action": "Housing to fit a door alarm", "owner": "Lambeth Housing", "dueAt": "2026-12-10T17:00"])
            #expect(action.status == .seeOther)
            let html = try await Self.page(h, browser, id)
            #expect(html.contains("Housing to fit a door alarm"))
            #expect(html.contains("Mark done"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aStaleMaracFormIsRefusedAndChangesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, id, _) = try await Self.recorded(h)
            let record = try await h.test.store.domesticAbuse.incident(id, purpose: .domesticAbuse, context: officer)
            let victim = try #require(record.incident.report.adults.first { $0.role == .victim }?.personID)
            _ = try await h.test.store.domesticAbuse.assess(
                id, victimID: victim, submission: Self.highRisk(h.test.store.domesticAbuse.rules), context: officer)
            let referral = try #require(try await h.test.store.domesticAbuse.maracDue(context: officer).first)
            let stale = try await Pages.postForm(
                h, browser, "/domestic-abuse/incidents/\(id)/marac/\(referral.id)/referred", ["version": "5", "referredAt": "2026-11-27T21:50"])
            #expect(stale.status != .seeOther)
            #expect(try await h.test.store.domesticAbuse.maracDue(context: officer).first?.referredAt == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildsReferralToSocialCareIsRecordedAndLeavesTheQueue(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, _, id, children) = try await Self.recorded(h)
            let before = String(buffer: try await h.get(browser, "/domestic-abuse/social-care").body)
            #expect(before.contains(children[0].displayName) && before.contains(children[1].displayName))
            let saved = try await Pages.postForm(
                h, browser, "/domestic-abuse/incidents/\(id)/social-care",
                [
                    "child": children[0].id, "kind": "referral", "agency": "childrens-social-care", "organisation": "Lambeth Children's Services",
                    "personName": "Duty social worker", "at": "2026-11-27T21:45", "method": "phone", "summary": "Both children were at home.",
                ])
            #expect(saved.status == .seeOther)
            #expect(try await Self.page(h, browser, id).contains("Referral to Lambeth Children"))
            let after = String(buffer: try await h.get(browser, "/domestic-abuse/social-care").body)
            #expect(!after.contains(children[0].displayName))
        }
    }

    @Test(arguments: TestBackend.available)
    func aReferralWithoutWhoWasSpokenToComesBackNamingTheFieldAndSavesNothing(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, id, children) = try await Self.recorded(h)
            let refused = try await Pages.postForm(
                h, browser, "/domestic-abuse/incidents/\(id)/social-care",
                [
                    "child": children[0].id, "kind": "referral", "agency": "childrens-social-care", "organisation": "Lambeth Children's Services",
                    "personName": "", "at": "2026-11-27T21:45", "method": "phone", "summary": "Both children were at home.",
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("href=\"#personName\""))
            #expect(try await h.test.store.domesticAbuse.incident(id, purpose: .domesticAbuse, context: officer).socialCare.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aNewSchoolIsAddedForAChildAndTheirNotificationTakesIt(backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let (browser, officer, id, children) = try await Self.recorded(h)
            #expect(try await Self.page(h, browser, id).contains("Record the school"))
            let saved = try await Pages.postForm(
                h, browser, "/domestic-abuse/incidents/\(id)/school",
                ["child": children[0].id, "schoolId": "", "name": "Oakfield Primary", "keyAdult": "Ms Price", "contact": "020 7946 0000"])
            #expect(saved.status == .seeOther)
            let record = try await h.test.store.domesticAbuse.incident(id, purpose: .domesticAbuse, context: officer)
            let school = record.encompass.first { $0.childID == children[0].id }?.schoolID.flatMap { record.schools[$0] }
            #expect(school?.name == "Oakfield Primary")
        }
    }
}
