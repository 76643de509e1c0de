import Foundation
import LoopbackSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback webhook for the notifier's tests (blocking sockets, a thread per
/// connection): records each request's body and when it came, and answers with the
/// status `answer` gives for its number (from 1), or holds it (nil) until ``release()``.
final class WebhookReceiver: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let answer: @Sendable (Int) -> Int?
    /// Guards everything below; signalled on every request and on release.
    private let condition = NSCondition()
    private var bodies: [String] = []
    private var times: [Date] = []
    private var released = false

    init(answer: @escaping @Sendable (Int) -> Int? = { _ in 200 }) throws {
        self.answer = answer
        (listener, port) = try Loopback.listen()
        Thread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { return }
                Thread { [self] in serve(fd) }.start()
            }
        }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [String] { condition.withLock { bodies } }
    var arrivals: [Date] { condition.withLock { times } }

    /// Waits until `count` requests have arrived, up to `seconds`; false if they did not.
    func waitFor(_ count: Int, within seconds: Double = 30) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while bodies.count < count { if !condition.wait(until: deadline) { return bodies.count >= count } }
        return true
    }

    /// Answers every held request (200) and every later one at once.
    func release() {
        condition.withLock { released = true }
        condition.broadcast()
    }

    func shutdown() {
        release()
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var pending: [UInt8] = []
        while let body = Self.readBody(fd, &pending) {
            condition.lock()
            bodies.append(body)
            times.append(Date())
            let number = bodies.count
            condition.broadcast()
            var status = answer(number)
            while status == nil && !released { condition.wait() }
            condition.unlock()
            status = status ?? 200
            let reply = Array("HTTP/1.1 \(status!) X\r\nContent-Length: 0\r\n\r\n".utf8)
            _ = reply.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// One request's body (after the head, `Content-Length` bytes); nil when the client left.
    private static func readBody(_ fd: Int32, _ pending: inout [UInt8]) -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self).lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if pending.count >= end.upperBound + length {
                    let body = String(decoding: pending[end.upperBound..<end.upperBound + length], as: UTF8.self)
                    pending.removeFirst(end.upperBound + length)
                    return body
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            pending.append(contentsOf: chunk[..<n])
        }
    }
}
