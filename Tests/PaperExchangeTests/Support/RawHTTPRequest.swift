import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sends bytes no HTTP client library would produce (a malformed chunk-size line) to the
/// exchange over a plain loopback TCP socket and returns what came back until the server
/// closed the connection, or nothing more arrived for `idleSeconds`.
enum RawHTTPRequest {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The reply's status code (`HTTP/1.1 400 Bad Request` → 400) and the whole text.
    /// The socket blocks, so it runs on a thread of its own: blocking the cooperative
    /// pool would starve the exchange being tested in the same process.
    static func send(port: Int, _ request: String, idleSeconds: Int = 10) async throws -> (status: Int?, text: String) {
        try await onThread { try exchange(port: port, request, idleSeconds: idleSeconds) }
    }

    private static func exchange(port: Int, _ request: String, idleSeconds: Int) throws -> (status: Int?, text: String)
    {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: idleSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }  // the server may answer and close before reading it all
            sent += n
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            reply += buffer[0..<n]
        }
        let text = String(decoding: reply, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        return (status, text)
    }
}
