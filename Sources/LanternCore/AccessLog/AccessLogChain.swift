import Foundation

/// The hash chain that makes the access log tamper-evident.
///
/// `hash(n) = H(previousHash(n) ‖ canonical(entry n))`, starting from a fixed
/// genesis value. Changing any byte, deleting, inserting or reordering an entry
/// breaks every hash after it. Cutting entries off the end is caught by comparing
/// with the signed checkpoints kept outside the table.
///
/// The hash function is a parameter so Core stays free of crypto libraries;
/// the store passes SHA-256.
public struct AccessLogChain: Sendable {
    public typealias HashFunction = @Sendable ([UInt8]) -> String

    public static let genesisHash = String(repeating: "0", count: 64)

    public let hash: HashFunction

    public init(hash: @escaping HashFunction) { self.hash = hash }

    /// The hash of an entry placed after `previousHash` at `sequence`.
    public func entryHash(previousHash: String, sequence: Int64, entry: AccessLogEntry) -> String {
        hash(Array(previousHash.utf8) + entry.canonicalEncoding(sequence: sequence))
    }
}

/// A signed statement "the log had `sequence` entries ending in `hash` at `at`",
/// exported off the database so truncation of the tail can be proved.
public struct AccessLogCheckpoint: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var hash: String
    public var at: Date
    public var signature: String

    public init(sequence: Int64, hash: String, at: Date, signature: String) {
        self.sequence = sequence
        self.hash = hash
        self.at = Date(millisecondsSince1970: at.millisecondsSince1970)
        self.signature = signature
    }

    /// The bytes that are signed.
    public var signedBytes: [UInt8] {
        Array("lantern-access-log-checkpoint-v1|\(sequence)|\(hash)|\(at.millisecondsSince1970)".utf8)
    }
}

/// What `lantern audit verify` found.
public struct AccessLogVerification: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The stored hash does not match the entry's contents: a byte was changed.
        case alteredEntry(sequence: Int64)
        /// The entry does not follow the one before it: something was inserted or reordered.
        case brokenLink(sequence: Int64)
        /// A sequence number is missing: an entry was deleted.
        case missingEntry(sequence: Int64)
        /// A checkpoint names an entry the log no longer has: the tail was cut off.
        case truncated(checkpointSequence: Int64, lastSequence: Int64)
        /// A checkpoint's hash differs from the log's hash at that point: history was rewritten.
        case checkpointMismatch(sequence: Int64)
        /// A checkpoint's signature is not valid for the configured key.
        case badCheckpointSignature(sequence: Int64)
        /// The chain head kept beside the log does not match the log: entries were cut off or rewritten.
        case headMismatch(headSequence: Int64, lastSequence: Int64)
        /// The chain head row is gone although the log has entries.
        case headMissing

        /// The first entry that cannot be trusted.
        public var sequence: Int64 {
            switch self {
            case .alteredEntry(let s), .brokenLink(let s), .missingEntry(let s), .checkpointMismatch(let s),
                .badCheckpointSignature(let s):
                s
            case .truncated(_, let last): last + 1
            case .headMismatch(let head, let last): min(head, last + 1)
            case .headMissing: 1
            }
        }

        public var message: String {
            switch self {
            case .alteredEntry(let s): "entry \(s) has been altered: its contents no longer match its hash"
            case .brokenLink(let s): "entry \(s) does not follow entry \(s - 1): an entry was inserted, replaced or reordered"
            case .missingEntry(let s): "entry \(s) is missing: it was deleted"
            case .truncated(let c, let l):
                "the log ends at entry \(l) but a signed checkpoint records entry \(c): entries \(l + 1)...\(c) were cut off"
            case .checkpointMismatch(let s): "entry \(s) differs from the signed checkpoint taken at that point: history was rewritten"
            case .badCheckpointSignature(let s): "the checkpoint at entry \(s) has an invalid signature"
            case .headMismatch(let h, let l):
                h > l
                    ? "the chain head records entry \(h) but the log ends at entry \(l): entries were cut off"
                    : "entry \(h) differs from the chain head recorded beside the log"
            case .headMissing: "the chain head row is missing"
            }
        }
    }

    public var entriesChecked: Int64
    public var checkpointsChecked: Int
    public var lastSequence: Int64
    public var lastHash: String
    /// The first problem found, in chain order; nil when the log is intact.
    public var firstProblem: Problem?

    public var isIntact: Bool { firstProblem == nil }

    /// The newest entry a validly signed checkpoint vouches for (0 when none has been signed).
    public var lastCheckpointSequence: Int64 = 0

    /// Entries after the last signed checkpoint are vouched for only by the database itself: someone
    /// with write access to it could rewrite them (recomputing the hashes) or cut them off, and the
    /// chain would still check. Said plainly so nobody reads "intact" as covering them.
    public var unsignedTailWarning: String? {
        guard lastSequence > lastCheckpointSequence else { return nil }
        let signed =
            lastCheckpointSequence == 0
            ? "no checkpoint has been signed yet"
            : "the last signed checkpoint is at entry \(lastCheckpointSequence)"
        return "Warning: entries \(lastCheckpointSequence + 1)...\(lastSequence) are not covered by a signed checkpoint (\(signed)). "
            + "They could have been rewritten or cut off without this check noticing. Sign them with `lantern audit checkpoint`."
    }
}

