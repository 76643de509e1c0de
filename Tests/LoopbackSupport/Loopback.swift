import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The socket plumbing the raw loopback test servers share (BybitAPITests' `RawServer`,
/// EndToEndTests' `HostCallLimitServer`): a listener on a free port, and waiting for a
/// client to hang up instead of sleeping.
public enum Loopback {
    /// A listening TCP socket on 127.0.0.1 at a port the kernel chose (port 0): its
    /// descriptor, which the caller closes, and the port.
    public static func listen(backlog: Int32 = 16) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, backlog) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return (fd, Int(UInt16(bigEndian: sa.sin_port)))
    }

    /// Waits up to `milliseconds` (-1: for as long as it takes) for the client on `fd` to
    /// hang up; true when it has. A server pacing a drip or holding a reply waits on this
    /// event rather than sleeping, so it stops as soon as the client has given up.
    public static func clientHangsUp(_ fd: Int32, waitingMs milliseconds: Int32) -> Bool {
        let peerClosed: Int16 = 0x2000  // POLLRDHUP: Linux's, hidden from Swift behind _GNU_SOURCE
        var p = pollfd(fd: fd, events: peerClosed | Int16(POLLHUP), revents: 0)
        while true {
            let ready = poll(&p, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0 && p.revents & (peerClosed | Int16(POLLHUP | POLLERR)) != 0
        }
    }
}
