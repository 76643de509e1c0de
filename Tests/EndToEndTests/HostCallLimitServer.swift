import Foundation
import LoopbackSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback HTTP/1.1 server (port 0, blocking sockets, a thread per connection) whose
/// handler writes each reply itself: it may hold it, drip it a byte at a time, or answer
/// page after page — the hostile or broken exchanges the host-call limits are tested
/// against. It verifies no signature: the runner only needs somewhere to send.
final class HostCallLimitServer: @unchecked Sendable {
    /// One accepted connection, for the handler to answer on.
    struct Connection: Sendable {
        let fd: Int32

        /// Writes all of `bytes`; false once the peer has gone.
        @discardableResult
        func write(_ bytes: [UInt8]) -> Bool {
            var done = 0
            while done < bytes.count {
                let n = bytes[done...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                done += n
            }
            return true
        }

        /// Holds the connection until the client hangs up (its process stopped or gave the
        /// read up): a reply that never comes, ended by the event the test waits for rather
        /// than after a guessed time.
        func holdUntilClientHangsUp() { _ = Loopback.clientHangsUp(fd, waitingMs: -1) }

        /// Paces a drip: waits up to `seconds` for the client to hang up (true) rather than
        /// sleeping, so the drip stops as soon as the client has given up on it.
        func clientHangsUp(within seconds: Double) -> Bool {
            Loopback.clientHangsUp(fd, waitingMs: Int32(seconds * 1000))
        }

        /// A whole 200 reply carrying `body` (JSON).
        @discardableResult
        func reply(_ body: String) -> Bool {
            let bytes = Array(body.utf8)
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\n\r\n"
            return write(Array(head.utf8) + bytes)
        }
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var count = 0  // under lock
    private let handler: @Sendable (_ request: String, _ number: Int, _ connection: Connection) -> Void

    /// - Parameter handler: called for every request (its head and body as text, and its
    ///   number from 1) on the connection's thread; it writes the reply, or holds it.
    init(handler: @escaping @Sendable (_ request: String, _ number: Int, _ connection: Connection) -> Void) throws {
        self.handler = handler
        (listener, port) = try Loopback.listen()
        Thread { [self] in acceptLoop() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    /// Requests received so far.
    var requests: Int { lock.withLock { count } }
    /// Any key and secret: the server does not check signatures.
    static let credentials = ["BYBIT_API_KEY": "limits-key", "BYBIT_API_SECRET": "limits-secret"]

    /// Stops accepting (the accept thread closes the listener itself).
    func shutdown() { Glibc.shutdown(listener, Int32(SHUT_RDWR)) }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var pending: [UInt8] = []
        while let request = Self.readRequest(fd, &pending) {
            let number = lock.withLock {
                count += 1
                return count
            }
            handler(request, number, Connection(fd: fd))
        }
    }

    /// One request: the head through the blank line plus `Content-Length` body bytes.
    private static func readRequest(_ fd: Int32, _ pending: inout [UInt8]) -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.upperBound], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                let total = end.upperBound + length
                if pending.count >= total {
                    defer { pending.removeFirst(total) }
                    return String(decoding: pending[..<total], as: UTF8.self)
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            pending.append(contentsOf: chunk[..<n])
        }
    }
}

/// The peak resident set of a running process, sampled from `/proc/PID/status` (`VmHWM`,
/// the kernel's own high-water mark) until it exits.
final class PeakMemoryWatch: @unchecked Sendable {
    /// Guards `peakKB` and `done`; signalled by ``stop()`` so the sampler ends at once.
    private let condition = NSCondition()
    private var peakKB = 0, done = false  // under condition

    init(pid: Int32) {
        Thread { [self] in
            condition.lock()
            defer { condition.unlock() }
            while !done {
                guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return }
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                    let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
                {
                    peakKB = max(peakKB, kb)
                }
                // The sampling interval; stop() cuts it short.
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.02))
            }
        }.start()
    }

    /// The highest `VmHWM` seen, in MB.
    var peakMB: Double { Double(condition.withLock { peakKB }) / 1024 }
    func stop() {
        condition.withLock { done = true }
        condition.broadcast()
    }
}
