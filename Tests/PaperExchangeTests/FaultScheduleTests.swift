import BybitAPI
import Testing

@testable import PaperExchange

/// The faults that let an end-to-end suite interleave failures with successes at known
/// positions (`every`/`burst`), refuse with 10006, answer late after applying, and jump
/// the exchange's clock between ahead and behind — with the ledger saying what applied.
@Suite struct FaultScheduleTests {
    static let body = #"{"category":"linear","symbol":"BTCUSDT","margin":"5"}"#
    static let path = "/v5/position/add-margin"

    @Test func everyAndBurstChooseWhichRequestsFail() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let armed = try await c.raw(
                .POST, "/paper/faults", body: #"{"badGateway":{"count":-1,"every":5,"burst":2,"afterApply":false}}"#)
            #expect(armed.retCode == 0, "\(armed.body)")
            var failed: [Int] = []
            for n in 1...10 {
                if try await c.post(Self.path, Self.body).status == 502 { failed.append(n) }
            }
            #expect(failed == [4, 5, 9, 10])
            #expect(ex.ledger.count(.addMargin) == 6)
            #expect(ex.faults.fired.badGateway == 4)
        }
    }

    @Test func aCountStillBoundsAScheduledFault() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            ex.faults.set(FaultPlan(serverError: FaultTrigger(count: 2, every: 2), paths: [Self.path]))
            let c = PaperClient(ex)
            var codes: [Int] = []
            for _ in 1...8 { codes.append(try await c.post(Self.path, Self.body).retCode) }
            #expect(codes == [0, 10016, 0, 10016, 0, 0, 0, 0])
            #expect(ex.ledger.count(.addMargin) == 8)  // a 10016 after applying applied
        }
    }

    @Test func rateLimitedAnswers10006WithAResetAheadAndAppliesNothing() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            _ = try await c.raw(
                .POST, "/paper/faults", body: #"{"rateLimited":{"count":-1,"every":3},"rateLimitResetMs":250}"#)
            var codes: [Int] = []
            for _ in 1...3 {
                let reply = try await c.post(Self.path, Self.body)
                codes.append(reply.retCode)
                if reply.retCode == 10006 {
                    #expect(reply.status == 200)
                    #expect(reply.header("X-Bapi-Limit-Status") == "0")
                    #expect(reply.header("X-Bapi-Limit") == "10")
                    let reset = Int64(reply.header("X-Bapi-Limit-Reset-Timestamp") ?? "") ?? 0
                    #expect(reset == ex.serverTimeMs + 250)  // the manual clock does not move
                }
            }
            #expect(codes == [0, 0, 10006])
            #expect(ex.ledger.count(.addMargin) == 2)
            #expect(ex.faults.fired.rateLimited == 1)
        }
    }

    @Test func faultsThatPromiseNothingRanRefuseAfterApply() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for body in [
                #"{"rateLimited":{"count":1,"afterApply":true}}"#, #"{"flipClockSkew":{"count":1,"afterApply":true}}"#,
                #"{"badGateway":{"count":1,"every":0}}"#, #"{"badGateway":{"count":1,"every":2,"burst":3}}"#,
                #"{"slowReplyMs":-5}"#,
            ] {
                let reply = try await c.raw(.POST, "/paper/faults", body: body)
                #expect(reply.retCode == 10001, "\(body)")
            }
            #expect(ex.faults.plan == .none)
        }
    }

    @Test func slowReplyAppliesFirstThenAnswersLate() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            ex.faults.set(FaultPlan(slowReply: FaultTrigger(count: 1), slowReplyMs: 300, paths: [Self.path]))
            let c = PaperClient(ex)
            let started = ContinuousClock.now
            let reply = try await c.post(Self.path, Self.body)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(reply.retCode == 0)
            #expect(ex.ledger.count(.addMargin) == 1)
            #expect(ex.faults.fired.slowReply == 1)
            _ = try await c.post(Self.path, Self.body)
            #expect(ex.faults.fired.slowReply == 1)  // a count of 1 fires once
        }
    }

    @Test func flipClockSkewMovesTheClockFromAheadToBehindBeforeAuthenticating() async throws {
        let clock = ManualPaperClock(startMs: 1_700_000_000_000)
        try await withExchange(manualConfig(clock: clock, rateLimits: false)) { ex in
            ex.faults.set(
                FaultPlan(clockSkewMs: 30_000, flipClockSkew: FaultTrigger(count: -1, every: 2), paths: [Self.path]))
            // A client synced to the exchange running 30 s ahead.
            let synced = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "TESTKEY", hmacSecret: "TESTSECRET"),
                now: { clock.nowMs() + 30_000 })
            #expect(try await synced.post(Self.path, Self.body).retCode == 0)
            let second = try await synced.post(Self.path, Self.body)  // the clock flips to 30 s behind
            #expect(second.retCode == 10002)
            #expect(second.retMsg.contains("server_timestamp[1699999970000]"))
            #expect(ex.faults.plan.clockSkewMs == -30_000)
            #expect(ex.faults.fired.flipClockSkew == 1)
            #expect(ex.ledger.count(.addMargin) == 1)  // the 10002 applied nothing
            let time = try await synced.raw(.GET, "/v5/market/time")
            #expect(time.result["timeSecond"] == "1699999970")
        }
    }
}
