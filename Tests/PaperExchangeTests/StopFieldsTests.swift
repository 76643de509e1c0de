import BybitAPI
import Testing

@testable import PaperExchange

/// `takeProfit`, `stopLoss`, `trailingStop` with no stop set read as Bybit's own replies
/// do: `"0.00"` (a zero price at the instrument's price scale), `"0.00"`, `"0"`. Before,
/// paper sent `""`, which a client reads as absent (nil in Lua), while mainnet's `"0.00"`
/// is a decimal zero, so `if p.stopLoss then` differed between the two.
@Suite struct StopFieldsTests {
    static func stops(_ row: JSONNode?) -> String {
        ["takeProfit", "stopLoss", "trailingStop"].map { row?[$0]?.stringValue ?? "absent" }.joined(separator: " ")
    }

    @Test func positionsShowNoStopAsBybitDoes() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let expected: [(String, String, String)] = [
                ("linear", "BTCUSDT", "0.00 0.00 0"),  // open, price scale 2
                ("linear", "SOLUSDT", "0.000 0.000 0"),  // flat, price scale 3
                ("inverse", "BTCUSD", "0.00 0.00 0"),
            ]
            for (category, symbol, stops) in expected {
                let list = try await c.get("/v5/position/list", "category=\(category)&symbol=\(symbol)")
                #expect(Self.stops(list.result["list"]?[0]) == stops, "\(symbol)")
            }
            let added = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            #expect(Self.stops(added.result) == "0.00 0.00 0")
        }
    }

    /// Through the project's client the fields decode as zero, as they do from Bybit's
    /// reply, never as "not sent".
    @Test func theProjectClientReadsZeroNotAbsent() async throws {
        try await withExchange { ex in
            var config = BybitClientConfiguration(
                environment: try BybitEnvironment.custom(baseURL: ex.baseURL, name: "paper"))
            config.readTimeout = 30_000
            let client = BybitClient(configuration: config, signer: Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret))
            defer { client.shutdown() }
            let position = try await onThread {
                try client.positions(PositionListRequest(category: .linear, symbol: "BTCUSDT")).positions[0]
            }
            #expect(position.stopLoss?.isZero == true)
            #expect(position.takeProfit?.isZero == true)
            #expect(position.trailingStop?.isZero == true)
            #expect(position.stopLoss?.description == "0.00")
        }
    }
}
