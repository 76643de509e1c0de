import BybitAPI
import Foundation
import Testing

@testable import PaperExchange

/// Scenario files, the price path and the seeded walk (issue 4, item 5).
@Suite struct ScenarioTests {
    static let json = #"""
        {
          "instruments": [
            {"symbol": "BTCUSDT", "markPrice": "61000"},
            {"symbol": "XRPUSDT", "category": "linear", "baseCoin": "XRP", "quoteCoin": "USDT",
             "priceScale": 4, "tickSize": "0.0001", "qtyStep": "1", "markPrice": "0.5",
             "riskTiers": [{"riskLimitValue": "200000", "maintenanceMarginRate": "0.01", "mmDeduction": 0}]}
          ],
          "accounts": [
            {"apiKey": "ALICE", "apiSecret": "alice-secret", "wallet": {"USDT": 5000},
             "hedgeMode": ["ETHUSDT"],
             "positions": [
               {"symbol": "ETHUSDT", "side": "Buy", "size": "1", "avgPrice": "3000", "leverage": "10", "positionIdx": 1},
               {"symbol": "ETHUSDT", "side": "Sell", "size": "2", "avgPrice": "3000", "leverage": "5"},
               {"symbol": "XRPUSDT", "side": "Buy", "size": "1000", "avgPrice": "0.5", "leverage": "10", "autoAddMargin": 1, "extraMargin": "5"}
             ]},
            {"apiKey": "BOB", "apiSecret": "bob-secret", "marginMode": "REGULAR_MARGIN", "wallet": {"USDT": "1000"}}
          ],
          "pricePath": {"intervalMs": 50, "steps": [{"XRPUSDT": "0.455"}, {"XRPUSDT": "0.4", "BTCUSDT": 60500}]}
        }
        """#

    @Test func aScenarioDefinesInstrumentsAccountsAndPositions() async throws {
        let scenario = try Scenario(json: Array(Self.json.utf8))
        #expect(
            scenario.instruments.map(\.symbol) == [
                "BTCUSDT", "ETHUSDT", "SOLUSDT", "BTCUSD", "ETHUSD", "BTCPERP", "ETHPERP", "XRPUSDT",
            ])
        #expect(scenario.accounts.map(\.apiKey) == ["ALICE", "BOB"])
        let config = PaperExchange.Configuration(
            credentials: [APICredential(apiKey: "ALICE", hmacSecret: "alice-secret")], scenario: scenario,
            autoplay: false,
            clock: ManualPaperClock(), enforceRateLimits: false)
        try await withExchange(config) { ex in
            let alice = PaperClient(ex)
            let eth = try await alice.get("/v5/position/list", "category=linear&symbol=ETHUSDT")
            #expect(eth.result["list"]?.arrayValue?.map { $0["positionIdx"] } == [1, 2])
            #expect(eth.result["list"]?[1]?["positionIM"] == "1200")
            let xrp = try await alice.get("/v5/position/list", "category=linear&symbol=XRPUSDT")
            #expect(xrp.result["list"]?[0]?["positionIM"] == "55")
            #expect(xrp.result["list"]?[0]?["positionMM"] == "5")
            #expect(xrp.result["list"]?[0]?["liqPrice"] == "0.4500")  // 0.5 − (55 − 5)/1000
            let ticker = try await alice.raw(.GET, "/v5/market/tickers?category=linear&symbol=BTCUSDT")
            #expect(ticker.result["list"]?[0]?["markPrice"] == "61000.00")
            // The price path: the first step brings XRP within 2×MM, auto-add tops up 50.
            let first = try #require(try ex.stepPricePath())
            #expect(first.map(\.action) == [.autoAddMargin])
            #expect(first.first?.detail["margin"] == "50")
            _ = try ex.stepPricePath()
            #expect(try ex.stepPricePath() == nil)  // finished
            #expect(ex.markPrice(symbol: "BTCUSDT") == dec("60500"))
            let bob = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "BOB", hmacSecret: "bob-secret"), now: { ex.serverTimeMs })
            #expect(try await bob.get("/v5/account/info").result["marginMode"] == "REGULAR_MARGIN")
        }
    }

    @Test func thePricePathPlaysByItselfWithAutoplay() async throws {
        let scenario = try Scenario(json: Array(Self.json.utf8))
        let config = PaperExchange.Configuration(scenario: scenario, enforceRateLimits: false)
        try await withExchange(config) { ex in
            // Wait on the condition (the path's last mark), not for a fixed time.
            for _ in 0..<200 where ex.markPrice(symbol: "BTCUSDT") != dec("60500") {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(ex.markPrice(symbol: "BTCUSDT") == dec("60500"))
            #expect(ex.markPrice(symbol: "XRPUSDT") == dec("0.4"))
        }
    }

    @Test func scenarioErrorsNameTheField() {
        let cases: [(String, String)] = [
            (#"{"accounts": [{"apiKey": "A"}]}"#, "accounts[0] needs exactly one of apiSecret"),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "positions": [{"symbol": "NOPE", "side": "Buy", "size": "1", "avgPrice": "1", "leverage": "1"}]}]}"#,
                "accounts[0].positions[0].symbol 'NOPE' is not listed"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "positions": [{"symbol": "BTCUSDT", "side": "Long", "size": "1", "avgPrice": "1", "leverage": "1"}]}]}"#,
                "side must be Buy or Sell"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "positions": [{"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "1", "leverage": "1", "positionIdx": 1}]}]}"#,
                "positionIdx must be 0"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "positions": [{"symbol": "BTCUSDT", "side": "Buy", "size": "1", "avgPrice": "1", "leverage": "500"}]}]}"#,
                "leverage must be between 1 and 100"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "hedgeMode": ["BTCUSD"]}]}"#,
                "hedge mode is not supported for inverse"
            ),
            (
                #"{"accounts": [{"apiKey": "A", "apiSecret": "s", "wallet": {"USDT": "1,000"}}]}"#,
                "accounts[0].wallet.USDT"
            ),
            (#"{"acounts": []}"#, "unknown field 'acounts'"),
            (#"{"pricePath": {"steps": [{"FOO": "1"}]}}"#, "'FOO' is not a listed instrument"),
            (#"{"instruments": [{"symbol": "NEWUSDT"}]}"#, "category (required for a new instrument)"),
            ("[]", "scenario must be a JSON object"),
            ("{", "scenario is not valid JSON"),
        ]
        for (json, message) in cases {
            do {
                _ = try Scenario(json: Array(json.utf8))
                Issue.record("accepted: \(json)")
            } catch {
                #expect(error.description.contains(message), "\(json) → \(error.description)")
            }
        }
    }

    @Test func aScenarioFileIsReadFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "paper-scenario-\(UUID().uuidString).json"
        ).path
        try Data(Self.json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Scenario.load(path: path).accounts.count == 2)
        #expect(throws: ScenarioError.self) { try Scenario.load(path: path + ".missing") }
    }

    @Test func theRandomWalkIsDeterministicForASeed() async throws {
        func path(seed: UInt64) async throws -> [String] {
            var config = manualConfig()
            config.walk = RandomWalkSettings(seed: seed, maxStepBps: 50)
            return try await withExchange(config) { ex in
                var marks: [String] = []
                for _ in 0..<20 {
                    try ex.stepWalk()
                    marks.append(ex.markPrice(symbol: "BTCUSDT")!.description)
                }
                // Every mark stays on the tick grid and within ±50 bps of the previous one.
                for (a, b) in zip(marks, marks.dropFirst()) {
                    let ratio = try dec(b).divided(by: dec(a), scale: 6)
                    #expect(ratio >= dec("0.9949") && ratio <= dec("1.0051"))
                    #expect(try dec(b).quantized(step: dec("0.10")) == dec(b))
                }
                return marks
            }
        }
        let a = try await path(seed: 42)
        #expect(try await path(seed: 42) == a)
        #expect(try await path(seed: 43) != a)
        #expect(Set(a).count > 5)
    }
}
