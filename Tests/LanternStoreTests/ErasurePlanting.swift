import Foundation
import LanternCore
import LanternTestSupport
import SQLKit

@testable import LanternStore

/// A child with marker words ("Zqx...", the postcode ZZ9 9QX, the phone number ending 900417) in every personal
/// field Lantern can hold about them, recorded through the stores where a store records it and written directly
/// where a test cannot reach it quickly (merges, imports, flags). Other people's records name the child in full.
enum ErasurePlanting {
    struct Planted {
        var childID: String
        var episodeID: String
        var siblingEpisodeID: String
        var adultID: String
    }

    struct Actors {
        var officer: AccessContext
        var inspector: AccessContext
        var investigator: AccessContext
        var analyst: AccessContext
        var mash: AccessContext
    }

    static func plant(_ test: TestStore) async throws -> Planted {
        let actors = Actors(
            officer: test.context(try await test.addUser("officer1", role: .responseOfficer)),
            inspector: test.context(try await test.addUser("plant-insp", role: .supervisor, rank: .inspector)),
            investigator: test.context(try await test.addUser("dc1", role: .investigator)),
            analyst: test.context(try await test.addUser("analyst1", role: .analyst)),
            mash: test.context(try await test.addUser("mash1", role: .partnership, rank: .staff)))
        let (childID, episodeID) = try await episode(test, actors)
        try await profile(test, childID, actors)
        let adult = try await test.store.people.create(
            PersonDraft(
                kind: .associate, givenName: "Dean", familyName: "Wallis",
                notes: "Known associate of \(ErasureTests.fullName)."), context: actors.officer)
        var sibling = newReport(test, given: "Rosa", family: "Lind", circumstances: "Left school with \(ErasureTests.fullName) at three.")
        sibling.report.reporterName = "Ann Lind"
        let siblingEpisode = try await test.store.missing.report(sibling, context: actors.officer)
        try await found(test, episodeID, actors)
        try await links(test, childID, adultID: adult.id, actors)
        try await exploitation(test, childID, siblingID: siblingEpisode.child.id, adultID: adult.id, actors)
        try await direct(test, childID, adultID: adult.id)
        try await policeProtection(test, childID, actors)
        return Planted(childID: childID, episodeID: episodeID, siblingEpisodeID: siblingEpisode.episode.id, adultID: adult.id)
    }

