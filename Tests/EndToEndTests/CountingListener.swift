import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP listener on 127.0.0.1 (a free port) that accepts, counts and closes every
/// connection: the witness that a run refused before it started sent nothing.
final class CountingListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    /// Guards `peers` and `probes`; signalled when a connection is accepted.
    private let lock = NSCondition()
    /// The client port of every connection accepted, in order.
    private var peers: [UInt16] = []
    /// The client ports of this listener's own probes (``connections``).
    private var probes: Set<UInt16> = []

    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                bind(fd, a, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, a, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.fd = fd
        Thread { [weak self] in
            while true {
                var peer = sockaddr_in()
                var size = socklen_t(MemoryLayout<sockaddr_in>.size)
                let client = withUnsafeMutablePointer(to: &peer) { p in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &size) }
                }
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                close(client)
                guard let self else { return }
                self.lock.lock()
                self.peers.append(UInt16(bigEndian: peer.sin_port))
                self.lock.broadcast()
                self.lock.unlock()
            }
        }.start()
    }

    /// Connections accepted from others so far. A connection the kernel has queued but the
    /// accept loop has not taken yet is counted too: this connects once itself and waits
    /// until that probe is accepted, which happens after every connection queued before it.
    /// -1 (never a count a test expects) when the probe could not connect or was not
    /// accepted within 10 s.
    var connections: Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = Self.loopback(port: port)
        var local = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connected =
            withUnsafeMutablePointer(to: &address) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, size) == 0 }
            }
            && withUnsafeMutablePointer(to: &local) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &size) == 0 }
            }
        guard connected else { return -1 }
        let mine = UInt16(bigEndian: local.sin_port)
        lock.lock()
        defer { lock.unlock() }
        probes.insert(mine)
        let deadline = Date(timeIntervalSinceNow: 10)
        while !peers.contains(mine) {
            guard lock.wait(until: deadline) else { return -1 }
        }
        return peers.filter { !probes.contains($0) }.count
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
