import Foundation

/// How the server listens and which protections it switches on.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The address users type, e.g. `https://lantern.example.police.uk`. When it is https,
    /// cookies are `Secure` and `__Host-` prefixed and HSTS is sent. Also used for the Origin check.
    public var publicURL: String?
    /// Proxies whose `X-Forwarded-For` is believed (exact client addresses, e.g. "127.0.0.1").
    public var trustedProxies: Set<String>
    /// Largest request body accepted, in bytes.
    public var maxBodySize: Int
    /// The largest body Lantern reads unless told otherwise (1 MiB): the default for `maxBodySize`, and the
    /// limit the JSON and form decoders apply, which run where the configuration is not at hand.
    public static let standardMaxBodySize = 1_048_576
    /// How often the access-log head is signed and exported.
    public var checkpointInterval: Duration
    /// How often the episode clocks (review escalation, notification and interview deadlines) are checked.
    public var clockInterval: Duration
    /// A connection with nothing read or written for this long is closed.
    public var idleTimeout: Duration
    /// A request (head and body) must be fully read within this long of its head arriving, or the
    /// connection is closed: a slowly trickled body cannot hold a connection open.
    public var requestReadTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, trustedProxies: Set<String> = [],
        maxBodySize: Int = ServerConfiguration.standardMaxBodySize, checkpointInterval: Duration = .seconds(300),
        clockInterval: Duration = .seconds(15),
        idleTimeout: Duration = .seconds(60), requestReadTimeout: Duration = .seconds(30)
    ) {
        self.clockInterval = clockInterval
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
        self.maxBodySize = maxBodySize
        self.checkpointInterval = checkpointInterval
    }

    /// True when users reach Lantern over TLS (directly or through a TLS-terminating proxy).
    public var servedOverTLS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// The session cookie's name: `__Host-` prefixed over TLS, which browsers only accept
    /// with `Secure`, `Path=/` and no `Domain`, so no sibling host can plant or read it.
    public var sessionCookieName: String { servedOverTLS ? "__Host-lantern-session" : "lantern-session" }

    /// The origin (scheme://host[:port]) of `publicURL`, if configured.
    public var publicOrigin: String? {
        guard let publicURL, let url = URL(string: publicURL), let scheme = url.scheme, let host = url.host else { return nil }
        if let port = url.port { return "\(scheme)://\(host):\(port)".lowercased() }
        return "\(scheme)://\(host)".lowercased()
    }
}

extension Duration {
    /// Whole nanoseconds, for NIO's TimeAmount.
    var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
