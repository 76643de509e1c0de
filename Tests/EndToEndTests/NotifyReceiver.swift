import Foundation

/// A loopback webhook receiver for the alert tests: records each POST (its path and
/// body) and answers as `reply` says for the request's number (from 1): a status code,
/// or nil to hold the request until the client gives up (a receiver that hangs).
final class NotifyReceiver: @unchecked Sendable {
    struct Post: Sendable {
        let path: String
        let body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    private let lock = NSLock()
    private var received: [Post] = []  // under lock
    private var server: HostCallLimitServer!

    init(reply: @escaping @Sendable (_ number: Int) -> Int? = { _ in 200 }) throws {
        server = try HostCallLimitServer { [unowned self] request, number, connection in
            let parts = request.components(separatedBy: "\r\n\r\n")
            let line = parts[0].split(separator: "\r\n").first ?? ""
            let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            lock.withLock { received.append(Post(path: path, body: parts.dropFirst().joined(separator: "\r\n\r\n"))) }
            guard let status = reply(number) else {
                connection.holdUntilClientHangsUp()
                return
            }
            let head = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            connection.write(Array(head.utf8))
        }
    }

    /// `http://127.0.0.1:PORT`.
    var url: String { server.url }
    var posts: [Post] { lock.withLock { received } }

    func shutdown() { server.shutdown() }
}
