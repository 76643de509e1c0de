import BybitAPI
import Testing

@testable import PaperExchange

/// Crossing the liquidation price closes the position at its bankruptcy price (issue 4, item 5).
@Suite struct LiquidationTests {
    func config(_ scenario: Scenario? = nil) -> PaperExchange.Configuration {
        manualConfig(scenario: scenario, rateLimits: false)
    }

    @Test func linearLongIsLiquidatedAtTheLiquidationPriceAndLosesItsMargin() async throws {
        try await withExchange(config()) { ex in
            #expect(try ex.setMarkPrice(symbol: "BTCUSDT", "54300.01").isEmpty)
            let events = try ex.setMarkPrice(symbol: "BTCUSDT", "54300")
            let liq = try #require(events.first)
            #expect(events.count == 1)
            #expect(liq.action == .liquidation)
            #expect(liq.detail["liqPrice"] == "54300.00")
            #expect(liq.detail["bustPrice"] == "54000.00")
            #expect(liq.detail["loss"] == "6000")
            let account = try #require(ex.account(apiKey: Scenarios.key))
            #expect(account.wallets["USDT"] == dec("94000"))
            let p = try #require(ex.testPosition())
            #expect(!p.isOpen)
            #expect(p.side == nil)
            #expect(p.cumRealisedPnl == dec("-6000"))
            // The other USDT position is untouched.
            #expect(ex.testPosition("ETHUSDT")?.isOpen == true)
        }
    }

    @Test func linearShortIsLiquidatedWhenTheMarkRisesThroughIt() async throws {
        try await withExchange(config()) { ex in
            #expect(try ex.setMarkPrice(symbol: "ETHUSDT", "3284.99").isEmpty)
            let events = try ex.setMarkPrice(symbol: "ETHUSDT", "3400")
            #expect(events.first?.detail["bustPrice"] == "3300.00")
            #expect(events.first?.detail["loss"] == "3000")
            #expect(ex.testPosition("ETHUSDT")?.isOpen == false)
        }
    }

    @Test func inverseLongAndShort() async throws {
        // The §5.2 example as positions: 100,000 USD at 50,000, 50×.
        let scenario = Scenarios.account(
            wallet: ["BTC": "1"],
            positions: [Scenarios.long("BTCUSD", size: "100000", at: "50000", leverage: "50")])
        try await withExchange(config(scenario)) { ex in
            #expect(try ex.setMarkPrice(symbol: "BTCUSD", "49261.09").isEmpty)
            let events = try ex.setMarkPrice(symbol: "BTCUSD", "49261.08")
            #expect(events.first?.detail["liqPrice"] == "49261.08")
            #expect(events.first?.detail["bustPrice"] == "49019.61")
            #expect(events.first?.detail["loss"] == "0.04")
            #expect(ex.account(apiKey: Scenarios.key)?.wallets["BTC"] == dec("0.96"))

            let shortScenario = Scenarios.account(
                wallet: ["BTC": "1"],
                positions: [Scenarios.short("BTCUSD", size: "100000", at: "50000", leverage: "50")])
            try await withExchange(config(shortScenario)) { ex2 in
                let before = try ex2.setMarkPrice(symbol: "BTCUSD", "50761.41")
                #expect(before.isEmpty)
                let at = try ex2.setMarkPrice(symbol: "BTCUSD", "50761.42")
                #expect(at.first?.detail["bustPrice"] == "51020.41")
            }
        }
    }

    @Test func crossPositionsUseTheFreeBalanceAsCollateral() async throws {
        // Cross: the free 94,000 USDT also backs the long, so its estimated LP is far lower.
        let scenario = Scenarios.account(marginMode: .cross, wallet: ["USDT": "100000"], positions: [Scenarios.long()])
        try await withExchange(config(scenario)) { ex in
            let list = try await PaperClient(ex).get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            // 60,000 − (6,000 + 94,000 − 300) / 1 → below zero: no liquidation price.
            #expect(list.result["list"]?[0]?["liqPrice"] == "")
            #expect(list.result["list"]?[0]?["positionIM"] == "6000")
            let info = try await PaperClient(ex).get("/v5/account/info")
            #expect(info.result["marginMode"] == "REGULAR_MARGIN")
        }
    }

    @Test func listShowsAnEmptySlotAfterLiquidation() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            try ex.setMarkPrice(symbol: "BTCUSDT", "50000")
            let c = PaperClient(ex)
            let bySymbol = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            let slot = bySymbol.result["list"]?[0]
            #expect(slot?["side"] == "")
            #expect(slot?["size"] == "0")
            #expect(slot?["liqPrice"] == "")
            #expect(slot?["cumRealisedPnl"] == "-6000")
            let bySettle = try await c.get("/v5/position/list", "category=linear&settleCoin=USDT")
            #expect(bySettle.result["list"]?.arrayValue?.count == 1)  // only open positions
            let add = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#)
            #expect(add.retCode == 110033)
        }
    }
}
