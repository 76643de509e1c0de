import BybitAPI
import BybitStreams
import BybitWire
import PaperExchange
import Testing

/// The hub against the paper exchange's streams (same port as its REST API): tickers as
/// the mark moves, position and wallet pushes for a REST add-margin, and the stream faults
/// (drop, silence, refused login, a malformed frame) recovered from with no position change
/// missed compared with the exchange's own state.
@Suite struct PaperStreamsTests {
    static let key = "PAPERKEY"
    static let secret = "paper-secret-4a7e"

    func withPaper(
        timings: StreamTimings = HubHarness.fast, _ body: (PaperExchange, HubHarness) async throws -> Void
    ) async throws {
        let ex = try await PaperExchange.start(
            PaperExchange.Configuration(
                credentials: [APICredential(apiKey: Self.key, hmacSecret: Self.secret)], autoplay: false,
                enforceRateLimits: false))
        let h = try HubHarness(baseURL: ex.baseURL, timings: timings, apiKey: Self.key, secret: Self.secret)
        do {
            try await body(ex, h)
        } catch {
            h.close()
            await ex.shutdown()
            throw error
        }
        h.close()
        await ex.shutdown()
    }

    static func everything(staleAfterMs: Int64 = 600_000) -> StreamSubscription {
        StreamSubscription(
            tickers: [("BTCUSDT", .linear)], positions: true, wallet: true, orders: true, executions: true,
            staleAfterMs: staleAfterMs)
    }

    /// The BTCUSDT position as the exchange's REST API reads it now.
    static func restPosition(_ client: BybitClient) async -> JSONValue? {
        await onThread {
            (try? client.positions(PositionListRequest(category: .linear, symbol: "BTCUSDT")))?.positions.first?.raw
        }
    }

    @Test func tickerAndAccountPushesFollowTheExchange() async throws {
        try await withPaper { ex, h in
            try await h.start(Self.everything()).get()
            let seed = await h.events { list in list.contains { $0.label == "wallet" } }
            #expect(seed.contains { $0.label == "position" && $0.payload?["symbol"] == .string("BTCUSDT") })

            _ = try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            let ticks = await h.events { list in
                list.contains {
                    if case .ticker(_, let t, _) = $0 { t["markPrice"] == .string("59000.00") } else { false }
                }
            }
            #expect(!ticks.isEmpty)
            #expect(h.hub.ticker("BTCUSDT")?["markPrice"] == .string("59000.00"))

            let client = h.client
            let added = await onThread {
                try? client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: try! ExactDecimal(parsing: "10")))
            }
            #expect(added != nil)
            let pushed = await h.events { list in
                list.contains { $0.label == "position" } && list.contains { $0.label == "wallet" }
            }
            let position = pushed.last { $0.label == "position" && $0.payload?["symbol"] == .string("BTCUSDT") }?
                .payload
            #expect(position?["positionIM"] == added?.raw["positionIM"])
            #expect(position?["entryPrice"] != nil, "the stream's name for avgPrice")
            #expect(position?["avgPrice"] == position?["entryPrice"], "REST's name added")
            #expect(position?["avgPrice"] == added?.raw["avgPrice"])
        }
    }

    @Test func aDroppedPrivateStreamMissesNoPositionChange() async throws {
        try await withPaper { ex, h in
            try await h.start(Self.everything()).get()
            _ = await h.events { list in list.contains { $0.label == "wallet" } }
            // The push of the next change closes the private connection instead.
            ex.faults.set(FaultPlan(paths: ["/v5/private"], streamDrop: FaultTrigger(count: 1)))
            let client = h.client
            let added = await onThread {
                try? client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: try! ExactDecimal(parsing: "25")))
            }
            #expect(added != nil)
            let events = await h.events { list in list.contains { $0.label == "reconnected private" } }
            #expect(ex.faults.fired.streamDrop == 1)
            let lastPosition = events.last {
                $0.label == "position" && $0.payload?["symbol"] == .string("BTCUSDT")
            }?.payload
            let now = await Self.restPosition(client)
            #expect(lastPosition?["positionIM"] != nil)
            #expect(lastPosition?["positionIM"] == now?["positionIM"])
            #expect(lastPosition?["size"] == now?["size"])
        }
    }

    @Test func aSilentPublicStreamIsStaleThenDeadThenBack() async throws {
        // A pong bound well under the silence, yet not so tight that a loaded machine
        // declares a connection dead while it starts (2 s once failed the private feed's
        // start in a full run on two loaded cores; every feed of a process shares one thread).
        var timings = HubHarness.fast
        timings.pongTimeoutMs = 4_000
        try await withPaper(timings: timings) { ex, h in
            try await h.start(Self.everything(staleAfterMs: 300)).get()
            _ = await h.events { list in list.contains { $0.label == "ticker BTCUSDT" } }
            // A fresh tick first: a snapshot that came late on a loaded machine may already
            // have been reported stale, and a silence is reported once.
            _ = try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            _ = await h.events { list in
                list.contains {
                    if case .ticker(_, let t, _) = $0 { t["markPrice"] == .string("59000.00") } else { false }
                }
            }
            // No pushes and no pongs for 10 s: stale, then (pong late) reconnects until it ends.
            ex.faults.set(FaultPlan(paths: ["/v5/public/linear"], streamSilentMs: 10_000))
            // Both come; on a loaded machine the stale check can run after the dead-connection
            // check, so their order is not asserted.
            let events = await h.events { list in
                list.contains { $0.label == "reconnected linear" } && list.contains { $0.label == "stale linear" }
            }
            #expect(events.contains { $0.label == "stale linear" })
            #expect(events.contains { $0.label == "reconnected linear" })
            _ = try ex.setMarkPrice(symbol: "BTCUSDT", "58000")
            let after = await h.events { list in
                list.contains {
                    if case .ticker(_, let t, _) = $0 { t["markPrice"] == .string("58000.00") } else { false }
                }
            }
            #expect(!after.isEmpty)
        }
    }

    @Test func aMalformedFrameIsIgnoredAndTheFeedGoesOn() async throws {
        try await withPaper { ex, h in
            try await h.start(Self.everything()).get()
            _ = await h.events { list in list.contains { $0.label == "ticker BTCUSDT" } }
            ex.faults.set(FaultPlan(paths: ["/v5/public/linear"], streamMalformed: FaultTrigger(count: 1)))
            _ = try ex.setMarkPrice(symbol: "BTCUSDT", "61000")
            let events = await h.events { list in
                list.contains {
                    if case .ticker(_, let t, _) = $0 { t["markPrice"] == .string("61000.00") } else { false }
                }
            }
            #expect(ex.faults.fired.streamMalformed == 1)
            #expect(!events.contains { $0.label == "reconnected linear" })
        }
    }

    @Test func aRefusedLoginIsAnAuthErrorFromStart() async throws {
        try await withPaper { ex, h in
            ex.faults.set(FaultPlan(paths: ["/v5/private"], streamRefuseAuth: FaultTrigger(count: 5)))
            guard case .failure(let error) = await h.start(Self.everything()) else {
                Issue.record("start succeeded")
                return
            }
            #expect(error.kind == "auth")
            #expect(!error.description.contains(Self.secret))
            #expect(ex.faults.fired.streamRefuseAuth == 2, "one retry after measuring the clock")
        }
    }
}
