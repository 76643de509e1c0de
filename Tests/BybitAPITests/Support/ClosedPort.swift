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