/// Streams through the log in sequence order and reports the first bad entry.
///
/// Entries are fed one at a time so a log of millions never has to sit in memory.
///
/// ```swift
/// var verifier = AccessLogVerifier(chain: chain)
/// for entry in entries { verifier.consume(entry) }
/// let result = verifier.finish(head: head, checkpoints: checkpoints, validSignature: { _ in true })
/// ```
public struct AccessLogVerifier: Sendable {
    private let chain: AccessLogChain
    private var expectedSequence: Int64 = 1
    private var previousHash = AccessLogChain.genesisHash
    private var firstProblem: AccessLogVerification.Problem?
    private var checked: Int64 = 0
    /// Hashes at the checkpointed sequences, collected while streaming.
    private var hashesAt: [Int64: String] = [:]
    private let checkpointSequences: Set<Int64>

    /// - Parameter checkpointSequences: sequences whose hashes `finish` will compare: the checkpoints'
    ///   and the head's (read before streaming, so entries appended meanwhile do not look like tampering).
    public init(chain: AccessLogChain, checkpointSequences: Set<Int64> = []) {
        self.chain = chain
        self.checkpointSequences = checkpointSequences
    }

    public mutating func consume(_ stored: ChainedAccessLogEntry) {
        checked += 1
        if checkpointSequences.contains(stored.sequence) { hashesAt[stored.sequence] = stored.entryHash }
        defer {
            previousHash = stored.entryHash
            expectedSequence = stored.sequence + 1
        }
        guard firstProblem == nil else { return }
        if stored.sequence > expectedSequence {
            firstProblem = .missingEntry(sequence: expectedSequence)
            return
        }
        if stored.sequence < expectedSequence || stored.previousHash != previousHash {
            firstProblem = .brokenLink(sequence: stored.sequence)
            return
        }
        let recomputed = chain.entryHash(previousHash: stored.previousHash, sequence: stored.sequence, entry: stored.entry)
        if recomputed != stored.entryHash {
            firstProblem = .alteredEntry(sequence: stored.sequence)
        }
    }

    /// Finishes the check against the stored head and the signed checkpoints.
    /// - Parameter validSignature: verifies a checkpoint's signature (the store supplies Ed25519).
    public func finish(
        head: (sequence: Int64, hash: String)?, checkpoints: [AccessLogCheckpoint],
        validSignature: (AccessLogCheckpoint) -> Bool
    ) -> AccessLogVerification {
        let last = expectedSequence - 1
        var problems: [AccessLogVerification.Problem] = []
        if let firstProblem { problems.append(firstProblem) }
        for checkpoint in checkpoints.sorted(by: { $0.sequence < $1.sequence }) {
            if !validSignature(checkpoint) {
                problems.append(.badCheckpointSignature(sequence: checkpoint.sequence))
            } else if checkpoint.sequence > last {
                problems.append(.truncated(checkpointSequence: checkpoint.sequence, lastSequence: last))
            } else if checkpoint.sequence > 0, hashesAt[checkpoint.sequence] != checkpoint.hash {
                problems.append(.checkpointMismatch(sequence: checkpoint.sequence))
            }
        }
        if let head {
            if head.sequence > last {
                problems.append(.headMismatch(headSequence: head.sequence, lastSequence: last))
            } else if head.sequence > 0, (hashesAt[head.sequence] ?? (head.sequence == last ? previousHash : nil)) != head.hash {
                problems.append(.headMismatch(headSequence: head.sequence, lastSequence: last))
            }
        } else if checked > 0 {
            problems.append(.headMissing)
        }
        var result = AccessLogVerification(
            entriesChecked: checked,
            checkpointsChecked: checkpoints.count,
            lastSequence: last,
            lastHash: previousHash,
            firstProblem: problems.min(by: { $0.sequence < $1.sequence })
        )
        result.lastCheckpointSequence = checkpoints.filter { $0.sequence <= last && validSignature($0) }.map(\.sequence).max() ?? 0
        return result
    }
}
