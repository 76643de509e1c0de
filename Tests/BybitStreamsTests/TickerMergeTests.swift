import BybitStreams
import BybitWire
import Testing

/// Tickers over a real loopback WebSocket: the snapshot after subscribing, deltas merged
/// field by field with their exact text, and conflation (one event, `skipped` counted).
@Suite struct TickerMergeTests {
    @Test func snapshotThenDeltasMergeKeepingExactText() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)])).get()

        guard case .ticker(let symbol, let snapshot, let skipped) = await h.next() else {
            Issue.record("no snapshot")
            return
        }
        #expect(symbol == "BTCUSDT" && skipped == 0)
        #expect(snapshot["markPrice"] == .string("100.00"))

        server.pushDelta("BTCUSDT", [("markPrice", "101.50")])
        guard case .ticker(_, let merged, _) = await h.next() else {
            Issue.record("no delta")
            return
        }
        // The delta changed markPrice only; the snapshot's other fields stay, text exact.
        #expect(merged["markPrice"] == .string("101.50"))
        #expect(merged["lastPrice"] == .string("100.10"))
        #expect(merged["fundingRate"] == .string("0.0001"))
        #expect(h.hub.ticker("BTCUSDT")?["markPrice"] == .string("101.50"))
        #expect(h.hub.ticker("ETHUSDT") == nil)
        await server.shutdown()
    }
}
