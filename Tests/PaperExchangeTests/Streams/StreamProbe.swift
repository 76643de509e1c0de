import BybitWire
import Logging
import NIOCore
import WSClient

@testable import PaperExchange

/// A raw WebSocket client for the paper exchange's streams: sends text, and hands over
/// what arrives, frame by frame, in order. A real client (swift-websocket's) over loopback.
actor StreamProbe {
    /// What arrived: a text frame, or the end of the connection.
    enum Arrival: Equatable {
        case text(String)
        case closed
    }

    private var arrivals: AsyncStream<Arrival>.Iterator
    private let outgoing: AsyncStream<String>.Continuation
    private let connection: Task<WebSocketCloseFrame?, any Error>

    /// Connects to `path` of `exchange` (e.g. `/v5/public/linear`).
    init(_ exchange: PaperExchange, _ path: String) {
        let (inbox, deliver) = AsyncStream<Arrival>.makeStream()
        let (outbox, send) = AsyncStream<String>.makeStream()
        arrivals = inbox.makeAsyncIterator()
        outgoing = send
        let url = "ws://127.0.0.1:\(exchange.port)\(path)"
        connection = Task {
            defer {
                deliver.yield(.closed)
                deliver.finish()
            }
            return try await WebSocketClient.connect(url: url, logger: Logger(label: "StreamProbe")) {
                inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in outbox { try await outbound.write(.text(text)) }
                    }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        if case .text(let text) = message { deliver.yield(.text(text)) }
                    }
                    group.cancelAll()
                }
            }
        }
    }

    /// Sends one text frame.
    func send(_ text: String) { outgoing.yield(text) }

    /// Sends a JSON request.
    func send(_ request: JSONValue) { outgoing.yield(request.serialized) }

    /// The next frame, raw (the connection's end reads as `.closed`, then stays so).
    func nextArrival() async -> Arrival {
        var iterator = arrivals
        defer { arrivals = iterator }
        return await iterator.next(isolation: self) ?? .closed
    }

    /// The next frame as JSON; fails the test's expectation by throwing when the
    /// connection ended or the frame is not JSON.
    func next() async throws -> JSONValue {
        switch await nextArrival() {
        case .closed: throw ProbeError.closed
        case .text(let text): return try JSONValue(parsing: text)
        }
    }

    /// The next frame whose `topic` is `topic` (pongs and replies before it are skipped).
    func next(topic: String) async throws -> JSONValue {
        while true {
            let message = try await next()
            if message["topic"]?.stringValue == topic { return message }
        }
    }

    /// Closes the connection from the client side.
    func close() {
        outgoing.finish()
        connection.cancel()
    }

    enum ProbeError: Error { case closed }
}

/// The auth request for `exchange`'s first key, `expires` 10 s ahead of its clock.
func authRequest(_ exchange: PaperExchange, expiresAsString: Bool = false, secret: String? = nil) -> JSONValue {
    let expires = exchange.serverTimeMs + 10_000
    let signature = StreamAuth.hmacSignature(secret: secret ?? exchange.apiSecret, expires: String(expires))
    let expiresValue: JSONValue = expiresAsString ? .string(String(expires)) : .int(expires)
    return .object([
        ("req_id", "auth-1"), ("op", "auth"),
        ("args", .array([.string(exchange.apiKey), expiresValue, .string(signature)])),
    ])
}

/// A subscribe (or other op) request.
func streamRequest(_ op: String, _ args: [String], reqID: JSONValue? = nil) -> JSONValue {
    var fields: [(String, JSONValue)] = [("op", .string(op)), ("args", .array(args.map { .string($0) }))]
    if let reqID { fields.insert(("req_id", reqID), at: 0) }
    return .object(fields)
}
