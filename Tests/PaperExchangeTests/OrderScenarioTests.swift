import BybitAPI
import Testing

@testable import PaperExchange

/// A scenario file's `trading` object sets the fee rates and the market slippage.
@Suite struct OrderScenarioTests {
    @Test func feesAndSlippageComeFromTheScenarioFile() async throws {
        let json = #"{"trading": {"takerFeeRate": "0.001", "makerFeeRate": "0", "marketSlippage": "0.0005"}}"#
        let scenario = try Scenario(json: Array(json.utf8))
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let reply = try await c.order(
                #""category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"1","reduceOnly":true"#
            )
            #expect(reply.retCode == 0, "\(reply.body)")
            let fill = try await c.get("/v5/execution/list", "category=linear&symbol=BTCUSDT").result["list"]?[0]
            #expect(fill?["execPrice"] == "59970.00")  // 60,000 × (1 − 0.0005), on the 0.10 tick
            #expect(fill?["feeRate"] == "0.001")
            #expect(fill?["execFee"] == "59.97")
        }
    }

    @Test func anInstrumentMayHaveItsOwnRates() async throws {
        let json = #"{"trading": {"takerFeeRate": "0.001", "symbols": {"ETHUSDT": {"takerFeeRate": "0.0004"}}}}"#
        let scenario = try Scenario(json: Array(json.utf8))
        try await withExchange(manualConfig(scenario: scenario, rateLimits: false)) { ex in
            let c = PaperClient(ex)
            for symbol in ["BTCUSDT", "ETHUSDT"] {
                let side = symbol == "BTCUSDT" ? "Sell" : "Buy"
                let reply = try await c.order(
                    #""category":"linear","symbol":"\#(symbol)","side":"\#(side)","orderType":"Market","qty":"1","reduceOnly":true"#
                )
                #expect(reply.retCode == 0, "\(reply.body)")
            }
            let fills = try await c.get("/v5/execution/list", "category=linear").result["list"]
            #expect(fills?[0]?["feeRate"] == "0.0004")  // ETHUSDT, its own rate
            #expect(fills?[0]?["execFee"] == "1.2")  // 3,000 × 0.0004
            #expect(fills?[1]?["feeRate"] == "0.001")  // BTCUSDT, the run's
        }
    }

    @Test(arguments: [
        (#"{"trading": {"takerFeeRate": "-0.001"}}"#, "trading.takerFeeRate must be in [0, 0.1)"),
        (#"{"trading": {"marketSlippage": "0.5"}}"#, "trading.marketSlippage must be in [0, 0.1)"),
        (#"{"trading": {"takerFee": "0.001"}}"#, "unknown field 'takerFee'"),
        (#"{"trading": {"makerFeeRate": "x"}}"#, "makerFeeRate"),
        (#"{"trading": {"symbols": {"NOPE": {}}}}"#, "'NOPE' is not a listed instrument"),
        (#"{"trading": {"symbols": {"BTCUSDT": {"takerFeeRate": "1"}}}}"#, "trading.symbols.BTCUSDT.takerFeeRate"),
    ])
    func badTradingTermsAreRefused(_ json: String, _ words: String) throws {
        #expect {
            _ = try Scenario(json: Array(json.utf8))
        } throws: { error in
            "\(error)".contains(words)
        }
    }
}
