import BybitAPI
import Testing

@testable import PaperExchange

/// Concurrent requests on one account: every mutation is applied atomically and none is
/// lost (issue 4, rules).
@Suite struct ConcurrencyTests {
    @Test func concurrentAddMarginCallsOnOneAccountLoseNoUpdate() async throws {
        // Both positions start with 100 of extra margin, so every reduce is valid in any order.
        let scenario = Scenarios.account(positions: [
            Scenarios.long(extra: "100"), Scenarios.short("ETHUSDT", size: "10", at: "3000", extra: "100"),
        ])
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<120 {
                    group.addTask {
                        // Mix adds and reduces on two positions.
                        let symbol = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT"
                        let margin = i % 3 == 2 ? "-1" : "2"
                        return try await c.post(
                            "/v5/position/add-margin",
                            #"{"category":"linear","symbol":"\#(symbol)","margin":"\#(margin)"}"#
                        ).retCode
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(codes.count == 120)
            #expect(codes.allSatisfy { $0 == 0 })
            // 60 calls per symbol: 40 adds of 2 and 20 reduces of 1 → +60 each.
            #expect(ex.testPosition("BTCUSDT")?.extraMargin == dec("160"))
            #expect(ex.testPosition("ETHUSDT")?.extraMargin == dec("160"))
            #expect(ex.ledger.count(.addMargin) == 120)
            let wallet = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT")
            #expect(wallet.result["list"]?[0]?["coin"]?[0]?["totalPositionIM"] == "9320")
        }
    }

    @Test func concurrentCallsCompetingForTheLastBalanceNeverOverdraw() async throws {
        // 100 USDT free; 30 concurrent requests for 10 each: exactly 10 succeed.
        let scenario = Scenarios.account(wallet: ["USDT": "6100"], positions: [Scenarios.long()])
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        try await c.post(
                            "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#
                        ).retCode
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == 0 }.count == 10)
            #expect(codes.filter { $0 == 110014 }.count == 20)
            #expect(ex.testPosition()?.extraMargin == dec("100"))
        }
    }

    @Test func markMovesAndMarginCallsInterleaveConsistently() async throws {
        let scenario = Scenarios.account(positions: [Scenarios.long(autoAdd: true)])
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        _ = try await c.post(
                            "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
                    }
                    group.addTask { try ex.setMarkPrice(symbol: "BTCUSDT", i % 2 == 0 ? "59000" : "61000") }
                }
                try await group.waitForAll()
            }
            // Whatever the interleaving: 40 adds of 1, no auto-add (never near 54,600), no liquidation.
            #expect(ex.testPosition()?.extraMargin == dec("40"))
            #expect(ex.ledger.total == 40)
        }
    }
}
