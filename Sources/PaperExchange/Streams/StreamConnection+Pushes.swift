import HummingbirdWebSocket
import NIOCore

/// The push task: one per connection, sending in the order signalled — answers to
/// requests, ticker snapshots and throttled deltas, account pushes — through the faults.
extension StreamConnection {
    func pushLoop(
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
