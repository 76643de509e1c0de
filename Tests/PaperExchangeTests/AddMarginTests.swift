import BybitAPI
import Testing

@testable import PaperExchange

/// `POST /v5/position/add-margin` rules (issue 4, item 4), over real HTTP.
@Suite struct AddMarginTests {
    static let path = "/v5/position/add-margin"

    func config(_ scenario: Scenario? = nil) -> PaperExchange.Configuration {
        manualConfig(scenario: scenario, rateLimits: false)
    }

    @Test func addingMovesBalanceIntoThePositionAndReturnsIt() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let reply = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"100.5"}"#)
            #expect(reply.retCode == 0, "\(reply.body)")
            let p = reply.result
            #expect(p["category"] == "linear")
            #expect(p["symbol"] == "BTCUSDT")
            #expect(p["positionIM"] == "6100.5")
            #expect(p["positionBalance"] == "6100.5")
            #expect(p["liqPrice"] == "54199.50")  // 60,000 − (6,100.5 − 300)
            #expect(p["bustPrice"] == "53899.50")
            #expect(p["leverage"] == "10")  // adding margin does not change leverage
            let wallet = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT")
            let usdt = wallet.result["list"]?[0]?["coin"]?[0]
            #expect(usdt?["walletBalance"] == "100000")
            #expect(usdt?["totalPositionIM"] == "9100.5")
            #expect(wallet.result["list"]?[0]?["totalAvailableBalance"] == .string(String(Self.usdAvailable(ex))))
            // Reducing moves it back.
            let back = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-100.5"}"#)
            #expect(back.result["positionIM"] == "6000")
            #expect(ex.ledger.count(.addMargin) == 2)
            #expect(ex.ledger.entries(.addMargin).map { $0.detail["margin"] } == ["100.5", "-100.5"])
        }
    }

    /// Available USDT plus available BTC at the BTCUSDT mark, as wallet-balance totals it.
    static func usdAvailable(_ ex: PaperExchange) -> String {
        // USDT: 100,000 − 9,100.5; BTC: (2 − 0.01666667) × 60,000.
        "209899.4998"
    }

    @Test func inverseMarginIsInTheCoin() async throws {
        try await withExchange(config()) { ex in
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category":"inverse","symbol":"BTCUSD","margin":"0.01"}"#)
            #expect(reply.retCode == 0, "\(reply.body)")
            #expect(reply.result["positionIM"] == "0.02666667")
            // 10,000 / (0.16666667 + 0.02666667 − 0.00083333)
            #expect(reply.result["liqPrice"] == "51948.05")
        }
    }

    @Test func crossMarginIs110015() async throws {
        try await withExchange(config(Scenarios.account(marginMode: .cross, positions: [Scenarios.long()]))) { ex in
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#)
            #expect(reply.retCode == 110015)
            #expect(reply.retMsg == "The position is in cross margin mode.")
            #expect(ex.ledger.total == 0)
        }
    }

    @Test func noOpenPositionIs110033() async throws {
        try await withExchange(config()) { ex in
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category":"linear","symbol":"SOLUSDT","margin":"10"}"#)
            #expect(reply.retCode == 110033)
            #expect(reply.retMsg == "You can't set margin without an open position")
        }
    }

    @Test func moreThanAvailableIs110014() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            // 100,000 − 6,000 − 3,000 = 91,000 available.
            let over = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"91000.0001"}"#)
            #expect(over.retCode == 110014)
            #expect(ex.testPosition()?.extraMargin == .zero)
            let all = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"91000"}"#)
            #expect(all.retCode == 0)
            let more = try await c.post(Self.path, #"{"category":"linear","symbol":"ETHUSDT","margin":"0.0001"}"#)
            #expect(more.retCode == 110014)
        }
    }

    @Test func reducingMoreThanTheAddedMarginIs110078() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let none = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-1"}"#)
            #expect(none.retCode == 110078)
            #expect(none.retMsg == "Added margin more than max can reduce margin")
            _ = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"1000"}"#)
            let over = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-1000.0001"}"#)
            #expect(over.retCode == 110078)
            #expect(ex.testPosition()?.extraMargin == dec("1000"))
        }
    }

    @Test func reductionThatWouldLiquidateAtTheMarkIs110011() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            _ = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"1000"}"#)  // LP 53,300
            try ex.setMarkPrice(symbol: "BTCUSDT", "54000")
            let fatal = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-1000"}"#)  // LP would be 54,300
            #expect(fatal.retCode == 110011)
            #expect(fatal.retMsg == "Liquidation will be triggered immediately by this adjustment")
            #expect(ex.testPosition()?.extraMargin == dec("1000"))
            let fine = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"-500"}"#)  // LP 53,800
            #expect(fine.retCode == 0)
            #expect(fine.result["liqPrice"] == "53800.00")
            #expect(fine.result["unrealisedPnl"] == "-6000")
        }
    }

    @Test func marginMustBeAStringWithAtMostFourDecimals() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (#"{"category":"linear","symbol":"BTCUSDT","margin":10.5}"#, "margin must be a string"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":10}"#, "margin must be a string"),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","margin":"10.12345"}"#,
                    "has 5 decimals; Bybit accepts at most 4"
                ),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"1,5"}"#, "is not a decimal number"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":" 1"}"#, "is not a decimal number"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"0"}"#, "must not be zero"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":null}"#, "missing required parameter 'margin'"),
                (#"{"category":"linear","symbol":"BTCUSDT"}"#, "missing required parameter 'margin'"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":["1"]}"#, "margin must be a string"),
            ]
            for (body, message) in cases {
                let reply = try await c.post(Self.path, body)
                #expect(reply.status == 200)
                #expect(reply.retCode == 10001, "\(body)")
                #expect(reply.retMsg.contains(message), "\(body) → \(reply.retMsg)")
            }
            let four = try await c.post(Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"0.0001"}"#)
            #expect(four.retCode == 0)
            #expect(ex.ledger.count(.addMargin) == 1)
        }
    }

    @Test func positionIdxMustMatchThePositionMode() async throws {
        try await withExchange(config(Scenarios.hedged)) { ex in
            let c = PaperClient(ex)
            for body in [
                #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#,
                #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":0}"#,
            ] {
                let reply = try await c.post(Self.path, body)
                #expect(reply.retCode == 10001)
                #expect(reply.retMsg == "position idx not match position mode")
            }
            let buy = try await c.post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":1}"#)
            #expect(buy.retCode == 0)
            #expect(buy.result["positionIdx"] == 1)
            #expect(buy.result["side"] == "Buy")
            let sell = try await c.post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":2}"#)
            #expect(sell.result["side"] == "Sell")
            // One-way symbols refuse the hedge indices.
            let oneWay = try await c.post(
                Self.path, #"{"category":"linear","symbol":"ETHUSDT","margin":"10","positionIdx":1}"#)
            #expect(oneWay.retMsg == "position idx not match position mode")
        }
    }

    @Test func wrongTypesAndValuesForEveryFieldAre10001() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":-1}"#, "positionIdx must be 0"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":3}"#, "positionIdx must be 0"),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":"0"}"#,
                    "'positionIdx' must be an integer"
                ),
                (
                    #"{"category":"linear","symbol":"BTCUSDT","margin":"10","positionIdx":0.5}"#,
                    "'positionIdx' must be an integer"
                ),
                (#"{"category":"linear","symbol":"btcusdt","margin":"10"}"#, "must be upper-case"),
                (#"{"category":"linear","symbol":"DOGEUSDT","margin":"10"}"#, "Not supported symbols"),
                (#"{"category":"linear","symbol":"BTCUSD","margin":"10"}"#, "Not supported symbols"),
                (#"{"category":"linear","symbol":42,"margin":"10"}"#, "'symbol' must be a string"),
                (#"{"category":"spot","symbol":"BTCUSDT","margin":"10"}"#, "category 'spot' is not supported"),
                (#"{"category":true,"symbol":"BTCUSDT","margin":"10"}"#, "'category' must be a string"),
                (#"{"symbol":"BTCUSDT","margin":"10"}"#, "missing required parameter 'category'"),
            ]
            for (body, message) in cases {
                let reply = try await c.post(Self.path, body)
                #expect(reply.retCode == 10001, "\(body)")
                #expect(reply.retMsg.contains(message), "\(body) → \(reply.retMsg)")
            }
            #expect(ex.ledger.total == 0)
        }
    }

    @Test func malformedBodiesAre10001AndNeverPartial() async throws {
        try await withExchange(config()) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String)] = [
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"10""#, "body is not valid JSON"),
                (#"{"category":"linear",}"#, "body is not valid JSON"),
                (#"["linear","BTCUSDT","10"]"#, "body must be a JSON object, got array"),
                (#""margin""#, "body must be a JSON object, got string"),
                ("", "request body is empty"),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"10","margin":"20"}"#, "duplicate key \"margin\""),
                (#"{"category":"linear","symbol":"BTCUSDT","margin":"10"} x"#, "unexpected data after the JSON value"),
            ]
            for (body, message) in cases {
                let reply = try await c.post(Self.path, body)
                #expect(reply.status == 200)
                #expect(reply.retCode == 10001, "\(body)")
                #expect(reply.retMsg.contains(message), "\(body) → \(reply.retMsg)")
            }
            #expect(ex.ledger.total == 0)
            #expect(ex.testPosition()?.extraMargin == .zero)
        }
    }

    @Test func oversizedBodiesAreRefusedWith413() async throws {
        var cfg = config()
        cfg.maxBodyBytes = 1024
        try await withExchange(cfg) { ex in
            let padding = String(repeating: " ", count: 2000)
            let reply = try await PaperClient(ex).post(
                Self.path, #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"# + padding)
            #expect(reply.status == 413)
            #expect(reply.retCode == 10001)
            #expect(reply.retMsg.contains("request body too large"))
            #expect(ex.ledger.total == 0)
        }
    }

    @Test func duplicatedQueryKeysAre10001() async throws {
        try await withExchange(config()) { ex in
            let reply = try await PaperClient(ex).get(
                "/v5/position/list", "category=linear&symbol=BTCUSDT&symbol=ETHUSDT")
            #expect(reply.retCode == 10001)
            #expect(reply.retMsg.contains("duplicated query parameter 'symbol'"))
        }
    }
}
