#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One non-blocking TCP connection on loopback, used by one request at a time, with
/// every wait a `poll` bounded by a deadline on the monotonic clock.
///
/// `@unchecked Sendable`: a socket is used by one thread at a time; it passes between
/// threads only through ``LoopbackTransport``'s locked idle pool.
final class LoopbackSocket: @unchecked Sendable {
    /// What went wrong in a socket call; `errno`'s text for the detail.
    struct Failure: Error {
        var timedOut: Bool
        var detail: String
        /// The wait was abandoned because the caller's interrupt check said so.
        var interrupted = false
        /// The `errno` of a failed call (0: none, e.g. a timeout).
        var code: Int32 = 0
    }

    private(set) var fd: Int32
    /// When the connection last finished a reply (monotonic ns), for the idle timeout.
    var idleSince: UInt64 = 0

    /// Where `recv` lands before the bytes are appended to the caller's buffer.
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    private init(fd: Int32) { self.fd = fd }

    deinit { close() }

    /// Connects to the first address that accepts, within `deadline`.
    static func connect(to endpoint: LoopbackEndpoint, deadline: UInt64) -> Result<LoopbackSocket, Failure> {
        var last = Failure(timedOut: false, detail: "no address")
        for address in endpoint.addresses {
            switch connect(address, port: endpoint.port, deadline: deadline) {
            case .success(let socket): return .success(socket)
            case .failure(let f): last = f
            }
        }
        return .failure(last)
    }

    private static func connect(_ address: LoopbackEndpoint.Address, port: UInt16, deadline: UInt64)
        -> Result<LoopbackSocket, Failure>
    {
        let family = address == .v6 ? AF_INET6 : AF_INET
        let fd = socket(
            family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(Self.callFailed("socket")) }
        let socket = LoopbackSocket(fd: fd)
        var one: Int32 = 1
        // Request and reply are each one write: Nagle would only add a delayed-ACK wait.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let status: Int32
        switch address {
        case .v4(let raw):
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr.s_addr = raw
            status = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6:
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_addr = in6addr_loopback
            status = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if status == 0 { return .success(socket) }
        guard errno == EINPROGRESS else { return .failure(callFailed("connect")) }
        if let failure = socket.wait(for: Int16(POLLOUT), deadline: deadline, what: "connect") {
            return .failure(failure)
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else {
            return .failure(
                Failure(timedOut: false, detail: "connect: " + String(cString: strerror(error)), code: error))
        }
        return .success(socket)
    }

    /// Linux's POLLRDHUP (0x2000), which Glibc's module map does not export.
    private static let pollRDHUP: Int16 = 0x2000

    /// Whether the peer closed (or sent something unasked) while the connection was idle:
    /// such a connection must not carry a request.
    var isStale: Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN) | Self.pollRDHUP, revents: 0)
        return poll(&p, 1, 0) != 0
    }

    /// Writes all of `bytes`; `written` counts what the kernel accepted, even on failure.
    func write(_ bytes: UnsafeRawBufferPointer, written: inout Int, deadline: UInt64) -> Failure? {
        while written < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL))
            if n > 0 {
                written += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if let f = wait(for: Int16(POLLOUT), deadline: deadline, what: "write") { return f }
                continue
            }
            return Self.callFailed("write")
        }
        return nil
    }

    /// Reads what is available into `buffer` (appending), waiting at most until
    /// `deadline`, and no longer once `interrupt` returns true. Returns the byte count,
    /// 0 at end of stream.
    func read(into buffer: inout [UInt8], deadline: UInt64, interrupt: (@Sendable () -> Bool)? = nil)
        -> Result<Int, Failure>
    {
        while true {
            let n = scratch.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n >= 0 {
                buffer.append(contentsOf: scratch[0..<n])
                return .success(n)
            }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else {
                return .failure(Self.callFailed("read"))
            }
            if let f = wait(for: Int16(POLLIN), deadline: deadline, what: "read", interrupt: interrupt) {
                return .failure(f)
            }
        }
    }

    /// Closes the descriptor (idempotent).
    func close() {
        if fd >= 0 {
            _ = Glibc.close(fd)
            fd = -1
        }
    }

    /// Polls for `events` until `deadline`; nil when ready. With `interrupt`, the wait
    /// is cut into slices of at most `interruptSliceMs` (a signal's EINTR ends one at
    /// once) and given up when it returns true.
    private func wait(
        for events: Int16, deadline: UInt64, what: String, interrupt: (@Sendable () -> Bool)? = nil
    ) -> Failure? {
        while true {
            if let interrupt, interrupt() {
                return Failure(timedOut: false, detail: "\(what) interrupted", interrupted: true)
            }
            let now = Monotonic.now()
            guard now < deadline else { return Failure(timedOut: true, detail: "\(what) timed out") }
            var ms = Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            if interrupt != nil { ms = min(ms, Self.interruptSliceMs) }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&p, 1, ms)
            if r > 0 { return nil }
            if r < 0 && errno != EINTR { return Self.callFailed("poll") }
        }
    }

    /// The longest a wait that can be interrupted goes without asking.
    static let interruptSliceMs: Int32 = 100

    /// The failure of `call`, from `errno`.
    private static func callFailed(_ call: String) -> Failure {
        let code = errno
        return Failure(timedOut: false, detail: "\(call): " + String(cString: strerror(code)), code: code)
    }
}

/// The monotonic clock in nanoseconds: deadlines must not move with the wall clock.
enum Monotonic {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
