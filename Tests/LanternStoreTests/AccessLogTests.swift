import Foundation
import LanternCore
import LanternStore
import LanternTestSupport
import Testing

@Suite("Access log")
struct AccessLogTests {
    /// Amelia Hart's record created, consulted, altered, disclosed and erased by an inspector, each with its own
    /// request id (the action's name).
    static func aRecordsWholeLife(_ test: TestStore) async throws -> (supervisor: UserAccount, person: Person) {
        let supervisor = try await test.addUser("sup1", role: .supervisor, rank: .inspector)
        let people = test.store.people
        let person = try await people.create(
            PersonDraft(
                kind: .child, givenName: "Amelia", familyName: "Hart",
                dateOfBirth: "2011-04-17"), context: test.context(supervisor, requestID: "create"))
        _ = try await people.consult(
            person.id, purpose: .missingEpisode, purposeNote: "CAD 123", context: test.context(supervisor, requestID: "consult"))
        _ = try await people.alter(
            person.id, expectedVersion: 1, patch: PersonPatch(notes: "Seen in Brixton"),
            context: test.context(supervisor, requestID: "alter"))
        _ = try await people.disclose(
            person.id, recipient: "J. Patel, Lambeth children's services", purpose: .multiAgencySafeguarding,
            purposeNote: "strategy discussion", context: test.context(supervisor, requestID: "disclose"))
        try await people.erase(
            person.id, reason: .retentionReviewDue, reference: "RR-2026-114", context: test.context(supervisor, requestID: "erase"))
        return (supervisor, person)
    }

