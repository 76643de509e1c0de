import AsyncHTTPClient
import BybitAPI
import Testing

@testable import PaperExchange

/// Fault injection (issue 4, item 7), armed both in-process and over `/paper/faults`,
/// with the ledger proving what was applied.
@Suite struct FaultInjectionTests {
    static let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"5"}"#
    static let path = "/v5/position/add-margin"

    @Test func faultsAreOffByDefault() async throws {
        try await withExchange(manualConfig()) { ex in
            #expect(ex.faults.plan == .none)
            let reply = try await PaperClient(ex).raw(.GET, "/paper/faults")
            #expect(reply.result["plan"]?["dropConnection"]?["count"] == 0)
        }
    }

    @Test func dropConnectionAfterApplyingClosesWithoutAnAnswer() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let armed = try await c.raw(
                .POST, "/paper/faults", body: #"{"dropConnection":{"count":1},"paths":["/v5/position/add-margin"]}"#)
            #expect(armed.retCode == 0, "\(armed.body)")
            await #expect(throws: HTTPClientError.self) { _ = try await c.post(Self.path, Self.body) }
            #expect(ex.ledger.count(.addMargin) == 1)
            #expect(ex.testPosition()?.extraMargin == dec("5"))
            // It fired once; the next call is answered normally.
            let next = try await c.post(Self.path, Self.body)
            #expect(next.retCode == 0)
            let ledger = try await c.raw(.GET, "/paper/ledger?action=add-margin")
            #expect(ledger.result["counts"]?["add-margin"] == 2)
            #expect(ledger.result["entries"]?.arrayValue?.count == 2)
            let faults = try await c.raw(.GET, "/paper/faults")
            #expect(faults.result["fired"]?["dropConnection"] == 1)
        }
    }

    @Test func dropConnectionBeforeApplyingLeavesNothingApplied() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(dropConnection: .next(1, afterApply: false)))
            await #expect(throws: HTTPClientError.self) { _ = try await PaperClient(ex).post(Self.path, Self.body) }
            #expect(ex.ledger.count(.addMargin) == 0)
        }
    }

    /// An after-apply fault means "it happened, then the answer was lost": a refused
    /// request did not happen, so it gets its refusal and the fault waits for one that does.
    @Test func afterApplyFaultsNeverFireOnARefusedRequest() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(serverError: .next(1), paths: [Self.path]))
            let c = PaperClient(ex)
            let refused = try await c.post(Self.path, #"{"category":"linear","symbol":"NOPEUSDT","margin":"10"}"#)
            #expect(refused.retCode != 0 && refused.retCode != 10016, "\(refused.body)")
            #expect(ex.faults.fired.serverError == 0)
            let applied = try await c.post(Self.path, Self.body)
            #expect(applied.retCode == 10016)
            #expect(ex.faults.fired.serverError == 1)
            #expect(ex.ledger.count(.addMargin) == 1)
        }
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(dropConnection: .next(1), paths: [Self.path]))
            let c = PaperClient(ex)
            let refused = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-1"}"#)
            #expect(refused.retCode != 0, "\(refused.body)")
            #expect(ex.faults.fired.dropConnection == 0)
            await #expect(throws: HTTPClientError.self) { _ = try await c.post(Self.path, Self.body) }
            #expect(ex.faults.fired.dropConnection == 1)
            #expect(ex.ledger.count(.addMargin) == 1)
        }
    }

    /// A waiter for a firing is woken by it, and a wait for one that never comes times out.
    @Test func waitUntilFiredWakesOnTheFiringAndTimesOut() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(serverError: .next(1), paths: [Self.path]))
            let waiter = Task.detached { ex.faults.waitUntilFired(timeoutMs: 30_000) { $0.serverError >= 1 } }
            #expect(try await PaperClient(ex).post(Self.path, Self.body).retCode == 10016)
            #expect(await waiter.value)
            let quiet = try await onThread { ex.faults.waitUntilFired(timeoutMs: 50) { $0.badGateway >= 1 } }
            #expect(!quiet)
        }
    }

    @Test func serverError10016AfterApplying() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(serverError: .next(2)))
            let c = PaperClient(ex)
            for _ in 0..<2 {
                let reply = try await c.post(Self.path, Self.body)
                #expect(reply.status == 200)
                #expect(reply.retCode == 10016)
                #expect(reply.retMsg == "System error. Please try again later.")
            }
            #expect(try await c.post(Self.path, Self.body).retCode == 0)
            #expect(ex.ledger.count(.addMargin) == 3)  // both 10016s were applied anyway
            #expect(ex.faults.fired.serverError == 2)
        }
    }

    @Test func badGateway502WithoutApplying() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            _ = try await c.raw(.POST, "/paper/faults", body: #"{"badGateway":{"count":1,"afterApply":false}}"#)
            let reply = try await c.post(Self.path, Self.body)
            #expect(reply.status == 502)
            #expect(reply.body.contains("502 Bad Gateway"))
            #expect(ex.ledger.count(.addMargin) == 0)
        }
    }

    @Test func faultsCanBeLimitedToPathsAndMadePermanent() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(
                FaultPlan(
                    badGateway: FaultTrigger(count: FaultTrigger.always, afterApply: false), paths: ["/v5/account/info"]
                ))
            let c = PaperClient(ex)
            for _ in 0..<3 { #expect(try await c.get("/v5/account/info").status == 502) }
            #expect(try await c.get("/v5/position/list", "category=inverse").status == 200)
            #expect(try await c.raw(.GET, "/paper/ledger").status == 200)  // controls are never faulty
            _ = try await c.raw(.DELETE, "/paper/faults")
            #expect(try await c.get("/v5/account/info").status == 200)
        }
    }

    @Test func clockSkewMovesTheServerClockEverywhere() async throws {
        let clock = ManualPaperClock(startMs: 1_700_000_000_000)
        try await withExchange(manualConfig(clock: clock)) { ex in
            let unskewed = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "TESTKEY", hmacSecret: "TESTSECRET"), now: { clock.nowMs() }
            )
            _ = try await unskewed.raw(.POST, "/paper/faults", body: #"{"clockSkewMs":-10000}"#)
            let refused = try await unskewed.get("/v5/account/info")
            #expect(refused.retCode == 10002)
            #expect(refused.retMsg.contains("server_timestamp[1699999990000]"))
            let time = try await unskewed.raw(.GET, "/v5/market/time")
            #expect(time.result["timeSecond"] == "1699999990")
            // A client that syncs to the exchange's clock gets through.
            #expect(try await PaperClient(ex).get("/v5/account/info").retCode == 0)
        }
    }

    @Test func addedLatencyDelaysTheAnswer() async throws {
        try await withExchange(manualConfig()) { ex in
            ex.faults.set(FaultPlan(latencyMs: 300))
            let started = ContinuousClock.now
            _ = try await PaperClient(ex).raw(.GET, "/v5/market/time")
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func badFaultPlansAreRefused() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for body in [
                #"{"dropConection":1}"#, #"{"dropConnection":-2}"#, #"{"serverError":{"count":"1"}}"#, "[1]",
                #"{"latencyMs":-1}"#,
            ] {
                let reply = try await c.raw(.POST, "/paper/faults", body: body)
                #expect(reply.retCode == 10001, "\(body)")
            }
            #expect(ex.faults.plan == .none)
        }
    }
}
