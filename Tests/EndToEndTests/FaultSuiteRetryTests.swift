import Foundation
import Testing

/// Faults after which Bybit guarantees nothing executed (10002, 10006): the client may
/// retry, and must do so without ever applying a call twice. The `--verbose` log counts
/// the retries; the ledger proves each call landed once.
@Suite(.serialized, .processBudget) struct FaultSuiteRetryTests {
    static let n = SuiteSettings.callsPerFault
    static let path = #""paths": ["/v5/position/add-margin"]"#

    /// The exchange's clock starts 30 s ahead and flips between +30 s and −30 s every 25th
    /// add-margin request: each flip leaves the client 60 s off, so that request gets 10002,
    /// the client re-syncs from `/v5/market/time`, re-signs and retries once.
    @Test func retCode10002UnderPlusAndMinus30sClockSkew() async throws {
        let run = try await FaultRun.run(
            plan: #"{"clockSkewMs": 30000, "flipClockSkew": {"count": -1, "every": 25}, \#(Self.path)}"#)
        run.checkMoneySafety()
        #expect(run.indices("ok").count == Self.n, "every 10002 was retried after a re-sync")
        #expect(run.ledger.margins.count == Self.n)
        let flips = run.ledger.fired["flipClockSkew"] ?? 0
        // Requests = calls + one retry per 10002; 10002s = the first (offset 0 vs +30 s) + one per flip.
        #expect(flips == (Self.n + 1 + flips) / 25, "flips \(flips)")
        #expect(flips >= 2, "both signs of skew were exercised")
        #expect(run.logLines(containing: "clock re-synced, retrying") == 1 + flips)
    }

    /// Two consecutive 10006s every 10th request: within the client's 3 retries, so every
    /// call succeeds after waiting out `X-Bapi-Limit-Reset-Timestamp` — and no script sees one.
    @Test func retCode10006BurstsAbsorbedByRetries() async throws {
        let run = try await FaultRun.run(
            plan: #"{"rateLimited": {"count": -1, "every": 10, "burst": 2}, "rateLimitResetMs": 20, \#(Self.path)}"#)
        run.checkMoneySafety()
        #expect(run.indices("ok").count == Self.n)
        #expect(run.indices("rate_limited").isEmpty)
        let fired = run.ledger.fired["rateLimited"] ?? 0
        // Each burst costs one call two extra requests: requests = calls + fired.
        #expect(fired == scheduled(Self.n + fired, every: 10, burst: 2).count, "fired \(fired)")
        #expect(fired >= Self.n / 10)
        #expect(run.logLines(containing: "rate limited, waiting for reset") == fired)
    }

    /// Four consecutive 10006s every 25th request: one more than the client's 3 retries,
    /// so exactly the call that meets the burst fails with `rate_limited` (code 10006) and
    /// nothing of it is applied; the next call goes through.
    @Test func retCode10006BurstsExhaustingTheRetries() async throws {
        let run = try await FaultRun.run(
            plan: #"{"rateLimited": {"count": -1, "every": 25, "burst": 4}, "rateLimitResetMs": 20, \#(Self.path)}"#)
        run.checkMoneySafety()
        // One call spends all four requests of a burst, so the period is 22 calls.
        let expected = Set(stride(from: 22, through: Self.n, by: 22))
        #expect(run.indices("rate_limited") == expected)
        #expect(
            run.calls.filter { $0.kind == "rate_limited" }.allSatisfy {
                $0.code == 10006 && $0.message.contains("gave up after 3 retries")
            })
        #expect(run.indices("ok").count == Self.n - expected.count)
        #expect(run.ledger.margins.count == Self.n - expected.count)
        #expect(run.ledger.fired["rateLimited"] == 4 * expected.count)
        #expect(run.logLines(containing: "rate limited, waiting for reset") == 3 * expected.count)
    }
}