    @Test("Every action on personal data writes one entry naming the actor, the record and the outcome", arguments: TestBackend.available)
    func everyActionOnPersonalDataIsLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let (supervisor, person) = try await Self.aRecordsWholeLife(test)
            let expectations: [(String, AccessAction)] = [
                ("create", .create), ("consult", .consult), ("alter", .alter),
                ("disclose", .disclose), ("erase", .erase),
            ]
            for (requestID, action) in expectations {
                let entries = try await test.store.accessLog.entries(requestID: requestID)
                #expect(entries.count == 1, "exactly one entry for \(requestID)")
                let entry = try #require(entries.first).entry
                #expect(entry.action == action)
                #expect(entry.actorID == supervisor.id)
                #expect(entry.actorRole == "supervisor")
                #expect(entry.recordIDs == [person.id])
                #expect(entry.outcome == .success)
                #expect(entry.at == test.clock.now())
            }
        }
    }

    @Test("A consultation is logged with its purpose and note", arguments: TestBackend.available)
    func aConsultationIsLoggedWithItsPurpose(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.aRecordsWholeLife(test)
            let consult = try #require(try await test.store.accessLog.entries(requestID: "consult").first).entry
            #expect(consult.purpose == .missingEpisode)
            #expect(consult.purposeNote == "CAD 123")
        }
    }

    @Test("A disclosure is logged with its recipient and purpose", arguments: TestBackend.available)
    func aDisclosureIsLoggedWithItsRecipient(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.aRecordsWholeLife(test)
            let disclose = try #require(try await test.store.accessLog.entries(requestID: "disclose").first).entry
            #expect(disclose.recipient == "J. Patel, Lambeth children's services")
            #expect(disclose.purpose == .multiAgencySafeguarding)
        }
    }

    @Test("The access log holds no record content", arguments: TestBackend.available)
    func theLogHoldsNoRecordContent(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.aRecordsWholeLife(test)
            // The child's name appears nowhere in it.
            let all = try await test.store.accessLog.latest(100)
            #expect(!all.contains { "\($0.entry)".contains("Amelia") || "\($0.entry)".contains("Brixton") })
        }
    }

    @Test("The access log's chain verifies after every kind of action", arguments: TestBackend.available)
    func theChainVerifiesAfterEveryKindOfAction(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try await Self.aRecordsWholeLife(test)
            #expect(try await test.store.verifyAccessLog().isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func aChangeFailsWhenItsEntryCannotBeWritten(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let person = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "Dean", familyName: "Wallis"),
                context: test.context(officer))
            try await test.breakAccessLog()
            await #expect(throws: (any Error).self) {
                _ = try await test.store.people.create(
                    PersonDraft(kind: .child, givenName: "Kai", familyName: "Mensah"),
                    context: test.context(officer))
            }
            await #expect(throws: (any Error).self) {
                _ = try await test.store.people.consult(person.id, purpose: .investigation, context: test.context(officer))
            }
            await #expect(throws: (any Error).self) {
                _ = try await test.store.people.alter(
                    person.id, expectedVersion: 1, patch: PersonPatch(notes: "changed"),
                    context: test.context(officer))
            }
            try await test.execute("DROP TRIGGER access_log_broken" + (backend == .postgres ? " ON access_log" : ""))
            #expect(try await test.store.people.count() == 1, "the failed create left nothing behind")
            let reread = try await test.store.people.consult(person.id, purpose: .investigation, context: test.context(officer))
            #expect(reread.notes == "", "the failed change left nothing behind")
            #expect(reread.version == 1, "the failed change left nothing behind")
        }
    }

    @Test(arguments: TestBackend.available)
    func readingTheLogIsLimitedToAuditorsAndLogged(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let auditor = try await test.addUser("aud1", role: .auditor, rank: .staff)
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let log = test.store.accessLog
            await #expect(throws: AccessDenied.self) {
                _ = try await log.entries(
                    actor: officer.actor, policy: .standard, filter: AccessLogFilter(), purpose: .auditInspection,
                    at: test.clock.now(), requestID: "x", clientAddress: "")
            }
            let entries = try await log.entries(
                actor: auditor.actor, policy: .standard, filter: AccessLogFilter(limit: 10),
                purpose: .auditInspection, at: test.clock.now(), requestID: "read", clientAddress: "")
            #expect(entries.count == 2)
            let read = try await log.entries(requestID: "read")
            #expect(read.map(\.entry.action) == [.accessLogRead])
            #expect(read.first?.entry.purpose == .auditInspection)
            #expect(Set(read.first?.entry.recordIDs ?? []) == Set(entries.map { String($0.sequence) }))
        }
    }

    // MARK: Tamper detection: each kind of tampering is named at the right entry.

    /// A log of 20 entries with a checkpoint at 15; returns the store ready to tamper with.
    static func seeded(_ test: TestStore) async throws {
        let officer = try await test.addUser("officer1", role: .responseOfficer)
        for i in 0..<19 {
            test.clock.advance(by: 1)
            _ = try await test.store.people.create(
                PersonDraft(kind: .associate, givenName: "Person", familyName: "No\(i)"),
                context: test.context(officer))
            if i == 13 { try await test.store.checkpointAccessLog() }
        }
        #expect(try await test.store.accessLog.count() == 20)
        try await test.allowAccessLogTampering()
    }

    /// Entries after the last signed checkpoint could be rewritten or cut off with the chain still
    /// checking: verify says which, and stops saying it once they are signed.
    @Test(arguments: TestBackend.available)
    func warnsOfEntriesNoCheckpointCovers(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            let result = try await test.store.verifyAccessLog()
            #expect(result.isIntact)
            #expect(result.lastCheckpointSequence == 15)
            #expect(result.unsignedTailWarning?.contains("entries 16...20 are not covered by a signed checkpoint") == true)
            #expect(result.unsignedTailWarning?.contains("rewritten or cut off") == true)
            _ = try await test.store.checkpointAccessLog()
            #expect(try await test.store.verifyAccessLog().unsignedTailWarning == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsAChangedByte(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.execute("UPDATE access_log SET client_address = '127.0.0.2' WHERE seq = 7")
            let result = try await test.store.verifyAccessLog()
            #expect(result.firstProblem == .alteredEntry(sequence: 7))
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsAChangedAction(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.execute("UPDATE access_log SET action = 'consult' WHERE seq = 4")
            #expect(try await test.store.verifyAccessLog().firstProblem == .alteredEntry(sequence: 4))
        }
    }

    /// An action no Lantern writes is not read as some other action: reading the entry fails naming the value,
    /// and verify reports the entry as altered and says which value it holds.
    @Test(arguments: TestBackend.available)
    func anUnknownActionIsAnErrorAndVerifyNamesIt(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.execute("UPDATE access_log SET action = 'peek' WHERE seq = 4")
            #expect(try await test.store.verifyAccessLog().firstProblem == .alteredEntry(sequence: 4))
            let unknown = try await test.store.accessLog.unknownValue(at: 4)
            #expect(unknown == StoredValueUnknown(table: "access_log", column: "action", value: "peek"))
            await #expect(throws: StoredValueUnknown.self) { _ = try await test.store.accessLog.latest(20) }
            #expect(try await test.store.accessLog.unknownValue(at: 5) == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsADeletedEntry(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.execute("DELETE FROM access_log WHERE seq = 9")
            #expect(try await test.store.verifyAccessLog().firstProblem == .missingEntry(sequence: 9))
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsAnInsertedEntry(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            // Make room at 12 by shifting the tail up, then forge an entry there (copying 11's hashes).
            for seq in stride(from: 20, through: 12, by: -1) {
                try await test.execute("UPDATE access_log SET seq = \(seq + 1) WHERE seq = \(seq)")
            }
            try await test.execute(
                """
                INSERT INTO access_log SELECT 12, at_ms, actor_id, actor_username, actor_role, action, record_type, record_ids,
                purpose, purpose_note, recipient, outcome, request_id, client_address, 'forged', previous_hash, entry_hash
                FROM access_log WHERE seq = 11
                """)
            #expect(try await test.store.verifyAccessLog().firstProblem?.sequence == 12)
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsReorderedEntries(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            try await test.execute("UPDATE access_log SET seq = 1000 WHERE seq = 5")
            try await test.execute("UPDATE access_log SET seq = 5 WHERE seq = 6")
            try await test.execute("UPDATE access_log SET seq = 6 WHERE seq = 1000")
            #expect(try await test.store.verifyAccessLog().firstProblem == .brokenLink(sequence: 5))
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsATruncatedTailAgainstTheLastCheckpoint(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            // A careful attacker cuts entries 11-20, rewinds the head and deletes the checkpoint rows too;
            // the checkpoint exported outside the database still proves entry 15 existed.
            let hash = try await test.store.accessLog.latest(20).first { $0.sequence == 10 }!.entryHash
            try await test.execute("DELETE FROM access_log WHERE seq > 10")
            try await test.execute("UPDATE access_log_head SET seq = 10, hash = '\(hash)' WHERE id = 1")
            try await test.execute("DELETE FROM access_log_checkpoints")
            let result = try await test.store.verifyAccessLog()
            #expect(result.firstProblem == .truncated(checkpointSequence: 15, lastSequence: 10))
            #expect(result.firstProblem?.sequence == 11)
        }
    }

    @Test(arguments: TestBackend.available)
    func detectsAChainRewrittenWithoutTheKey(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            // Rewrite entry 3 and recompute every later hash, as someone with the database but not the key could.
            var entries = try await test.store.accessLog.latest(20).reversed().map { $0 }
            entries[2].entry.detail = "rewritten"
            var previous = entries[1].entryHash
            for i in 2..<entries.count {
                let hash = AccessLogStore.chain.entryHash(previousHash: previous, sequence: entries[i].sequence, entry: entries[i].entry)
                try await test.execute(
                    "UPDATE access_log SET detail = '\(entries[i].entry.detail)', previous_hash = '\(previous)', "
                        + "entry_hash = '\(hash)' WHERE seq = \(entries[i].sequence)"
                )
                previous = hash
            }
            try await test.execute("UPDATE access_log_head SET hash = '\(previous)' WHERE id = 1")
            #expect(try await test.store.verifyAccessLog().firstProblem == .checkpointMismatch(sequence: 15))
        }
    }

    @Test(arguments: TestBackend.available)
    func checkpointsAreSignedAndExported(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await Self.seeded(test)
            let exported = try test.store.signer.exportedCheckpoints()
            #expect(exported.map(\.sequence) == [15])
            #expect(test.store.signer.isValid(exported[0]))
            var forged = exported[0]
            forged.sequence = 16
            #expect(!test.store.signer.isValid(forged))
            #expect(try await test.store.checkpointAccessLog()?.sequence == 20)
            #expect(try await test.store.checkpointAccessLog() == nil, "nothing new to sign")
        }
    }
}

