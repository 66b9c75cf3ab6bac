import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

/// A merge moves every area's case records to the survivor, and its undo moves them back: the survivor's record shows
/// all that happened to the child under either record. SQLite and, when configured, PostgreSQL.
@Suite("Merges move case records")
struct MergeCaseRecordTests {
    /// The same child twice (`b` to be merged into `a`), with `b` at a domestic abuse incident and in police protection.
    static func casesOnTheDuplicate(_ test: TestStore) async throws -> (LinksStoreTests.TwoRecords, incident: String, protection: String) {
        let records = try await LinksStoreTests.sameChildTwice(test)
        let b = try await test.inspect(records.b.child.id)
        let at = test.clock.now()
        let incident = try await test.anIncident(at: at.addingTimeInterval(-3600), children: [b], by: records.officer)
        let protection = try await test.store.policePowers.take(
            ProtectionTaken(
                childID: b.id, grounds: "Found alone overnight with no adult able to care for him.", power: .removed,
                accommodation: .init(kind: .localAuthority, place: "Foster placement"), takenAt: at), context: records.officer)
        return (records, incident.record.incident.id, protection.protection.id)
    }

    @Test(arguments: TestBackend.available)
    func theSurvivorHasTheDuplicatesIncidentAndProtectionUntilTheMergeIsUndone(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (records, incident, protection) = try await Self.casesOnTheDuplicate(test)
            let (a, b, officer) = (records.a.child.id, records.b.child.id, records.officer)
            let merge = try await test.store.identity.merge(b, into: a, reason: "Same DOB, school and mother", context: records.analyst)
            #expect(merge.moved.rows["police_protections.child_id"] == [protection])
            #expect(merge.moved.rows["da_incident_people.person_id"] == [incident])
            let survivor = try await test.inspect(a)
            #expect(try await test.store.policePowers.protections(ofChild: survivor).map(\.protection.id) == [protection])
            #expect(try await test.store.domesticAbuse.incidents(ofChild: a, context: officer).map(\.summary.id) == [incident])
            _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: records.analyst)
            #expect(try await test.store.policePowers.protections(ofChild: survivor).isEmpty)
            #expect(try await test.store.domesticAbuse.incidents(ofChild: b, context: officer).map(\.summary.id) == [incident])
            #expect(try await test.store.domesticAbuse.incidents(ofChild: a, context: officer).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChildOnTheIncidentUnderBothRecordsStaysOnItOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await LinksStoreTests.sameChildTwice(test)
            let a = try await test.inspect(records.a.child.id)
            let b = try await test.inspect(records.b.child.id)
            let incident = try await test.anIncident(at: test.clock.now().addingTimeInterval(-3600), children: [a, b], by: records.officer)
            let merge = try await test.store.identity.merge(b.id, into: a.id, reason: "Same DOB, school and mother", context: records.analyst)
            #expect(merge.moved.rows["da_incident_people.person_id"] == nil, "the survivor is on it already")
            #expect(
                try await test.store.domesticAbuse.incidents(ofChild: a.id, context: records.officer).map(\.summary.id) == [
                    incident.record.incident.id
                ])
        }
    }

    /// The concerns the person is in, and the school on their record, read straight from the tables.
    static func concernsAndSchool(_ test: TestStore, of person: String) async throws -> (concerns: [String], school: String?) {
        try await test.store.database.read { sql in
            let concerns = try await sql.select().column("concern_id").from("concern_entities").where("entity_id", .equal, person).all()
                .map { try $0.decode(column: "concern_id", as: String.self) }
            let school = try await sql.select().column("school_id").from("child_schools").where("child_id", .equal, person).first()
                .map { try $0.decode(column: "school_id", as: String.self) }
            return (concerns, school)
        }
    }

    @Test(arguments: TestBackend.available)
    func theDuplicatesConcernAndSchoolMoveWhenTheSurvivorHasNoneAndComeBack(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let records = try await LinksStoreTests.sameChildTwice(test)
            let (a, b) = (records.a.child.id, records.b.child.id)
            let concern = try await test.openConcern(children: [b], by: try await test.anInvestigator())
            let school = try await test.store.domesticAbuse.addSchool(
                name: "Lambeth Academy", keyAdult: "Claire Donovan", contact: "dsl@lambeth.example", context: records.officer)
            try await test.store.domesticAbuse.setSchool(of: b, schoolID: school.id, context: records.officer)
            let merge = try await test.store.identity.merge(b, into: a, reason: "Same DOB, school and mother", context: records.analyst)
            let moved = try await Self.concernsAndSchool(test, of: a)
            #expect(moved.concerns == [concern.id])
            #expect(moved.school == school.id)
            _ = try await test.store.identity.undoMerge(merge.id, reason: "Twins, not one child", context: records.analyst)
            let back = try await Self.concernsAndSchool(test, of: b)
            #expect(back.concerns == [concern.id])
            #expect(back.school == school.id)
            #expect(try await Self.concernsAndSchool(test, of: a).concerns.isEmpty)
        }
    }
}
