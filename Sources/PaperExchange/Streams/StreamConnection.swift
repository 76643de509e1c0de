import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore

/// One client's stream connection: its requests answered in the order received (pybit
/// sends `auth` and its subscriptions without waiting), its pushes sent by one task in the
/// order the book changed, both through the stream faults.
final class StreamConnection: Sendable {
    private struct State {
        var apiKey: String?
        /// In the order subscribed (pushes follow it).
        var topics: [StreamTopic] = []
    }

    let channel: StreamChannel
    let core: ExchangeCore
    let connID: String
    /// The socket itself, closed without a close frame by ``FaultPlan/streamDrop``.
    private let socket: any Channel
    private let state = NIOLockedValueBox(State())

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

    // MARK: Pushes

    private func pushLoop(
        _ signals: AsyncStream<StreamSignal>, signal: AsyncStream<StreamSignal>.Continuation,
        outbound: WebSocketOutboundWriter
    ) async {
        var tickers = TickerPublisher()
        do {
            for await next in signals {
                let (apiKey, topics) = state.withLockedValue { ($0.apiKey, $0.topics) }
                switch next {
                case .reply(let reply, let isPong, let holdMs):
                    if isPong && core.faults.streamIsSilent(path: channel.path) { continue }
                    if holdMs > 0 { try await Task.sleep(for: .milliseconds(holdMs)) }
                    try await outbound.write(.text(reply.serialized))
                case .snapshot(let symbol):
                    try await pushTicker(symbol, &tickers, topics: topics, outbound)
                case .tickerDue(let symbol):
                    tickers.fire(symbol)
                    try await pushTicker(symbol, &tickers, topics: topics, outbound)
                case .changed(let change):
                    if let apiKey {
                        let messages = AccountPublisher.messages(
                            change, apiKey: apiKey, topics: topics, nowMs: core.serverNowMs())
                        for message in messages { try await push(message.serialized, outbound) }
                    }
                    for symbol in change.movedMarks.sorted() where topics.contains(.ticker(symbol)) {
                        switch tickers.timing(symbol) {
                        case .now: try await pushTicker(symbol, &tickers, topics: topics, outbound)
                        case .scheduled: break
                        case .at(let due):
                            Task {
                                try? await Task.sleep(until: due, clock: .continuous)
                                signal.yield(.tickerDue(symbol))
                            }
                        }
                    }
                }
            }
        } catch {}
    }

    private func pushTicker(
        _ symbol: String, _ tickers: inout TickerPublisher, topics: [StreamTopic], _ outbound: WebSocketOutboundWriter
    ) async throws {
        guard topics.contains(.ticker(symbol)) else { return tickers.forget(symbol) }
        let now = core.serverNowMs()
        guard
            let ticker = try? core.read({ (book: Book) throws(PaperAPIError) -> JSONNode? in
                book.instrument(symbol).map { MarketRenderer.ticker($0, in: book, nowMs: now) }
            }),
            let (message, fields) = tickers.message(
                symbol, ticker: ticker, cs: core.streams.nextCrossSequence(), ts: now)
        else { return }
        let text = message.serialized
        let pushedAt = ContinuousClock.now  // the reaction benchmark's start time
        if try await push(text, outbound) {
            tickers.sent(symbol, fields: fields)
            core.reactionProbe.tickerPushed(symbol, ticker: ticker, at: pushedAt)
        }
    }

    /// Sends one push through the stream faults; false when silence swallowed it.
    @discardableResult
    private func push(_ text: String, _ outbound: WebSocketOutboundWriter) async throws -> Bool {
        let firing = core.faults.streamPush(path: channel.path)
        if firing.silent { return false }
        if firing.delayMs > 0 { try await Task.sleep(for: .milliseconds(firing.delayMs)) }
        if firing.drop {
            try? await socket.close()
            throw CancellationError()
        }
        if firing.malformed { try await outbound.write(.text(StreamReplies.malformedFrame)) }
        try await outbound.write(.text(text))
        return true
    }
}
