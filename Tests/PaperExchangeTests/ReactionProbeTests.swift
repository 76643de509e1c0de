import BybitAPI
import Testing

@testable import PaperExchange

/// The reaction-time probe's accounting (which add-margin ends which breach) and the
/// bench controls' plan checks, in process.
@Suite struct ReactionProbeTests {
    static func ticker(_ mark: String) -> JSONNode { .object([("symbol", "BTCUSDT"), ("markPrice", .string(mark))]) }
    static func body(_ symbol: String) -> [UInt8] {
        Array(#"{"category":"linear","symbol":"\#(symbol)","margin":"10"}"#.utf8)
    }

    @Test func eachBreachIsTimedFromItsPushToTheNextAddMarginForItsSymbol() throws {
        let probe = ReactionProbe()
        probe.reset(breaches: 4)
        let t0 = ContinuousClock.now
        let path = ReactionProbe.addMarginPath
        // 1: a calm push is not the breach; the breach push starts it, an ETHUSDT add-margin
        // does not end it, the BTCUSDT one 300 us later does.
        probe.arm(symbol: "BTCUSDT", mark: try ExactDecimal(parsing: "59000"))
        probe.tickerPushed("BTCUSDT", ticker: Self.ticker("60000.00"), at: t0)
        probe.tickerPushed("BTCUSDT", ticker: Self.ticker("59000.00"), at: t0 + .microseconds(100))
        probe.requestArrived(path: path, payload: Self.body("ETHUSDT"), at: t0 + .microseconds(200))
        probe.requestArrived(path: path, payload: Self.body("BTCUSDT"), at: t0 + .microseconds(400))
        probe.requestArrived(path: path, payload: Self.body("BTCUSDT"), at: t0 + .microseconds(500))  // a second call
        probe.requestArrived(path: "/v5/position/list", payload: [], at: t0 + .microseconds(600))  // not add-margin
        // 2: pushed, never answered. 3: never pushed. 4: answered before its push (early).
        probe.arm(symbol: "BTCUSDT", mark: try ExactDecimal(parsing: "59000"))
        probe.tickerPushed("BTCUSDT", ticker: Self.ticker("59000.00"), at: t0 + .milliseconds(200))
        probe.arm(symbol: "BTCUSDT", mark: try ExactDecimal(parsing: "59000"))
        probe.arm(symbol: "BTCUSDT", mark: try ExactDecimal(parsing: "59000"))
        probe.requestArrived(path: path, payload: Self.body("BTCUSDT"), at: t0 + .milliseconds(400))
        probe.tickerPushed("BTCUSDT", ticker: Self.ticker("59000.00"), at: t0 + .milliseconds(401))
        let r = probe.finish()
        #expect(r.samples == [300_000])
        #expect(r.breaches == 4 && r.missedReaction == 1 && r.missedPush == 1 && r.early == 1)
        #expect(r.unmatched == 2, "the ETHUSDT call and the second BTCUSDT call")
        #expect(r.finished && r.quantileMicros(0.5) == 300 && r.quantileMicros(1) == 300)
    }

    @Test func quantilesAreNearestRank() {
        var r = ReactionResult()
        for us in 1...100 { r.add(nanoseconds: Int64(us) * 1000) }
        #expect(r.quantileMicros(0.5) == 50 && r.quantileMicros(0.99) == 99 && r.quantileMicros(1) == 100)
        #expect(ReactionResult().quantileMicros(0.5) == nil)
    }

    @Test func aBreachNoStreamCarriedIsCountedMissedAndThePlanIsChecked() async throws {
        var config = manualConfig()
        config.benchControls = true
        try await withExchange(config) { ex in
            let c = PaperClient(ex)
            let sixty = try ExactDecimal(parsing: "60000")
            for bad in [
                #"{"symbol":"BTCUSDT"}"#, #"{"symbol":"BTCUSDT","breachMark":"59000","everyMs":50}"#,
                #"{"symbol":"BTCUSDT","breachMark":"60000"}"#, #"{"symbol":"NOPE","breachMark":"1"}"#,
                #"{"symbol":"BTCUSDT","breachMark":"59000","count":0}"#,
            ] {
                #expect(try await c.raw(.POST, "/paper/bench/breaches", body: bad).retCode == 10001, "\(bad)")
            }
            let started = try await c.raw(
                .POST, "/paper/bench/breaches", body: #"{"symbol":"BTCUSDT","breachMark":"59000","count":2}"#)
            #expect(
                started.retCode == 0
                    && started.result["calmMark"]?.stringValue.flatMap { try? ExactDecimal(parsing: $0) } == sixty,
                "\(started)")
            let again = try await c.raw(
                .POST, "/paper/bench/breaches", body: #"{"symbol":"BTCUSDT","breachMark":"59000","count":2}"#)
            #expect(again.retCode == 10001, "one run at a time")
            let r = try await c.raw(.GET, "/paper/bench/reaction?wait=1")
            #expect(r.result["finished"] == true && r.result["breaches"] == 2 && r.result["missedPush"] == 2)
            #expect(r.result["count"] == 0 && r.result["p50Us"] == .null)
            #expect(ex.markPrice(symbol: "BTCUSDT") == sixty, "the run ends on the calm mark")
        }
    }
}