    /// Pending clocks on the sibling's episode: erasure must leave them alone.
    static func siblingClocks(_ test: TestStore, _ planted: Planted) async throws -> Int {
        try await test.store.database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("clock_jobs")
                .where("episode_id", .equal, planted.siblingEpisodeID).where("state", .equal, "pending").first()?.decode(column: "n", as: Int.self)
                ?? 0
        }
    }

    static func episode(_ test: TestStore, _ actors: Actors) async throws -> (String, String) {
        var new = newReport(test, given: "Zqxgiven", family: "Zqxfamily", yes: ["mental-health"], circumstances: "Zqxcircumstances at home.")
        new.report.lastSeenPlace = "Zqxlastseen Road"
        new.report.lastSeenPostcode = "ZZ9 9QX"
        new.report.description = "Zqxdescription, tall"
        new.report.clothing = "Zqxclothing jacket"
        new.report.phone = "07700 900417"
        new.report.socialMedia = "@zqxhandle"
        new.report.reporterName = "Zqxreporter Name"
        new.report.reporterRelationship = "Zqxrelationship"
        new.report.reporterContact = "zqx@example.org"
        let outcome = try await test.store.missing.report(new, context: actors.officer)
        let id = outcome.episode.id
        _ = try await test.store.missing.review(
            id, grade: .medium, rationale: "Zqxrationale for the grade.", direction: "Zqxdirection for the team.",
            context: actors.inspector)
        _ = try await test.store.missing.addEnquiry(
            id, title: "Zqxenquiry at the address", owner: "officer1",
            dueAt: test.clock.now().addingTimeInterval(3_600), context: actors.inspector)
        _ = try await test.store.missing.addContact(
            id,
            AgencyContact(
                id: "", episodeID: id, agency: .childrensSocialCare, organisation: "Lambeth Children's Services", personName: "Zqxsocialworker",
                at: test.clock.now(), method: .phone, summary: "Zqxsummary of the call.", reference: "ZQX-1", notifiesLocalAuthority: true,
                recordedBy: "", recordedAt: test.clock.now()), context: actors.officer)
        _ = try await test.store.missing.addSighting(
            id,
            Sighting(
                at: test.clock.now(), place: "Zqxsighting Park", reportedBy: "Zqxwitness",
                detail: "Zqxsighting detail.", postcode: "ZZ9 9QX",
                childSaid: "Zqxsaid when seen."), context: actors.officer)
        return (outcome.child.id, id)
    }

    static func profile(_ test: TestStore, _ childID: String, _ actors: Actors) async throws {
        _ = try await test.store.children.saveProfile(
            ChildProfile(
                personID: childID, aliases: ["Zqxalias"], sex: "Female", description: "Zqxprofile description", homeAddress: "1 Zqxhome Road",
                homePostcode: "ZZ9 9QX", placementAddress: "Zqxplacement House", school: "Zqxschool Academy", wishes: "Zqxwishes to be heard.",
                updatedAt: test.clock.now(), updatedBy: ""), context: actors.officer)
        for n in 1...2 {
            _ = try await test.store.children.savePhilomena(
                PhilomenaProfile(
                    personID: childID, version: 0, description: "Zqxphilomena \(n)", associates: "Zqxassociates", placesFrequented: "Zqxplaces",
                    medical: "Zqxmedical", phoneAndSocialMedia: "07700 900417", completedBy: "Zqxkeyworker", updatedAt: test.clock.now(),
                    updatedBy: ""),
                context: actors.officer)
        }
    }

    static func found(_ test: TestStore, _ episodeID: String, _ actors: Actors) async throws {
        let found = try await test.store.missing.recordFound(
            episodeID,
            FoundRecord(
                foundAt: test.clock.now(), place: "Zqxfound Street", postcode: "ZZ9 9QX", withWhom: ["Zqxwithwhom"], condition: "Zqxcondition",
                howFound: .foundByPolice, childSaid: "Zqxsaid when found.", phones: ["07700 900417"]), context: actors.officer)
        if let prevention = found.preventionInterview {
            _ = try await test.store.missing.recordTaskResult(
                episodeID, taskID: prevention.id, outcome: .completed, result: "Zqxprevention result.",
                childSaid: "Zqxsaid at interview.", conductedBy: "Zqxinterviewer", at: nil,
                context: actors.officer)
        }
        if let rhi = found.returnInterview {
            _ = try await test.store.missing.recordTaskResult(
                episodeID, taskID: rhi.id, outcome: .completed, result: "Zqxrhi result.",
                childSaid: "Zqxsaid to the rhi worker.", conductedBy: "Zqxrhiservice", at: nil,
                context: actors.mash)
        }
    }

    static func links(_ test: TestStore, _ childID: String, adultID: String, _ actors: Actors) async throws {
        let link = try await test.store.links.add(
            LinkDraft(
                from: EntityRef(.person, childID), to: EntityRef(.person, adultID), type: .associateOf,
                at: test.clock.now(), note: "Zqxlink note"), context: actors.analyst)
        _ = try await test.store.links.end(link.id, reason: "Zqxended because", context: actors.analyst)
        let phone = try await test.store.links.recordObject(.handle, "zqxinsta", context: actors.analyst)
        _ = try await test.store.links.add(
            LinkDraft(
                from: EntityRef(.person, childID), to: EntityRef(.object, phone.id), type: .usesAccount,
                at: test.clock.now(), note: "Zqxaccount note"), context: actors.analyst)
    }

    static func exploitation(_ test: TestStore, _ childID: String, siblingID: String, adultID: String, _ actors: Actors) async throws {
        _ = try await test.store.exploitation.screen(
            childID, answers: [ScreeningAnswer(indicatorID: "unexplained-items", evidence: "Zqxevidence")],
            rationale: "Zqxscreening rationale.", context: actors.investigator)
        let concern = try await test.store.exploitation.open(
            ConcernDraft(
                type: .criminal, summary: "Rosa and \(ErasureTests.fullName) seen at the station.",
                leadInvestigator: "dc1", children: [childID, siblingID]),
            context: actors.investigator)
        let action = try await test.store.exploitation.addAction(
            concern.id, title: "Visit \(ErasureTests.fullName) at school", owner: "dc1",
            dueAt: test.clock.now().addingTimeInterval(86_400), context: actors.investigator)
        _ = try await test.store.exploitation.completeAction(
            concern.id, actionID: action.id, result: "Saw \(ErasureTests.fullName) with her teacher.",
            context: actors.investigator)
        let notice = try await test.store.exploitation.serveNotice(
            childID: childID, adultID: adultID, concernID: concern.id, basis: .section2,
            adultHasParentalResponsibility: false, servedAt: test.clock.now(),
            servedBy: "DC One", consentFrom: "Zqxconsent (mother)", context: actors.investigator)
        _ = try await test.store.exploitation.recordBreach(
            notice.id, at: test.clock.now(), detail: "Zqxbreach at the station.",
            context: actors.investigator)
        _ = try await test.store.exploitation.refer(
            concern.id, childID: childID, referredAt: test.clock.now(), reference: "ZQX-NRM-1",
            context: actors.investigator)
    }

    struct MergeRow: Codable {
        var id, survivorId, duplicateId, moved, reason, mergedBy: String
        var mergedAtMs: Int64
        var undoReason: String
    }

    struct ImportRefRow: Codable {
        var source, reference, entityKind, entityId, rowHash: String
        var importedAtMs: Int64
    }

    struct FlagRow: Codable {
        var id, entityKind, entityId, flag, source, reference, details, rowHash: String
        var addedAtMs: Int64
    }

    /// Rows no quick store call makes: a merge's reason, an import reference and a flag's source details.
    /// Police protection at a police station, the child's wishes recorded, then released.
    static func policeProtection(_ test: TestStore, _ childID: String, _ actors: Actors) async throws {
        let powers = test.store.policePowers
        let taken = try await powers.take(
            ProtectionTaken(
                childID: childID, grounds: "Zqxgrounds: found alone in the flat overnight.", power: .removed,
                accommodation: .init(
                    kind: .policeStation, place: "Zqxplace station", exceptionalReason: "Zqxexceptional: no placement could be found."),
                takenAt: test.clock.now()), context: actors.officer)
        let id = taken.protection.id
        _ = try await powers.recordDuty(
            id, duty: "child-told-wishes", by: "PC One", at: test.clock.now(), note: "Zqxwishes: wants to stay with her nan.", version: 1,
            context: actors.officer)
        _ = try await powers.end(
            id, code: "released", at: test.clock.now(), note: "Zqxending: returned to her nan.", version: 2, context: actors.officer)
        let detention = try await powers.detain(
            ChildDetained(
                childID: childID, custodyRecord: "01LW/1/26", detainedAt: test.clock.now(), isGirl: true, womanInCare: "Zqxwoman Officer",
                welfarePerson: "Zqxwelfare Person", welfareInformedAt: test.clock.now()), context: actors.officer)
        let cid = detention.detention.id
        _ = try await powers.appropriateAdult(
            cid, AppropriateAdult(name: "Zqxadult Name", relationship: .parent, requestedAt: test.clock.now()), version: 1, context: actors.officer)
        _ = try await powers.recordSearch(
            cid,
            CustodySearch(
                kind: .strip, at: test.clock.now(), by: "PC One", appropriateAdultPresent: false,
                urgentException: .init(reason: "Zqxurgent: believed to be hiding a blade.", supervisor: "PS Two")), version: 2,
            context: actors.officer)
        _ = try await powers.recordTransfer(
            cid,
            TransferRequest(
                chargedAt: test.clock.now(), bailRefusedAt: test.clock.now(), accommodation: .secure,
                justification: "Zqxjustification: threats to a named witness.",
                certificate: .init(
                    ground: .impracticable, reasons: "Zqxcertificate: no vehicle could reach the placement.", custodyOfficer: "PS Two",
                    at: test.clock.now())), version: 3, context: actors.officer)
    }

    static func direct(_ test: TestStore, _ childID: String, adultID: String) async throws {
        let at = test.clock.now().millisecondsSince1970
        _ = try await test.store.database.transaction { sql in
            try await sql.insert(into: "person_merges").model(
                MergeRow(
                    id: UUID().uuidString, survivorId: childID, duplicateId: adultID, moved: "{}", reason: "Zqxmerge reason", mergedBy: "analyst1",
                    mergedAtMs: at, undoReason: "Zqxundo reason"), keyEncodingStrategy: .convertToSnakeCase
            ).run()
            try await sql.insert(into: "import_refs").model(
                ImportRefRow(
                    source: "social-care", reference: "ZQX-IMPORT-1", entityKind: "person", entityId: childID, rowHash: "zqxhash", importedAtMs: at),
                keyEncodingStrategy: .convertToSnakeCase
            ).run()
            try await sql.insert(into: "flags").model(
                FlagRow(
                    id: UUID().uuidString, entityKind: "person", entityId: childID, flag: "exploitation-location", source: "manual",
                    reference: "ZQX-FLAG-1", details: "Zqxflag details", rowHash: "zqxflaghash", addedAtMs: at),
                keyEncodingStrategy: .convertToSnakeCase
            ).run()
        }
    }
}
