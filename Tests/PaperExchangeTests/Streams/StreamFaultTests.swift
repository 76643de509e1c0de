import BybitAPI
import Testing

@testable import PaperExchange

/// Each stream fault, set over `POST /paper/faults` as a test of the built binary would,
/// observed by a raw WebSocket client.
@Suite struct StreamFaultTests {
    /// A probe subscribed to BTCUSDT's ticker, its snapshot read.
    private func subscribedTicker(_ ex: PaperExchange) async throws -> StreamProbe {
        let probe = StreamProbe(ex, "/v5/public/linear")
        await probe.send(streamRequest("subscribe", ["tickers.BTCUSDT"]))
        #expect(try await probe.next()["success"] == true)
        #expect(try await probe.next()["type"] == "snapshot")
        return probe
    }

    private func setFaults(_ ex: PaperExchange, _ plan: String) async throws {
        let reply = try await PaperClient(ex).raw(.POST, "/paper/faults", body: plan)
        #expect(reply.retCode == 0, "\(reply.retMsg)")
    }

    @Test func dropClosesTheConnectionInsteadOfAPush() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await subscribedTicker(ex)
            try await setFaults(ex, #"{"streamDrop": 1}"#)
            try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            #expect(await probe.nextArrival() == .closed)
            #expect(ex.faults.fired.streamDrop == 1)
            // The next connection is served normally (the count is used up).
            let again = try await subscribedTicker(ex)
            try ex.setMarkPrice(symbol: "BTCUSDT", "58000")
            #expect(try await again.next()["data"]?["markPrice"] == "58000.00")
            await again.close()
        }
    }

    @Test func dropEveryThirdPushCountsPushesFromWhenThePlanIsSet() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await subscribedTicker(ex)
            try await setFaults(ex, #"{"streamDrop": {"count": -1, "every": 3}}"#)
            for mark in ["59000", "58000"] {
                try ex.setMarkPrice(symbol: "BTCUSDT", mark)
                #expect(try await probe.next()["data"]?["markPrice"] == .string(mark + ".00"))
            }
            try ex.setMarkPrice(symbol: "BTCUSDT", "57000")
            #expect(await probe.nextArrival() == .closed, "the third push closes the connection")
            #expect(ex.faults.fired.streamDrop == 1)
        }
    }

    @Test func silenceSwallowsPushesAndPongsUntilItEnds() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await subscribedTicker(ex)
            try await setFaults(ex, #"{"streamSilentMs": 600000}"#)
            try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            await probe.send(#"{"req_id":"silent","op":"ping"}"#)
            // Replies are not silenced, and leave in order after what was due before them:
            // this one arriving first means the push and the pong above were swallowed.
            await probe.send(streamRequest("unsubscribe", ["tickers.ETHUSDT"], reqID: "sync"))
            #expect(try await probe.next()["req_id"] == "sync", "no pong and no push while silent")
            let cleared = try await PaperClient(ex).raw(.DELETE, "/paper/faults")
            #expect(cleared.retCode == 0)
            await probe.send(#"{"req_id":"awake","op":"ping"}"#)
            #expect(try await probe.next()["req_id"] == "awake")
            try ex.setMarkPrice(symbol: "BTCUSDT", "59500")
            let delta = try await probe.next()
            #expect(delta["type"] == "delta" && delta["data"]?["markPrice"] == "59500.00")
            #expect(delta["data"]?["lowPrice24h"] == "59000.00", "what changed while silent is in the next delta")
            await probe.close()
        }
    }

    @Test func silenceEndsAfterItsWindow() {
        let plan = FaultPlan(streamSilentMs: 1_000)
        var clock = StreamFaultClock()
        #expect(clock.isSilent(plan, path: "/v5/private"))
        clock.since = .now - .milliseconds(1_001)
        #expect(!clock.isSilent(plan, path: "/v5/private"))
        #expect(
            !StreamFaultClock().isSilent(
                FaultPlan(paths: ["/v5/private"], streamSilentMs: 1_000), path: "/v5/public/linear"))
    }

    @Test func delayHoldsEveryPush() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await subscribedTicker(ex)
            try await setFaults(ex, #"{"streamDelayMs": 300}"#)
            let start = ContinuousClock.now
            try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            #expect(try await probe.next()["data"]?["markPrice"] == "59000.00")
            #expect(ContinuousClock.now - start >= .milliseconds(300))  // a lower bound: load only adds
            await probe.close()
        }
    }

    @Test func refusedAuthAnswersParamsErrorThenTheNextSucceeds() async throws {
        try await withExchange(manualConfig()) { ex in
            try await setFaults(ex, #"{"streamRefuseAuth": 1}"#)
            let probe = StreamProbe(ex, "/v5/private")
            await probe.send(authRequest(ex))
            let refused = try await probe.next()
            #expect(refused["success"] == false && refused["ret_msg"] == "Params Error" && refused["op"] == "auth")
            await probe.send(authRequest(ex))
            #expect(try await probe.next()["success"] == true)
            #expect(ex.faults.fired.streamRefuseAuth == 1)
            await probe.close()
        }
    }

    @Test func malformedFrameComesBeforeAnIntactPush() async throws {
        try await withExchange(manualConfig()) { ex in
            let probe = try await subscribedTicker(ex)
            try await setFaults(ex, #"{"streamMalformed": 1}"#)
            try ex.setMarkPrice(symbol: "BTCUSDT", "59000")
            guard case .text(let bad) = await probe.nextArrival() else {
                Issue.record("closed")
                return
            }
            #expect((try? JSONValue(parsing: bad)) == nil, "the frame is not JSON: \(bad)")
            #expect(try await probe.next()["data"]?["markPrice"] == "59000.00")
            #expect(ex.faults.fired.streamMalformed == 1)
            await probe.close()
        }
    }

    @Test func streamFaultsReadBackAndBadValuesAreRefused() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            try await setFaults(
                ex, #"{"streamDrop": {"count": -1, "every": 50}, "streamSilentMs": 10, "streamDelayMs": 5}"#)
            let plan = try await c.raw(.GET, "/paper/faults")
            #expect(plan.result["plan"]?["streamDrop"]?["every"] == 50)
            #expect(plan.result["plan"]?["streamSilentMs"] == 10 && plan.result["plan"]?["streamDelayMs"] == 5)
            for bad in [#"{"streamSilentMs": -1}"#, #"{"streamDelayMs": "5"}"#, #"{"streamDrop": {"count": -2}}"#] {
                #expect(try await c.raw(.POST, "/paper/faults", body: bad).retCode == 10001, "\(bad)")
            }
        }
    }
}
