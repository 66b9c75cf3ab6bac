import Foundation
import LanternCore
import Testing

/// The chain logic with a simple test hash (the store uses SHA-256; Core takes the hash as a parameter).
@Suite("Access log chain")
struct AccessLogChainTests {
    static let chain = AccessLogChain(hash: { bytes in
        // FNV-1a, 64-bit, printed twice to look like a 64-character digest.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + String(repeating: "0", count: 48)
    })

    static let actor = Actor(
        userID: "u1", username: "officer", displayName: "Officer", role: .responseOfficer, rank: .constable,
        team: "A", borough: "Lambeth")

    static func entries(_ count: Int) -> [ChainedAccessLogEntry] {
        var previous = AccessLogChain.genesisHash
        return (1...count).map { i in
            let entry = AccessLogEntry(
                at: Date(timeIntervalSince1970: Double(1_000 + i)), actor: actor, action: .consult,
                recordType: "person", recordIDs: ["p\(i)"], purpose: .missingEpisode, requestID: "r\(i)")
            let hash = chain.entryHash(previousHash: previous, sequence: Int64(i), entry: entry)
            defer { previous = hash }
            return ChainedAccessLogEntry(sequence: Int64(i), entry: entry, previousHash: previous, entryHash: hash)
        }
    }

    static func verify(
        _ entries: [ChainedAccessLogEntry], head: (Int64, String)? = nil,
        checkpoints: [AccessLogCheckpoint] = []
    ) -> AccessLogVerification {
        var verifier = AccessLogVerifier(chain: chain, checkpointSequences: Set(checkpoints.map(\.sequence)))
        for entry in entries { verifier.consume(entry) }
        // Unless a test says otherwise, the head row agrees with the last entry given.
        let head = head ?? entries.last.map { ($0.sequence, $0.entryHash) }
        return verifier.finish(
            head: head.map { (sequence: $0.0, hash: $0.1) }, checkpoints: checkpoints,
            validSignature: { $0.signature == "ok" })
    }

    @Test func intactChainVerifies() {
        let log = Self.entries(10)
        let result = Self.verify(
            log, head: (10, log[9].entryHash),
            checkpoints: [AccessLogCheckpoint(sequence: 5, hash: log[4].entryHash, at: Date(), signature: "ok")])
        #expect(result.isIntact)
        #expect(result.entriesChecked == 10)
    }

    @Test func changedFieldIsCaught() {
        var log = Self.entries(10)
        log[3].entry.recordIDs = ["someone-else"]
        #expect(Self.verify(log).firstProblem == .alteredEntry(sequence: 4))
    }

    @Test func deletedEntryIsCaught() {
        var log = Self.entries(10)
        log.remove(at: 6)
        #expect(Self.verify(log).firstProblem == .missingEntry(sequence: 7))
    }

    @Test func insertedEntryIsCaught() {
        var log = Self.entries(10)
        var forged = log[4]
        forged.entry.detail = "forged"
        // Renumber the tail as a careful forger would, keeping the stored hashes.
        log.insert(forged, at: 5)
        for i in 5..<log.count { log[i].sequence = Int64(i + 1) }
        #expect(Self.verify(log).firstProblem?.sequence == 6)
    }

    @Test func reorderedEntriesAreCaught() {
        var log = Self.entries(10)
        log.swapAt(2, 3)
        let s2 = log[2].sequence
        log[2].sequence = log[3].sequence
        log[3].sequence = s2
        #expect(Self.verify(log).firstProblem == .brokenLink(sequence: 3))
    }

    @Test func truncatedTailIsCaughtByACheckpoint() {
        let full = Self.entries(10)
        let cut = Array(full.prefix(7))
        let checkpoint = AccessLogCheckpoint(sequence: 9, hash: full[8].entryHash, at: Date(), signature: "ok")
        let result = Self.verify(cut, head: (7, cut[6].entryHash), checkpoints: [checkpoint])
        #expect(result.firstProblem == .truncated(checkpointSequence: 9, lastSequence: 7))
        #expect(result.firstProblem?.sequence == 8)
    }

    @Test func truncatedTailIsCaughtByTheHead() {
        let full = Self.entries(10)
        let result = Self.verify(Array(full.prefix(8)), head: (10, full[9].entryHash))
        #expect(result.firstProblem == .headMismatch(headSequence: 10, lastSequence: 8))
    }

    @Test func rewrittenChainIsCaughtByACheckpoint() {
        let original = Self.entries(6)
        var rewritten = original
        rewritten[1].entry.detail = "rewritten"
        // The forger recomputes every hash after the change...
        var previous = rewritten[0].entryHash
        for i in 1..<rewritten.count {
            rewritten[i].previousHash = previous
            rewritten[i].entryHash = Self.chain.entryHash(previousHash: previous, sequence: rewritten[i].sequence, entry: rewritten[i].entry)
            previous = rewritten[i].entryHash
        }
        // ...but cannot re-sign the checkpoint taken before.
        let checkpoint = AccessLogCheckpoint(sequence: 4, hash: original[3].entryHash, at: Date(), signature: "ok")
        #expect(Self.verify(rewritten, checkpoints: [checkpoint]).firstProblem == .checkpointMismatch(sequence: 4))
    }

    @Test func forgedCheckpointSignatureIsCaught() {
        let log = Self.entries(3)
        let checkpoint = AccessLogCheckpoint(sequence: 3, hash: log[2].entryHash, at: Date(), signature: "forged")
        #expect(Self.verify(log, checkpoints: [checkpoint]).firstProblem == .badCheckpointSignature(sequence: 3))
    }

    @Test func canonicalEncodingSeparatesFields() {
        // Moving characters between adjacent fields must change the encoding.
        var a = AccessLogEntry(at: Date(timeIntervalSince1970: 1), actor: Self.actor, action: .consult, recordType: "ab", detail: "c")
        var b = a
        b.recordType = "a"
        b.detail = "bc"
        #expect(a.canonicalEncoding(sequence: 1) != b.canonicalEncoding(sequence: 1))
        a.recordIDs = ["x,y"]
        b = a
        b.recordIDs = ["x", "y"]
        #expect(a.canonicalEncoding(sequence: 1) != b.canonicalEncoding(sequence: 1))
    }
}

extension AccessLogChainTests {
    @Test func aMissingHeadIsReportedOnceThereAreEntries() {
        let log = Self.entries(3)
        var verifier = AccessLogVerifier(chain: Self.chain)
        for entry in log { verifier.consume(entry) }
        #expect(verifier.finish(head: nil, checkpoints: [], validSignature: { _ in true }).firstProblem == .headMissing)
        #expect(AccessLogVerifier(chain: Self.chain).finish(head: nil, checkpoints: [], validSignature: { _ in true }).isIntact)
    }

    @Test func entriesAppendedAfterTheHeadWasReadAreNotTampering() {
        let log = Self.entries(8)
        var verifier = AccessLogVerifier(chain: Self.chain, checkpointSequences: [5])
        for entry in log { verifier.consume(entry) }
        let result = verifier.finish(head: (sequence: 5, hash: log[4].entryHash), checkpoints: [], validSignature: { _ in true })
        #expect(result.isIntact)
    }
}
