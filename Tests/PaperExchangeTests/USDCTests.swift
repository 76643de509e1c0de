import BybitAPI
import Testing

@testable import PaperExchange

/// USDC-settled linear perpetuals beside the USDT ones, and the instruments' lot-size and
/// leverage filters.
@Suite struct USDCTests {
    @Test func theDefaultBookListsUSDCPerpetualsWithTheirFilters() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let linear = try await c.raw(.GET, "/v5/market/instruments-info?category=linear")
            let rows = linear.result["list"]?.arrayValue ?? []
            let perp = try #require(rows.first { $0["symbol"] == "BTCPERP" })
            #expect(perp["settleCoin"] == "USDC")
            #expect(perp["quoteCoin"] == "USDC")
            #expect(perp["contractType"] == "LinearPerpetual")
            #expect(rows.first { $0["symbol"] == "ETHPERP" }?["settleCoin"] == "USDC")
            let btc = try #require(rows.first { $0["symbol"] == "BTCUSDT" })
            #expect(btc["settleCoin"] == "USDT")
            #expect(
                btc["lotSizeFilter"]
                    == .object([
                        ("maxOrderQty", "1190.000"), ("minOrderQty", "0.001"), ("qtyStep", "0.001"),
                        ("postOnlyMaxOrderQty", "1190.000"), ("maxMktOrderQty", "500.000"), ("minNotionalValue", "5"),
                    ]))
            #expect(
                btc["leverageFilter"]
                    == .object([("minLeverage", "1"), ("maxLeverage", "100.00"), ("leverageStep", "0.01")]))
            let inverse = try await c.raw(.GET, "/v5/market/instruments-info?category=inverse&symbol=BTCUSD")
            #expect(inverse.result["list"]?[0]?["lotSizeFilter"]?["qtyStep"] == "1")
            #expect(inverse.result["list"]?[0]?["lotSizeFilter"]?["minNotionalValue"] == "0")
            let ticker = try await c.raw(.GET, "/v5/market/tickers?category=linear&symbol=ETHPERP")
            #expect(ticker.result["list"]?[0]?["markPrice"] == "3000.00")
        }
    }

    @Test func aUSDCPositionIsListedAndMarginedInUSDC() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            try ex.setWallet(coin: "USDC", amount: dec("50000"))
            try ex.openPosition(symbol: "BTCPERP", side: .buy, size: dec("0.5"), leverage: 10)
            let usdc = try await c.get("/v5/position/list", "category=linear&settleCoin=USDC")
            let rows = usdc.result["list"]?.arrayValue ?? []
            #expect(rows.map { $0["symbol"] } == ["BTCPERP"])
            #expect(rows.first?["positionIM"] == "3000")  // 0.5 × 60,000 / 10
            #expect(rows.first?["liqPrice"] == "54300.00")
            let usdt = try await c.get("/v5/position/list", "category=linear&settleCoin=USDT")
            #expect(usdt.result["list"]?.arrayValue?.map { $0["symbol"] } == ["BTCUSDT", "ETHUSDT"])
            let wallet = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDC")
            let coin = wallet.result["list"]?[0]?["coin"]?[0]
            #expect(coin?["walletBalance"] == "50000")
            #expect(coin?["totalPositionIM"] == "3000")
            let all = try await c.get("/v5/account/wallet-balance", "accountType=UNIFIED")
            #expect(all.result["list"]?[0]?["coin"]?.arrayValue?.map { $0["coin"] } == ["BTC", "USDC", "USDT"])
            // margin comes from the USDC balance, not the USDT one
            let add = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCPERP","margin":"47001"}"#)
            #expect(add.retCode == 110014)
            let ok = try await c.post(
                "/v5/position/add-margin", #"{"category":"linear","symbol":"BTCPERP","margin":"1000"}"#)
            #expect(ok.retCode == 0)
            #expect(ok.result["liqPrice"] == "52300.00")
        }
    }

    @Test func scenarioOverridesKeepTheFilters() throws {
        let json =
            #"{"instruments":[{"symbol":"BTCUSDT","markPrice":"61000"},{"symbol":"BTCPERP","maxLeverage":"50"}]}"#
        let s = try Scenario(json: Array(json.utf8))
        let btc = try #require(s.instruments.first { $0.symbol == "BTCUSDT" })
        #expect(btc.maxMktOrderQty == dec("500"))
        #expect(btc.leverageStep == dec("0.01"))
        let perp = try #require(s.instruments.first { $0.symbol == "BTCPERP" })
        #expect(perp.maxLeverage == 50)
        #expect(perp.settleCoin == "USDC")
        let hedged = #"{"accounts":[{"apiKey":"K","apiSecret":"S","hedgeMode":["BTCPERP"]}]}"#
        #expect {
            try Scenario(json: Array(hedged.utf8))
        } throws: { error in
            "\(error)".contains("hedge mode is for USDT contracts, not 'BTCPERP'")
        }
    }
}
