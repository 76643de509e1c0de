import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/position/set-leverage` over HTTP: the leverage filter, one-way and hedge
/// rules, 110043 on no change, and the isolated position's IM and liquidation price
/// recomputed by the margin formulas.
@Suite struct LeverageTests {
    static func body(_ symbol: String, _ buy: String, _ sell: String? = nil, category: String = "linear") -> String {
        #"{"category":"\#(category)","symbol":"\#(symbol)","buyLeverage":"\#(buy)","sellLeverage":"\#(sell ?? buy)"}"#
    }

    @Test func higherAndLowerLeverageRecomputeMarginAndLiquidationPrice() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            // BTCUSDT long 1 @ 60,000 ×10 with 500 added: IM 6,500
            #expect(
                try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"500"}"#)
                    .retCode == 0)
            let up = try await c.post("/v5/position/set-leverage", Self.body("BTCUSDT", "20"))
            #expect(up.retCode == 0, "\(up.body)")
            #expect(up.result == .object([(String, JSONNode)]()))
            var p = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(p?["leverage"] == "20")
            #expect(p?["positionIM"] == "3000")  // 60,000 / 20; the added 500 is reset
            #expect(p?["liqPrice"] == "57300.00")  // 60,000 − (3,000 − 300)
            #expect(p?["bustPrice"] == "57000.00")
            let down = try await c.post("/v5/position/set-leverage", Self.body("BTCUSDT", "5"))
            #expect(down.retCode == 0)
            p = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(p?["positionIM"] == "12000")
            #expect(p?["liqPrice"] == "48300.00")  // 60,000 − (12,000 − 300)
            let wallet = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT")
            #expect(wallet.result["list"]?[0]?["coin"]?[0]?["totalPositionIM"] == "15000")  // + ETHUSDT's 3,000
            #expect(ex.ledger.count(.setLeverage) == 2)
            #expect(ex.testPosition()?.extraMargin == .zero)
        }
    }

    @Test func inverseLeverageIsInCoin() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let r = try await c.post("/v5/position/set-leverage", Self.body("BTCUSD", "20", category: "inverse"))
            #expect(r.retCode == 0, "\(r.body)")
            let p = try await c.get("/v5/position/list", "category=inverse&symbol=BTCUSD").result["list"]?[0]
            #expect(p?["positionIM"] == "0.00833333")  // 0.16666667 / 20 = 0.0083333335, rounded half-up
            #expect(p?["leverage"] == "20")
        }
    }

    @Test func theSameLeverageIs110043AndChangesNothing() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for value in ["10", "10.00"] {
                let r = try await c.post("/v5/position/set-leverage", Self.body("BTCUSDT", value))
                #expect(r.retCode == 110043)
                #expect(r.retMsg == "Set leverage has not been modified.")
            }
            #expect(ex.ledger.count(.setLeverage) == 0)
        }
    }

    @Test func theLeverageFilterAndOneWayRuleAre10001() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (Self.body("BTCUSDT", "0.5"), "outside the leverage filter"),
                (Self.body("BTCUSDT", "101"), "outside the leverage filter"),
                (Self.body("BTCUSDT", "10.005"), "not a multiple of the leverage step"),
                (Self.body("BTCUSDT", "12", "15"), "must be equal in one-way mode"),
                (Self.body("BTCUSDT", "ten"), "decimal string"),
                (#"{"category":"linear","symbol":"BTCUSDT","buyLeverage":12,"sellLeverage":"12"}"#, "buyLeverage"),
                (#"{"category":"linear","symbol":"BTCUSDT","buyLeverage":"12"}"#, "sellLeverage"),
                (Self.body("NOPEUSDT", "12"), "Not supported symbols"),
                (Self.body("BTCUSD", "12"), "Not supported symbols"),  // inverse under linear
                (Self.body("BTCUSDT", "12", category: "spot"), "category"),
            ]
            for (body, words) in cases {
                let r = try await c.post("/v5/position/set-leverage", body)
                #expect(r.retCode == 10001, "\(body)")
                #expect(r.retMsg.contains(words), "\(body): \(r.retMsg)")
            }
            #expect(ex.testPosition()?.leverage == 10)
            #expect(ex.ledger.count(.setLeverage) == 0)
        }
    }

    @Test func hedgeModeIsolatedMaySetEachSide() async throws {
        try await withExchange(manualConfig(scenario: Scenarios.hedged)) { ex in
            let c = PaperClient(ex)
            let r = try await c.post("/v5/position/set-leverage", Self.body("BTCUSDT", "20", "5"))
            #expect(r.retCode == 0, "\(r.body)")
            #expect(ex.testPosition(idx: 1)?.leverage == 20)
            #expect(ex.testPosition(idx: 2)?.leverage == 5)
            // only the sell side changes: not 110043
            #expect(try await c.post("/v5/position/set-leverage", Self.body("BTCUSDT", "20", "8")).retCode == 0)
            #expect(ex.ledger.count(.setLeverage) == 3)
        }
    }

    @Test func crossMarginNeedsEqualSides() async throws {
        let s = Scenarios.account(marginMode: .cross, hedge: ["BTCUSDT"], positions: [Scenarios.long(idx: 1)])
        try await withExchange(manualConfig(scenario: s)) { ex in
            let r = try await PaperClient(ex).post("/v5/position/set-leverage", Self.body("BTCUSDT", "20", "5"))
            #expect(r.retCode == 10001)
            #expect(r.retMsg.contains("must be equal in cross margin mode"))
        }
    }

    @Test func lowerLeverageWithoutTheMarginIs110044() async throws {
        // IM 6,000 of a 7,000 wallet: 1,000 available, 5× needs 6,000 more
        let s = Scenarios.account(wallet: ["USDT": "7000"], positions: [Scenarios.long()])
        try await withExchange(manualConfig(scenario: s)) { ex in
            let r = try await PaperClient(ex).post("/v5/position/set-leverage", Self.body("BTCUSDT", "5"))
            #expect(r.retCode == 110044)
            #expect(r.retMsg == "Available margin is insufficient.")
            #expect(ex.testPosition()?.leverage == 10)
            #expect(try await PaperClient(ex).post("/v5/position/set-leverage", Self.body("BTCUSDT", "9")).retCode == 0)
        }
    }

    @Test func leverageThatWouldLiquidateIs110011() async throws {
        try await withExchange(manualConfig()) { ex in
            try ex.setMarkPrice(symbol: "BTCUSDT", "55000")  // liq 54,300 at 10×; 57,300 at 20×
            let r = try await PaperClient(ex).post("/v5/position/set-leverage", Self.body("BTCUSDT", "20"))
            #expect(r.retCode == 110011)
            #expect(ex.testPosition()?.leverage == 10)
            #expect(ex.ledger.count(.liquidation) == 0)
        }
    }

    @Test func portfolioMarginIs110038() async throws {
        let s = Scenarios.account(marginMode: .portfolio, positions: [Scenarios.long()])
        try await withExchange(manualConfig(scenario: s)) { ex in
            let r = try await PaperClient(ex).post("/v5/position/set-leverage", Self.body("BTCUSDT", "20"))
            #expect(r.retCode == 110038)
            #expect(r.retMsg == "You are not allowed to change leverage due to portfolio margin mode.")
        }
    }

    @Test func aFlatSlotKeepsItsLeverageForTheNextPosition() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            #expect(try await c.post("/v5/position/set-leverage", Self.body("SOLUSDT", "25")).retCode == 0)
            let p = try await c.get("/v5/position/list", "category=linear&symbol=SOLUSDT").result["list"]?[0]
            #expect(p?["leverage"] == "25")
            #expect(p?["size"] == "0")
        }
    }
}
