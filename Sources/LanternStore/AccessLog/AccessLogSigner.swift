import Crypto
import Foundation
import LanternCore

/// Signs access-log checkpoints with an Ed25519 key kept outside the database, and
/// appends each checkpoint to a file outside the database too.
///
/// Someone who can rewrite the database but not the key cannot forge a checkpoint;
/// someone who cuts entries off the end is caught by the checkpoints in the file.
///
/// ```swift
/// let signer = try AccessLogSigner(keyPath: "lantern-data/access-log-signing.key",
///                                  exportPath: "lantern-data/access-log-checkpoints.jsonl")
/// ```
public struct AccessLogSigner: Sendable {
    public let keyPath: String
    public let exportPath: String
    private let privateKey: Curve25519.Signing.PrivateKey

    /// Loads the key, creating it (mode 0600) on first use.
    public init(keyPath: String, exportPath: String) throws {
        self.keyPath = keyPath
        self.exportPath = exportPath
        let manager = FileManager.default
        if let data = manager.contents(atPath: keyPath) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text) else {
                throw AccessLogUnavailable(reason: "the signing key at \(keyPath) is not valid base64")
            }
            self.privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } else {
            let folder = (keyPath as NSString).deletingLastPathComponent
            if !folder.isEmpty { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let key = Curve25519.Signing.PrivateKey()
            guard
                manager.createFile(
                    atPath: keyPath, contents: Data(key.rawRepresentation.base64EncodedString().utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw AccessLogUnavailable(reason: "could not create the signing key at \(keyPath)")
            }
            self.privateKey = key
        }
    }

    /// Default key and export paths beside an SQLite file, or under ./lantern-data for PostgreSQL.
    public static func defaultPaths(for location: DatabaseLocation) -> (key: String, export: String) {
        let folder: String
        switch location {
        case .sqlite(let path):
            let parent = (path as NSString).deletingLastPathComponent
            folder = parent.isEmpty ? "." : parent
        case .postgres: folder = "./lantern-data"
        }
        return ("\(folder)/access-log-signing.key", "\(folder)/access-log-checkpoints.jsonl")
    }

    public func sign(_ checkpoint: AccessLogCheckpoint) throws -> AccessLogCheckpoint {
        var signed = checkpoint
        signed.signature = try privateKey.signature(for: Data(checkpoint.signedBytes)).base64EncodedString()
        return signed
    }

    public func isValid(_ checkpoint: AccessLogCheckpoint) -> Bool {
        guard let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return privateKey.publicKey.isValidSignature(signature, for: Data(checkpoint.signedBytes))
    }

    /// Appends one checkpoint as a JSON line and flushes it to disk.
    public func export(_ checkpoint: AccessLogCheckpoint) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        var line = try encoder.encode(checkpoint)
        line.append(0x0A)
        let manager = FileManager.default
        if !manager.fileExists(atPath: exportPath) {
            guard manager.createFile(atPath: exportPath, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw AccessLogUnavailable(reason: "could not create \(exportPath)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: exportPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }

    public func exportedCheckpoints() throws -> [AccessLogCheckpoint] {
        guard let data = FileManager.default.contents(atPath: exportPath) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            try decoder.decode(AccessLogCheckpoint.self, from: Data(line.utf8))
        }
    }
}

extension AccessLogSigner: CustomStringConvertible, CustomReflectable {
    /// Never shows the private key, however the signer is printed or logged.
    public var description: String { "AccessLogSigner(key file: \(keyPath))" }
    public var customMirror: Mirror { Mirror(self, children: ["keyPath": keyPath, "exportPath": exportPath]) }
}
