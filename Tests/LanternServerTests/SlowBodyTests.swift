import Foundation
import Hummingbird
import HummingbirdTesting
import LanternServer
import LanternStore
import LanternTestSupport
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Slow request bodies")
struct SlowBodyTests {
    /// A body trickled a byte at a time is cut off at the request deadline, though each byte
    /// would reset an idle timeout.
    @Test func aSlowBodyIsCutOffWithinTheDeadline() async throws {
        try await TestStore.with(.sqlite) { test in
            let configuration = ServerConfiguration(port: 0, idleTimeout: .seconds(5), requestReadTimeout: .seconds(1))
            let app = try await LanternApplication.build(store: test.store, configuration: configuration, logger: Logger(label: "test"))
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let started = ContinuousClock.now
                let closed = try Self.trickle(port: port, for: .seconds(8))
                #expect(closed, "the server kept the connection open for the whole trickle")
                #expect(ContinuousClock.now - started < .seconds(4))
            }
        }
    }

    /// Sends a request head promising a large body, then one byte every 200 ms; true when the server
    /// closes the connection before `limit`.
    static func trickle(port: Int, for limit: Duration) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSetupError("connect failed") }
        func send(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } > 0
        }
        _ = send("POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        let started = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now - started < limit {
            usleep(200_000)
            let read = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if read == 0 { return true }
            if read > 0 { continue }  // a response before close (e.g. 408) still ends with the close
            if !send(" ") { return true }
        }
        return false
    }
}
