import BybitAPI
import Testing

@testable import PaperExchange

/// The default book over HTTP: what a fresh user sees (issue 4, item 9).
@Suite struct DefaultBookTests {
    @Test func positionsOfTheDefaultBook() async throws {
        try await withExchange(manualConfig()) { ex in
            let client = PaperClient(ex)
            let linear = try await client.get("/v5/position/list", "category=linear&settleCoin=USDT")
            #expect(linear.status == 200)
            #expect(linear.retCode == 0)
            let list = linear.result["list"]?.arrayValue ?? []
            #expect(list.count == 2)
            let btc = try #require(list.first { $0["symbol"] == "BTCUSDT" })
            #expect(btc["side"] == "Buy")
            #expect(btc["size"] == "1")
            #expect(btc["avgPrice"] == "60000")
            #expect(btc["leverage"] == "10")
            #expect(btc["positionValue"] == "60000")
            #expect(btc["positionIM"] == "6000")
            #expect(btc["positionBalance"] == "6000")
            #expect(btc["positionMM"] == "300")
            #expect(btc["liqPrice"] == "54300.00")  // 60,000 − (6,000 − 300)
            #expect(btc["bustPrice"] == "54000.00")  // 60,000 − 6,000
            #expect(btc["markPrice"] == "60000.00")
            #expect(btc["unrealisedPnl"] == "0")
            #expect(btc["tradeMode"] == 0)
            #expect(btc["autoAddMargin"] == 0)
            #expect(btc["positionStatus"] == "Normal")
            #expect(btc["positionIdx"] == 0)
            let eth = try #require(list.first { $0["symbol"] == "ETHUSDT" })
            #expect(eth["side"] == "Sell")
            #expect(eth["liqPrice"] == "3285.00")  // 3,000 + (3,000 − 150)/10
            #expect(eth["bustPrice"] == "3300.00")

            let inverse = try await client.get("/v5/position/list", "category=inverse")
            let inv = try #require(inverse.result["list"]?[0])
            #expect(inv["symbol"] == "BTCUSD")
            #expect(inv["size"] == "10000")
            #expect(inv["positionValue"] == "0.16666667")
            #expect(inv["positionIM"] == "0.01666667")
            #expect(inv["positionMM"] == "0.00083333")
            // 10,000 / (0.16666667 + 0.01666667 − 0.00083333)
            #expect(inv["liqPrice"] == "54794.52")
            #expect(inv["bustPrice"] == "54545.45")
        }
    }

    @Test func walletOfTheDefaultBook() async throws {
        try await withExchange(manualConfig()) { ex in
            let reply = try await PaperClient(ex).get("/v5/account/wallet-balance", "accountType=UNIFIED")
            #expect(reply.retCode == 0)
            let coins = reply.result["list"]?[0]?["coin"]?.arrayValue ?? []
            #expect(coins.map { $0["coin"] } == ["BTC", "USDT"])
            let usdt = try #require(coins.first { $0["coin"] == "USDT" })
            #expect(usdt["walletBalance"] == "100000")
            #expect(usdt["totalPositionIM"] == "9000")
            #expect(usdt["totalPositionMM"] == "450")
            let btc = try #require(coins.first { $0["coin"] == "BTC" })
            #expect(btc["walletBalance"] == "2")
            #expect(btc["totalPositionIM"] == "0.01666667")
        }
    }

    @Test func instrumentsAndTickers() async throws {
        try await withExchange(manualConfig()) { ex in
            let client = PaperClient(ex)
            let linear = try await client.raw(.GET, "/v5/market/instruments-info?category=linear")
            #expect(
                linear.result["list"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == [
                    "BTCUSDT", "ETHUSDT", "SOLUSDT", "BTCPERP", "ETHPERP",
                ])
            let inverse = try await client.raw(.GET, "/v5/market/instruments-info?category=inverse")
            #expect(
                inverse.result["list"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == ["BTCUSD", "ETHUSD"])
            #expect(inverse.result["list"]?[0]?["settleCoin"] == "BTC")
            let ticker = try await client.raw(.GET, "/v5/market/tickers?category=linear&symbol=SOLUSDT")
            #expect(ticker.result["list"]?[0]?["markPrice"] == "150.000")
            let account = try await client.get("/v5/account/info")
            #expect(account.result["marginMode"] == "ISOLATED_MARGIN")
        }
    }

    @Test func serverTimeFollowsTheExchangeClock() async throws {
        let clock = ManualPaperClock(startMs: 1_688_639_403_423)
        try await withExchange(manualConfig(clock: clock)) { ex in
            let reply = try await PaperClient(ex).raw(.GET, "/v5/market/time")
            #expect(reply.result["timeSecond"] == "1688639403")
            #expect(reply.result["timeNano"] == "1688639403423000000")
            #expect(reply.json["time"] == .int(1_688_639_403_423))
        }
    }
}
