import Glibc
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Loopback ports with nothing listening, for refused-connection tests.
enum ClosedPort {
    /// Ports already handed out in this test process: bind(0) can return a port that was
    /// just released, and two tests given the same "closed" port talked to each other's
    /// exchange (CI: a reset connection and an exchange that saw no request).
    private static let handedOut = NIOLockedValueBox<Set<Int>>([])

    /// A port that was free a moment ago: bound on 127.0.0.1 and released again, never
    /// the same one twice in a run.
    static func next() throws -> Int {
        while true {
            let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0).wait()
            let port = channel.localAddress!.port!
            try channel.close().wait()
            if handedOut.withLockedValue({ $0.insert(port).inserted }) { return port }
        }
    }
}

/// A loopback port that stays refused for as long as it is held: a TCP socket bound to it
/// but never listening, so a connection gets a reset (refused) and no other test's server
/// can be given the port meanwhile (which `ClosedPort.next()` cannot promise under load).
final class RefusedPort {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard bound == 0, named == 0 else {
            let code = errno
            close(fd)
            throw IOError(errnoCode: code, reason: "bind")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}