@Suite("Access log under load and loss")
struct AccessLogRobustnessTests {
    @Test(arguments: TestBackend.available)
    func verifyingWhileWritesContinueReportsNoFalseTampering(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            let officer = try await test.addUser("officer1", role: .responseOfficer)
            let people = test.store.people
            let context = test.context(officer)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for i in 0..<40 {
                        _ = try await people.create(PersonDraft(kind: .associate, givenName: "P", familyName: "N\(i)"), context: context)
                    }
                }
                group.addTask {
                    for _ in 0..<10 {
                        let result = try await test.store.verifyAccessLog()
                        #expect(result.isIntact, "\(String(describing: result.firstProblem))")
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aDeletedHeadRowIsReported(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            try await test.addUser("officer1", role: .responseOfficer)
            try await test.execute("DELETE FROM access_log_head")
            #expect(try await test.store.verifyAccessLog().firstProblem == .headMissing)
        }
    }

    @Test func aLostSigningKeyIsNotSilentlyReplaced() async throws {
        let test = try await TestStore.make(.sqlite)
        try await test.addUser("officer1", role: .responseOfficer)
        try await test.store.checkpointAccessLog()
        await test.store.close()
        try FileManager.default.removeItem(atPath: test.folder + "/signing.key")
        await #expect(throws: AccessLogUnavailable.self) {
            _ = try await Store.open(
                location: .sqlite(path: test.folder + "/lantern.sqlite"), clock: test.clock,
                logger: TestStore.logger, keyPath: test.folder + "/signing.key")
        }
        try? FileManager.default.removeItem(atPath: test.folder)
    }

