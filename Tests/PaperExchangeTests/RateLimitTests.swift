import BybitAPI
import Testing

@testable import PaperExchange

/// Per-key, per-endpoint limits with Bybit's headers (issue 4, item 6).
@Suite struct RateLimitTests {
    @Test func rollingWindowRefusesTheEleventhMarginWriteInOneSecond() {
        let limiter = RateLimiter(enforced: true)
        let t0: Int64 = 1_000_000
        for i in 0..<10 {
            let d = limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: t0 + Int64(i) * 50)
            #expect(d.allowed)
            #expect(d.remaining == 9 - i)
            #expect(d.resetMs == t0 + Int64(i) * 50)  // "otherwise simply the current time"
        }
        let refused = limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: t0 + 999)
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        #expect(refused.resetMs == t0 + 1000)  // when the oldest request leaves the window
        // Other keys and other endpoints have their own budgets.
        #expect(limiter.acquire(key: "L", endpoint: "/a", rule: .marginWrite, nowMs: t0 + 999).allowed)
        #expect(limiter.acquire(key: "K", endpoint: "/b", rule: .marginWrite, nowMs: t0 + 999).allowed)
        // A refused request does not count; the window rolls.
        #expect(limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: t0 + 1000).allowed)
        #expect(!limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: t0 + 1049).allowed)
        #expect(limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: t0 + 1050).allowed)
    }

    /// Limits off: never refused, and the headers say the whole budget is left — never an
    /// exhausted count a self-pacing client would obey (it held bybit-lua to 10 calls/s
    /// against `bybit-lua paper --no-rate-limits`).
    @Test func unenforcedLimitsReportTheWholeBudget() {
        let limiter = RateLimiter(enforced: false)
        var last: RateLimiter.Decision?
        for _ in 0..<25 { last = limiter.acquire(key: "K", endpoint: "/a", rule: .marginWrite, nowMs: 5) }
        #expect(last?.allowed == true)
        #expect(last?.limit == 10)
        #expect(last?.remaining == 10)
        #expect(last?.resetMs == 5)
    }

    @Test func headersOnEveryResponseAnd10006WhenExceeded() async throws {
        let clock = ManualPaperClock()
        try await withExchange(manualConfig(clock: clock)) { ex in
            let c = PaperClient(ex)
            let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#
            for i in 0..<10 {
                let reply = try await c.post("/v5/position/add-margin", body)
                #expect(reply.retCode == 0)
                #expect(reply.header("X-Bapi-Limit") == "10")
                #expect(reply.header("X-Bapi-Limit-Status") == String(9 - i))
                #expect(reply.header("X-Bapi-Limit-Reset-Timestamp") == String(clock.nowMs()))
            }
            let refused = try await c.post("/v5/position/add-margin", body)
            #expect(refused.status == 200)
            #expect(refused.retCode == 10006)
            #expect(refused.retMsg == "Too many visits!")
            #expect(refused.header("X-Bapi-Limit-Status") == "0")
            #expect(refused.header("X-Bapi-Limit-Reset-Timestamp") == String(clock.nowMs() + 1000))
            #expect(ex.ledger.count(.addMargin) == 10)  // the refused call was not applied
            // set-auto-add-margin has its own 10/s; position list has 50/s.
            let auto = try await c.post(
                "/v5/position/set-auto-add-margin", #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":0}"#)
            #expect(auto.retCode == 0)
            #expect(auto.header("X-Bapi-Limit-Status") == "9")
            let list = try await c.get("/v5/position/list", "category=inverse")
            #expect(list.header("X-Bapi-Limit") == "50")
            #expect(list.header("X-Bapi-Limit-Status") == "49")
            // A second later the budget is back.
            clock.advance(byMs: 1000)
            let again = try await c.post("/v5/position/add-margin", body)
            #expect(again.retCode == 0)
            #expect(again.header("X-Bapi-Limit-Status") == "9")
            // Public and refused requests carry the headers too.
            let time = try await c.raw(.GET, "/v5/market/time")
            #expect(time.header("X-Bapi-Limit") == "600")
            let unknown = try await c.raw(.GET, "/v5/nowhere")
            #expect(unknown.header("X-Bapi-Limit") != nil)
            let badKey = try await PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "NOPE", hmacSecret: "x"), now: { clock.nowMs() }
            )
            .get("/v5/position/list", "category=inverse")
            #expect(badKey.retCode == 10003)
            #expect(badKey.header("X-Bapi-Limit") == "50")
        }
    }

    @Test func limitsArePerKey() async throws {
        var config = manualConfig()
        config.credentials.append(APICredential(apiKey: "OTHER", hmacSecret: "OTHERSECRET"))
        try await withExchange(config) { ex in
            let a = PaperClient(ex)
            let b = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "OTHER", hmacSecret: "OTHERSECRET"),
                now: { ex.serverTimeMs })
            let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#
            for _ in 0..<10 { _ = try await a.post("/v5/position/add-margin", body) }
            let refused = try await a.post("/v5/position/add-margin", body)
            #expect(refused.retCode == 10006)
            let other = try await b.post("/v5/position/add-margin", body)
            #expect(other.retCode == 0)
        }
    }
}
