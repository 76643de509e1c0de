import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore

/// One client's stream connection: its requests answered in the order received (pybit
/// sends `auth` and its subscriptions without waiting), its pushes sent by one task in the
/// order the book changed, both through the stream faults.
final class StreamConnection: Sendable {
    struct State {
        var apiKey: String?
        /// In the order subscribed (pushes follow it).
        var topics: [StreamTopic] = []
    }

    let channel: StreamChannel
    let core: ExchangeCore
    let connID: String
    /// The socket itself, closed without a close frame by ``FaultPlan/streamDrop``.
    let socket: any Channel
    let state = NIOLockedValueBox(State())

    init(channel: StreamChannel, core: ExchangeCore, socket: any Channel) {
        self.channel = channel
        self.core = core
        self.socket = socket
        let letters = Array("abcdefghijklmnopqrstuv0123456789")
        self.connID = String((0..<20).map { _ in letters.randomElement()! }) + "-" + String(Int.random(in: 1...9999))
    }

    /// Serves the connection until the client leaves or a fault drops it.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let socket = self.socket
        let (id, signals, signal) = core.streams.open(overflow: { socket.close(promise: nil) })
        defer { core.streams.close(id) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.pushLoop(signals, signal: signal, outbound: outbound) }
            do {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    handle(text, signal: signal)
                }
            } catch {}
            signal.finish()
            group.cancelAll()
        }
    }

    // MARK: Requests

    /// How long a (un)subscribe answer (and the snapshot behind it) is held: the round
    /// trip a real connection has. pybit 5.17.0 records a subscription only after sending
    /// it, so on loopback an immediate answer arrives before it knows the `req_id` and it
    /// drops the connection (`KeyError`).
    static let subscribeHoldMs = 50

    /// Answers one request. The answers go out through the push task, so a client sees
    /// answers and pushes in one order: a subscribe's reply before its snapshot, a pong
    /// after the pushes already due.
    private func handle(_ text: String, signal: AsyncStream<StreamSignal>.Continuation) {
        let answer = { (reply: JSONNode) -> Void in signal.yield(.reply(reply, isPong: false, holdMs: 0)) }
        guard let request = try? JSONParser.parse(Array(text.utf8)), let op = request["op"]?.stringValue else {
            return answer(
                .object([
                    ("success", false), ("ret_msg", .string(StreamReplies.invalidRequest)),
                    ("conn_id", .string(connID)),
                ]))
        }
        let reqID = request["req_id"]
        switch op {
        case "ping":
            let pong = StreamReplies.pong(channel: channel, connID: connID, reqID: reqID, nowMs: core.serverNowMs())
            signal.yield(.reply(pong, isPong: true, holdMs: 0))
        case "auth" where !channel.isPublic:
            answer(StreamReplies.auth(success: authenticate(request["args"]), connID: connID, reqID: reqID))
        case "subscribe", "unsubscribe":
            let result = subscribe(op == "subscribe", names: request["args"])
            let reply = StreamReplies.command(op, channel: channel, connID: connID, reqID: reqID, error: result.error)
            signal.yield(.reply(reply, isPong: false, holdMs: Self.subscribeHoldMs))
            for symbol in result.newTickers { signal.yield(.snapshot(symbol)) }
        default:
            answer(
                StreamReplies.command(
                    op, channel: channel, connID: connID, reqID: reqID, error: StreamReplies.invalidOp))
        }
    }

    private func authenticate(_ args: JSONNode?) -> Bool {
        guard !core.faults.streamRefusesAuth(path: channel.path) else { return false }
        guard
            let apiKey = StreamAuth.authenticate(
                args: args, serverNowMs: core.serverNowMs(), lookup: core.credential(for:))
        else { return false }
        state.withLockedValue { $0.apiKey = apiKey }
        return true
    }

    /// Applies a (un)subscribe of every topic in `names`, or of none when one is refused.
    private func subscribe(_ adding: Bool, names: JSONNode?) -> (error: String?, newTickers: [String]) {
        let names = names?.arrayValue?.compactMap(\.stringValue) ?? []
        let parsed: [(String, StreamTopic?)] =
            (try? core.read { (book: Book) throws(PaperAPIError) in
                names.map { ($0, StreamTopic($0, channel: channel, in: book)) }
            }) ?? []
        if let bad = parsed.first(where: { $0.1 == nil }) { return (StreamReplies.handlerNotFound(bad.0), []) }
        let topics = parsed.compactMap(\.1)
        return state.withLockedValue { s in
            if !channel.isPublic && s.apiKey == nil && adding { return (StreamReplies.notAuthorized, []) }
            var fresh: [String] = []
            for topic in topics {
                if adding, !s.topics.contains(topic) {
                    s.topics.append(topic)
                    if case .ticker(let symbol) = topic { fresh.append(symbol) }
                } else if !adding {
                    s.topics.removeAll { $0 == topic }
                }
            }
            return (nil, fresh)
        }
    }
}
