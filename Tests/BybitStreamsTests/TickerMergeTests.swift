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

extension TickerMergeTests {
    /// 200 deltas pushed in one burst while the Lua side is not reading: it gets fewer
    /// events than pushes, each the newest merged state, and the `skipped` counts add up
    /// to every push (none lost, none counted twice).
    @Test func aSlowReaderGetsTheNewestTickerOnceWithSkippedCounted() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear)])).get()
        guard case .ticker = await h.next() else {
            Issue.record("no snapshot")
            return
        }
        let pushes = 200
        for i in 1...pushes { server.pushDelta("BTCUSDT", [("markPrice", "100.\(1000 + i)")]) }

        var events: [(JSONValue, Int)] = []
        var merged = 0
        while merged < pushes, case .ticker(_, let ticker, let skipped) = await h.next() {
            events.append((ticker, skipped))
            merged += skipped + 1
        }
        #expect(merged == pushes)
        #expect(events.count < pushes)
        #expect(events.last?.0["markPrice"] == .string("100.\(1000 + pushes)"))
        #expect(events.last?.0["lastPrice"] == .string("100.10"))
        await server.shutdown()
    }

    /// Two categories are two connections; each symbol keeps its own merged state.
    @Test func linearAndInverseTickersComeFromTheirOwnConnections() async throws {
        let server = try await ScriptedStreamServer.start()
        let h = try HubHarness(baseURL: server.baseURL)
        defer { h.close() }
        try await h.start(StreamSubscription(tickers: [("BTCUSDT", .linear), ("BTCUSD", .inverse)])).get()
        let labels = await h.events { $0.count == 2 }.map(\.label).sorted()
        #expect(labels == ["ticker BTCUSD", "ticker BTCUSDT"])
        #expect(server.state.seen.subscribes["/v5/public/linear"] == [["tickers.BTCUSDT"]])
        #expect(server.state.seen.subscribes["/v5/public/inverse"] == [["tickers.BTCUSD"]])
        server.pushDelta("BTCUSD", [("markPrice", "99.5")], path: "/v5/public/inverse")
        guard case .ticker("BTCUSD", let t, 0) = await h.next() else {
            Issue.record("no inverse delta")
            return
        }
        #expect(t["markPrice"] == .string("99.5"))
        #expect(h.hub.ticker("BTCUSDT")?["markPrice"] == .string("100.00"))
        await server.shutdown()
    }
}