    @Test(arguments: TestBackend.available)
    func unknownUsernamesAreNotWrittenToTheLog(backend: TestBackend) async throws {
        try await TestStore.with(backend) { test in
            _ = try? await test.store.accounts.signIn(
                username: "MySecretPassw0rd", password: "x", kind: .cookie,
                clientAddress: "1.2.3.4", requestID: "typo")
            let entry = try #require(try await test.store.accessLog.entries(requestID: "typo").first)
            #expect(entry.entry.actorUsername.hasPrefix("unknown:"))
            #expect(!entry.entry.actorUsername.lowercased().contains("mysecret"))
        }
    }
}

@Suite("Secrets stay out of logs")
struct SecretTests {
    @Test func printingTheStoreOrSignerNeverShowsTheKey() async throws {
        try await TestStore.with(.sqlite) { test in
            let key = try #require(FileManager.default.contents(atPath: test.folder + "/signing.key"))
            let secret = String(decoding: key, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            for text in [
                String(describing: test.store), String(reflecting: test.store), String(describing: test.store.signer),
                String(reflecting: test.store.signer), "\(Mirror(reflecting: test.store.signer).children.map { "\($0)" })",
            ] {
                #expect(!text.contains(secret))
                #expect(!text.contains("privateKey"))
            }
        }
    }
}
