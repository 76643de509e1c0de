import BybitAPI
import Testing

@testable import PaperExchange

/// Every path that sets a mark goes through the instrument's price filter (minPrice,
/// maxPrice, the price scale): the control endpoint, the Swift control call, a scenario's
/// marks and price path, and the random walk. Before, a mark of `1e-38` was accepted,
/// fired no liquidation, and `position/list` then answered 10016 "decimal overflow".
@Suite struct MarkPriceFilterTests {
    @Test func theControlEndpointRefusesMarksOutsideThePriceFilter() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                ("1e-38", "is below the price filter (minPrice 0.10, maxPrice 1999999.80)"),
                ("0.01", "is below the price filter"),
                ("0", "is below the price filter"),
                ("-1", "is below the price filter"),
                ("1999999.90", "is above the price filter"),
                ("1e30", "is above the price filter"),
                ("58000.001", "has more than 2 decimals (its price scale)"),
            ]
            for (mark, reason) in cases {
                let reply = try await c.raw(
                    .POST, "/paper/mark-price", body: #"{"symbol":"BTCUSDT","markPrice":"\#(mark)"}"#)
                #expect(reply.retCode == 10001, "\(mark): \(reply.body)")
                #expect(reply.retMsg.contains(reason), "\(mark): \(reply.retMsg)")
                #expect(ex.markPrice(symbol: "BTCUSDT") == dec("60000"), "\(mark) moved the mark")
            }
            // The book is still readable: nothing overflowed.
            let list = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            #expect(list.retCode == 0, "\(list.body)")
            #expect(list.result["list"]?[0]?["markPrice"] == "60000.00")
            // The edges themselves are marks, and a mark on the price scale between ticks too.
            for mark in ["0.10", "1999999.80", "58000.05", "58000.0500"] {
                let reply = try await c.raw(
                    .POST, "/paper/mark-price", body: #"{"symbol":"BTCUSDT","markPrice":"\#(mark)"}"#)
                #expect(reply.retCode == 0, "\(mark): \(reply.body)")
            }
            #expect(try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT").retCode == 0)
        }
    }

    @Test func theSwiftControlCallRefusesThemToo() async throws {
        try await withExchange(manualConfig()) { ex in
            #expect(throws: PaperAPIError.self) { try ex.setMarkPrice(symbol: "BTCUSDT", "1e-38") }
            #expect(throws: PaperAPIError.self) { try ex.setMarkPrice(symbol: "SOLUSDT", "150.0001") }
            #expect(throws: PaperAPIError.self) { try ex.setMarkPrice(symbol: "BTCUSD", "9999999.50") }
            _ = try ex.setMarkPrice(symbol: "BTCUSD", "9999999.00")  // 19,999,998 ticks of 0.50
            #expect(ex.markPrice(symbol: "BTCUSD") == dec("9999999"))
        }
    }

    @Test func instrumentsInfoShowsTheFilterThatIsEnforced() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let expected: [(String, String, String)] = [
                ("linear", "BTCUSDT", "0.10 1999999.80 0.10"), ("linear", "SOLUSDT", "0.010 199999.980 0.010"),
                ("inverse", "BTCUSD", "0.50 9999999.00 0.50"),
            ]
            for (category, symbol, filter) in expected {
                let info = try await c.raw(.GET, "/v5/market/instruments-info?category=\(category)&symbol=\(symbol)")
                let f = info.result["list"]?[0]?["priceFilter"]
                let text = ["minPrice", "maxPrice", "tickSize"].map { f?[$0]?.stringValue ?? "-" }.joined(
                    separator: " ")
                #expect(text == filter, "\(symbol)")
            }
        }
    }

    @Test(arguments: [
        (#"{"instruments": [{"symbol": "BTCUSDT", "markPrice": "1e-38"}]}"#, "instruments[0].markPrice: mark price"),
        (#"{"instruments": [{"symbol": "BTCUSDT", "markPrice": "2000000"}]}"#, "is above the price filter"),
        (#"{"pricePath": {"steps": [{"BTCUSDT": "59000"}, {"BTCUSDT": "1e-38"}]}}"#, "pricePath.steps[1]: mark price"),
        (#"{"pricePath": {"steps": [{"ETHUSDT": 3000.001}]}}"#, "has more than 2 decimals"),
        (#"{"pricePath": {"steps": [{"BTCUSDT": "0"}]}}"#, "is below the price filter"),
        (
            #"{"instruments": [{"symbol": "XRPUSDT", "category": "linear", "baseCoin": "XRP", "quoteCoin": "USDT", "priceScale": 4, "tickSize": "0.00001", "qtyStep": "1", "markPrice": "0.5"}]}"#,
            "tickSize 0.00001 has more decimals than priceScale 4"
        ),
    ])
    func aScenarioWithAMarkOutsideThePriceFilterIsRefused(json: String, reason: String) throws {
        #expect {
            _ = try Scenario(json: Array(json.utf8))
        } throws: { error in
            (error as? ScenarioError)?.description.contains(reason) == true
        }
    }

    /// A walk from the top of the filter with large steps never leaves it (before, it
    /// walked past maxPrice: nothing bounded it above).
    @Test func theWalkStaysWithinThePriceFilter() async throws {
        let scenario = try Scenario(
            json: Array(#"{"instruments": [{"symbol": "BTCUSDT", "markPrice": "1999999.80"}]}"#.utf8))
        var config = manualConfig(scenario: scenario)
        config.walk = RandomWalkSettings(seed: 7, maxStepBps: 2000)
        try await withExchange(config) { ex in
            for _ in 0..<40 {
                _ = try ex.stepWalk()
                let mark = try #require(ex.markPrice(symbol: "BTCUSDT"))
                #expect(mark <= dec("1999999.80") && mark >= dec("0.10"), "walked to \(mark)")
            }
            #expect(try await PaperClient(ex).get("/v5/position/list", "category=linear&symbol=BTCUSDT").retCode == 0)
        }
    }
}
