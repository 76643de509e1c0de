import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/position/trading-stop`: stops stored on the position, shown by
/// `position/list`, and fired by the mark (driven with `/paper/mark-price`): the position
/// is closed at market, with an order in history and an execution carrying the stop type.
@Suite struct OrderTradingStopTests {
    static let config = manualConfig(rateLimits: false)
    static let path = "/v5/position/trading-stop"
    static let base = #""category":"linear","symbol":"BTCUSDT","tpslMode":"Full","positionIdx":0,"#

    @Test func aStopLossClosesTheLongAtMarketWhenTheMarkCrossesIt() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let set = try await c.post(Self.path, "{" + Self.base + #""stopLoss":"58000","takeProfit":"65000"}"#)
            #expect(set.retCode == 0, "\(set.body)")
            #expect(set.result == .object([]))
            var p = try await c.position("BTCUSDT")
            #expect(p?["stopLoss"] == "58000.00")
            #expect(p?["takeProfit"] == "65000.00")
            #expect(ex.ledger.count(.tradingStop) == 1)
            let above = try await c.mark("BTCUSDT", "58000.10")
            #expect(above.result["events"]?.arrayValue?.isEmpty == true)
            let crossed = try await c.mark("BTCUSDT", "57900")
            #expect(crossed.result["events"]?.arrayValue?.map { $0["action"] } == ["stop-triggered"])
            p = try await c.position("BTCUSDT")
            #expect(p?["size"] == "0")
            #expect(p?["stopLoss"] == "0.00")  // cleared with the position
            #expect(p?["takeProfit"] == "0.00")
            // 1 × (57,900 − 60,000) = −2,100; fee 57,900 × 0.00055 = 31.845.
            #expect(try await c.walletBalance("USDT") == "97868.155")
            let order = try await c.get("/v5/order/history", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(order?["stopOrderType"] == "StopLoss")
            #expect(order?["createType"] == "CreateByStopLoss")
            #expect(order?["triggerPrice"] == "58000.00")
            #expect(order?["triggerBy"] == "MarkPrice")
            #expect(order?["orderStatus"] == "Filled")
            #expect(order?["side"] == "Sell")
            #expect(order?["avgPrice"] == "57900.00")
            #expect(order?["reduceOnly"] == true)
            let fill = try await c.get("/v5/execution/list", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(fill?["execType"] == "Trade")
            #expect(fill?["stopOrderType"] == "StopLoss")
            #expect(fill?["closedSize"] == "1")
            #expect(fill?["execPnl"] == "-2100")
        }
    }

    @Test func takeProfitOnAShortAndZeroCancels() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let eth = #""category":"linear","symbol":"ETHUSDT","tpslMode":"Full","positionIdx":0,"#
            #expect(try await c.post(Self.path, "{" + eth + #""takeProfit":"2900","stopLoss":"3100"}"#).retCode == 0)
            #expect(try await c.post(Self.path, "{" + eth + #""stopLoss":"0"}"#).retCode == 0)
            let p = try await c.position("ETHUSDT")
            #expect(p?["stopLoss"] == "0.00")
            #expect(p?["takeProfit"] == "2900.00")
            // The cancelled stop-loss no longer fires.
            let up = try await c.mark("ETHUSDT", "3150")
            #expect(up.result["events"]?.arrayValue?.isEmpty == true)
            let down = try await c.mark("ETHUSDT", "2890")
            #expect(down.result["events"]?[0]?["detail"]?["stopOrderType"] == "TakeProfit")
            #expect(ex.testPosition("ETHUSDT")?.isOpen == false)
            // 10 × (3,000 − 2,890) = 1,100; fee 28,900 × 0.00055 = 15.895.
            #expect(try await c.walletBalance("USDT") == "101084.105")
        }
    }

    @Test func aTrailingStopFollowsTheBestMark() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            #expect(try await c.post(Self.path, "{" + Self.base + #""trailingStop":"1000"}"#).retCode == 0)
            #expect(try await c.position("BTCUSDT")?["trailingStop"] == "1000.00")
            try await c.mark("BTCUSDT", "62000")  // stop now 61,000
            let holds = try await c.mark("BTCUSDT", "61000.10")
            #expect(holds.result["events"]?.arrayValue?.isEmpty == true)
            let fires = try await c.mark("BTCUSDT", "60900")
            #expect(fires.result["events"]?[0]?["detail"]?["stopOrderType"] == "TrailingStop")
            #expect(fires.result["events"]?[0]?["detail"]?["triggerPrice"] == "61000")
            #expect(ex.testPosition()?.isOpen == false)
        }
    }

    @Test func aStopBeforeTheLiquidationPriceFiresFirst() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            #expect(try await c.post(Self.path, "{" + Self.base + #""stopLoss":"56000"}"#).retCode == 0)
            let gap = try await c.mark("BTCUSDT", "54000")  // below the liquidation price 54,300
            #expect(gap.result["events"]?.arrayValue?.map { $0["action"] } == ["stop-triggered"])
            #expect(ex.ledger.count(.liquidation) == 0)
        }
    }

    @Test func refusals() async throws {
        try await withExchange(Self.config) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (
                    Self.base + #""stopLoss":"61000""#,
                    "sl:61000 set for Buy position should lower base_price:60000??MarkPrice"
                ),
                (Self.base + #""takeProfit":"59000""#, "tp:59000 set for Buy position should greater base_price:60000"),
                (Self.base + #""stopLoss":"58000.05""#, "not a multiple of the tickSize"),
                (Self.base + #""stopLoss":58000"#, "stopLoss must be a string"),
                (Self.base + #""stopLoss":"-1""#, "must not be negative"),
                (
                    Self.base.replacingOccurrences(of: "\"positionIdx\":0,", with: "") + #""stopLoss":"58000""#,
                    "missing required parameter 'positionIdx'"
                ),
                (Self.base.replacingOccurrences(of: "Full", with: "Partial") + #""stopLoss":"58000""#, "only Full"),
                (Self.base + #""stopLoss":"58000","slOrderType":"Limit""#, "only Market"),
                (Self.base + #""stopLoss":"58000","slTriggerBy":"Wrong""#, "slTriggerBy 'Wrong'"),
                (Self.base + #""trailingStop":"100","activePrice":"61000""#, "activePrice is not supported"),
                (Self.base + #""tpTriggerBy":"MarkPrice""#, "takeProfit, stopLoss or trailingStop is required"),
                (
                    #""category":"linear","symbol":"SOLUSDT","tpslMode":"Full","positionIdx":0,"stopLoss":"100""#,
                    "can not set tp/sl/ts for zero position"
                ),
                (
                    #""category":"linear","symbol":"NOPEUSDT","tpslMode":"Full","positionIdx":0,"stopLoss":"1""#,
                    "Not supported symbols"
                ),
            ]
            for (body, words) in cases {
                let reply = try await c.post(Self.path, "{" + body + "}")
                #expect(reply.retCode == 10001, "\(body)")
                #expect(reply.retMsg.contains(words), "\(reply.retMsg)")
            }
            #expect(ex.ledger.count(.tradingStop) == 0)
            #expect(ex.testPosition()?.stops == PositionStops())
        }
    }

    @Test func hedgeModeStopsBelongToTheirSlot() async throws {
        try await withExchange(manualConfig(scenario: Scenarios.hedged, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let noIdx = try await c.post(Self.path, "{" + Self.base + #""stopLoss":"58000"}"#)  // idx 0 in hedge mode
            #expect(noIdx.retMsg.contains("position idx not match position mode"))
            let short =
                #"{"category":"linear","symbol":"BTCUSDT","tpslMode":"Full","positionIdx":2,"stopLoss":"61000"}"#
            #expect(try await c.post(Self.path, short).retCode == 0)
            try await c.mark("BTCUSDT", "61000")
            #expect(ex.testPosition(idx: 2)?.isOpen == false)
            #expect(ex.testPosition(idx: 1)?.isOpen == true)
        }
    }
}
