import BybitAPI
import Testing

@testable import PaperExchange

/// Market fills of `POST /v5/order/create`: price, fee, position, IM, liquidation price and
/// wallet, each checked against a value computed by hand from Bybit's formulas
/// (fee = value × 0.055 % taker; IM = PV / leverage; LP = entry − (IM − MM) / size).
@Suite struct OrderFillTests {
    static let config = manualConfig(rateLimits: false)

    @Test func marketBuyAddsToTheLongAtTheMarkAndPaysTheTakerFee() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            try await c.mark("BTCUSDT", "63000")
            let reply = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"1","orderLinkId":"add-1""#
            )
            #expect(reply.retCode == 0, "\(reply.body)")
            #expect(reply.result["orderLinkId"] == "add-1")
            #expect(reply.result["orderId"]?.stringValue?.count == 36)
            let p = try await c.position("BTCUSDT")
            #expect(p?["size"] == "2")
            #expect(p?["avgPrice"] == "61500")  // (60,000 + 63,000) / 2
            #expect(p?["positionValue"] == "123000")
            #expect(p?["positionIM"] == "12300")  // 123,000 / 10
            #expect(p?["positionMM"] == "615")  // 123,000 × 0.5 %
            #expect(p?["liqPrice"] == "55657.50")  // 61,500 − (12,300 − 615) / 2
            #expect(p?["cumRealisedPnl"] == "-34.65")  // the fee: 63,000 × 0.00055
            #expect(try await c.walletBalance("USDT") == "99965.35")
            let fills = try await c.get("/v5/execution/list", "category=linear&orderLinkId=add-1")
            let fill = fills.result["list"]?[0]
            #expect(fill?["execPrice"] == "63000.00")
            #expect(fill?["execQty"] == "1")
            #expect(fill?["execValue"] == "63000")
            #expect(fill?["execFee"] == "34.65")
            #expect(fill?["feeRate"] == "0.00055")
            #expect(fill?["execType"] == "Trade")
            #expect(fill?["isMaker"] == false)
            #expect(fill?["closedSize"] == "0")
            let order = try await c.get("/v5/order/realtime", "category=linear&symbol=BTCUSDT&orderLinkId=add-1")
                .result["list"]?[0]
            #expect(order?["orderStatus"] == "Filled")
            #expect(order?["avgPrice"] == "63000.00")
            #expect(order?["cumExecFee"] == "34.65")
            #expect(order?["timeInForce"] == "IOC")  // a market order always runs as IOC
            #expect(ex.ledger.count(.orderCreate) == 1)
        }
    }

    @Test func reduceOnlySellsRealiseThePnlAndCloseToFlat() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            try await c.mark("BTCUSDT", "63000")
            _ = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"1""#)
            try await c.mark("BTCUSDT", "64000")
            let part = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"1.5","reduceOnly":true"#
            )
            #expect(part.retCode == 0, "\(part.body)")
            var p = try await c.position("BTCUSDT")
            #expect(p?["size"] == "0.5")
            #expect(p?["avgPrice"] == "61500")  // closing does not move the entry
            #expect(p?["positionIM"] == "3075")
            #expect(p?["liqPrice"] == "55657.50")  // unchanged: IM and MM shrink with the size
            // 1.5 × (64,000 − 61,500) = 3,750 realised; fee 96,000 × 0.00055 = 52.8.
            #expect(p?["cumRealisedPnl"] == "3662.55")  // −34.65 + 3,750 − 52.8
            #expect(try await c.walletBalance("USDT") == "103662.55")
            let fill = try await c.get("/v5/execution/list", "category=linear&symbol=BTCUSDT&limit=1").result["list"]?[
                0]
            #expect(fill?["closedSize"] == "1.5")
            #expect(fill?["execPnl"] == "3750")
            // Asking for more than is left closes what is left (Bybit trims reduce-only).
            let rest = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"2","reduceOnly":true,"orderLinkId":"rest""#
            )
            #expect(rest.retCode == 0, "\(rest.body)")
            p = try await c.position("BTCUSDT")
            #expect(p?["size"] == "0")
            #expect(p?["side"] == "")
            #expect(p?["liqPrice"] == "")
            // 0.5 × 2,500 = 1,250 realised; fee 32,000 × 0.00055 = 17.6.
            #expect(try await c.walletBalance("USDT") == "104894.95")
            let order = try await c.get("/v5/order/realtime", "category=linear&settleCoin=USDT&orderLinkId=rest")
                .result["list"]?[0]
            #expect(order?["qty"] == "0.5")
            #expect(order?["closedPnl"] == "1232.4")
            #expect(order?["reduceOnly"] == true)
        }
    }

    /// Bybit's close-all: qty "0" with reduceOnly and closeOnTrigger closes the whole position.
    @Test func zeroQtyReduceOnlyCloseOnTriggerClosesEverything() async throws {
        try await withExchange(Self.config) { ex in
            let reply = try await PaperClient(ex).order(
                #""category":"linear","symbol":"ETHUSDT","side":"Buy","orderType":"Market","qty":"0","reduceOnly":true,"closeOnTrigger":true"#
            )
            #expect(reply.retCode == 0, "\(reply.body)")
            #expect(ex.testPosition("ETHUSDT")?.isOpen == false)
            #expect(ex.ledger.entries(.orderCreate).first?.detail["qty"] == "10")
        }
    }

    @Test func oneWaySellBeyondTheLongFlipsToAShort() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let flip = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"3""#)
            #expect(flip.retCode == 0, "\(flip.body)")
            let p = try await c.position("BTCUSDT")
            #expect(p?["side"] == "Sell")
            #expect(p?["size"] == "2")
            #expect(p?["avgPrice"] == "60000")
            #expect(p?["liqPrice"] == "65700.00")  // 60,000 + (12,000 − 600) / 2
            #expect(try await c.walletBalance("USDT") == "99901")  // fee 180,000 × 0.00055 = 99
        }
    }

    @Test func inverseFillsAreInCoin() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            try await c.mark("BTCUSD", "62500")
            let reply = try await c.order(
                #""category":"inverse","symbol":"BTCUSD","side":"Sell","orderType":"Market","qty":"5000","reduceOnly":true"#
            )
            #expect(reply.retCode == 0, "\(reply.body)")
            let p = try await c.position("BTCUSD", category: "inverse")
            #expect(p?["size"] == "5000")
            #expect(p?["positionValue"] == "0.08333333")  // 5,000 / 60,000
            #expect(p?["positionIM"] == "0.00833333")
            #expect(p?["liqPrice"] == "54794.53")  // 5,000 / (0.08333333 + 0.00833333 − 0.00041667)
            // PnL 5,000 × (1/60,000 − 1/62,500) = 0.00333333; fee 0.08 BTC × 0.00055 = 0.000044.
            #expect(try await c.walletBalance("BTC") == "2.00328933")
            let fill = try await c.get("/v5/execution/list", "category=inverse&symbol=BTCUSD").result["list"]?[0]
            #expect(fill?["execValue"] == "0.08")
            #expect(fill?["feeCurrency"] == "BTC")
            let more = try await c.order(
                #""category":"inverse","symbol":"BTCUSD","side":"Buy","orderType":"Market","qty":"5000""#)
            #expect(more.retCode == 0, "\(more.body)")
            // The inverse entry is the harmonic mean: 10,000 / (5,000/60,000 + 5,000/62,500).
            #expect(try await c.position("BTCUSD", category: "inverse")?["avgPrice"] == "61224.48979592")
        }
    }

    @Test func slippageMovesAMarketFillAgainstTheTaker() async throws {
        var scenario = Scenario()
        scenario.trading = TradingTerms(marketSlippage: dec("0.001"))
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            _ = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.1""#)
            _ = try await c.order(
                #""category":"linear","symbol":"ETHUSDT","side":"Buy","orderType":"Market","qty":"1""#)
            let fills = try await c.get("/v5/execution/list", "category=linear")
            #expect(fills.result["list"]?[1]?["execPrice"] == "60060.00")  // 60,000 × 1.001
            #expect(fills.result["list"]?[0]?["execPrice"] == "3003.00")  // buying back the short: 3,000 × 1.001
        }
    }
}
