import Foundation
import Hummingbird
import LanternCore
import LanternStore
import Logging
import NIOCore

/// Per-request state: the request id, the signed-in session, the client's address
/// and the CSP nonce for this response.
public struct LanternRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    public var cspNonce: String
    public var session: ActiveSession?
    public var clientAddress: String
    let channelAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = Self.newRequestID()
        self.cspNonce = Self.newNonce()
        self.session = nil
        let remote = source.channel.remoteAddress?.ipAddress ?? "local"
        self.channelAddress = remote
        self.clientAddress = remote
    }

    /// The one body size limit (`ServerConfiguration.standardMaxBodySize`), which the request decoder reads.
    public var maxUploadSize: Int { ServerConfiguration.standardMaxBodySize }
    public var requestDecoder: LanternRequestDecoder { LanternRequestDecoder() }
    public var responseEncoder: LanternResponseEncoder { LanternResponseEncoder() }

    /// The signed-in user, or an error the error renderer turns into 401 / the sign-in page.
    public func requireActor() throws -> Actor {
        guard let session else { throw NotSignedIn() }
        return session.actor
    }

    /// What the access log needs to know about this request.
    public func accessContext() throws -> AccessContext {
        AccessContext(actor: try requireActor(), requestID: requestID, clientAddress: clientAddress)
    }

    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded(2) }.joined()
    }

    static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }
}

/// The request needs a signed-in user and has none (or the session expired).
public struct NotSignedIn: Error, Sendable {}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
