import Foundation
import LoopbackSupport
import NIOConcurrencyHelpers

/// A loopback HTTP server of raw bytes, for the transport's framing and keep-alive rules:
/// each reply is written whole, optionally followed by a close. Blocking sockets on its
/// own threads; port 0.
final class RawServer: Sendable {
    /// What to answer one request with. (Replies split byte by byte are the parser
    /// tests' job: TCP may coalesce parts written back to back.)
    struct Reply: Sendable {
        var bytes: [UInt8]
        var close = false
        /// Read the request and never answer.
        var hang = false

        /// After `bytes`, the pieces this returns (called with 0, 1, 2, …) until it returns
        /// nil or the client goes away — a hostile server's endless reply; then a close.
        var stream: (@Sendable (_ piece: Int) -> [UInt8]?)?
        /// Seconds to wait before each streamed piece (a drip).
        var interval = 0.0

        init(_ text: String, close: Bool = false) {
            bytes = Array(text.utf8)
            self.close = close
        }
        static let hang: Reply = {
            var r = Reply("")
            r.hang = true
            return r
        }()

        /// `head`, then `piece` forever (or `interval` apart), up to `limit` bytes in all.
        static func endless(_ head: String, then piece: String, every interval: Double = 0, limit: Int = 1 << 36)
            -> Reply
        {
            var r = Reply(head)
            let bytes = Array(piece.utf8)
            r.stream = { i in (i + 1) * bytes.count <= limit ? bytes : nil }
            r.interval = interval
            return r
        }
    }

    private struct State {
        var requests: [String] = []
        var connections = 0
        var clientFDs: [Int32] = []
        var bytesSent = 0
    }

    let port: Int
    private let listener: Int32
    private let state = NIOLockedValueBox(State())
    private let answer: @Sendable (_ connection: Int, _ request: String) -> Reply

    /// Written on every connection as soon as it is accepted, before any request is read
    /// (a server that does not speak what the client speaks, e.g. plain HTTP to TLS).
    private let greeting: [UInt8]

    init(greeting: String = "", answer: @escaping @Sendable (_ connection: Int, _ request: String) -> Reply) throws {
        self.answer = answer
        self.greeting = Array(greeting.utf8)
        (listener, port) = try Loopback.listen()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Every request as received (head and body), in order.
    var requests: [String] { state.withLockedValue { $0.requests } }
    /// Connections accepted so far.
    var connections: Int { state.withLockedValue { $0.connections } }
    /// Reply bytes the kernel accepted from this server so far.
    var bytesSent: Int { state.withLockedValue { $0.bytesSent } }

    /// Closes every connection the server holds (as an idle timeout on the peer would).
    func closeClientConnections() {
        // Under the lock that `serve` closes its descriptor under: a number already closed
        // may belong to another test's socket by now, and must not be shut down.
        state.withLockedValue { s in
            for fd in s.clientFDs { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
            s.clientFDs = []
        }
    }

    /// Stops accepting; the accept thread closes the listener itself, so its descriptor
    /// number cannot be reused by another test's socket while `accept` still holds it.
    func shutdown() {
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        closeClientConnections()
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            let index = state.withLockedValue { s -> Int in
                s.connections += 1
                s.clientFDs.append(fd)
                return s.connections
            }
            Thread { [self] in serve(fd, connection: index) }.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLockedValue { s in
                s.clientFDs.removeAll { $0 == fd }
                close(fd)
            }
        }
        var pending: [UInt8] = []
        guard greeting.isEmpty || write(greeting, to: fd) else { return }
        while let request = readRequest(fd, &pending) {
            state.withLockedValue { $0.requests.append(request) }
            let reply = answer(connection, request)
            if reply.hang {
                _ = readRequest(fd, &pending)
                return
            }
            guard write(reply.bytes, to: fd) else { return }
            if let stream = reply.stream {
                var i = 0
                while let piece = stream(i) {
                    if reply.interval > 0, Self.clientHangsUp(fd, within: reply.interval) { return }
                    guard write(piece, to: fd) else { return }
                    i += 1
                }
                return
            }
            if reply.close { return }
        }
    }

    /// Paces a drip: waits up to `seconds` for the client to hang up (true) rather than
    /// sleeping, so a drip stops as soon as the client has given up on it.
    private static func clientHangsUp(_ fd: Int32, within seconds: Double) -> Bool {
        Loopback.clientHangsUp(fd, waitingMs: Int32(seconds * 1000))
    }

    /// Writes all of `bytes`; false once the client has gone.
    private func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            done += n
            state.withLockedValue { $0.bytesSent += n }
        }
        return true
    }

    /// One request: the head through the blank line plus `Content-Length` body bytes.
    private func readRequest(_ fd: Int32, _ pending: inout [UInt8]) -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: pending, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") {
                let head = text[..<end.upperBound]
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                let total = head.utf8.count + length
                if pending.count >= total {
                    let request = String(decoding: pending[..<total], as: UTF8.self)
                    pending.removeFirst(total)
                    return request
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            pending.append(contentsOf: chunk[..<n])
        }
    }
}
