import Testing

@testable import BybitAPI

/// What goes on the wire for each endpoint, checked by a real server on 127.0.0.1 that
/// verifies the HMAC over the bytes it received, and how replies are decoded.
@Suite struct WireTests {
    static let position = #"""
        {"category":"linear","symbol":"BTCUSDT","positionIdx":0,"riskId":1,"riskLimitValue":"2000000",
         "side":"Buy","size":"0.010","avgPrice":"60000.00","liqPrice":"","bustPrice":"","markPrice":"60100.50",
         "positionValue":"600","leverage":"10","autoAddMargin":0,"positionStatus":"Normal","positionIM":"85.50",
         "positionMM":"3.3","takeProfit":"0","stopLoss":"0","trailingStop":"0","unrealisedPnl":"1.005",
         "cumRealisedPnl":"-0.36","createdTime":"1676538056258","updatedTime":"1697673600012","seq":-1,
         "newField":{"x":[1,2.50]}}
        """#

    @Test func addMarginSendsTheSignedJSONBodyAndDecodesThePosition() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: Self.position))

        let pos = try h.client.addMargin(
            AddMarginRequest(symbol: "BTCUSDT", margin: .d("25.5"), positionIdx: 0))

        let r = try #require(h.server.requests.first)
        #expect(h.server.requestCount == 1)
        #expect(r.method == "POST")
        #expect(r.bodyText == #"{"category":"linear","symbol":"BTCUSDT","margin":"25.5","positionIdx":0}"#)
        #expect(r.signatureValid == true)
        #expect(r.headers.first(name: "X-BAPI-API-KEY") == Harness.apiKey)
        #expect(r.headers.first(name: "X-BAPI-RECV-WINDOW") == "5000")
        #expect(r.timestamp == h.clock.now)
        #expect(r.headers.first(name: "Content-Type") == "application/json")
        #expect(r.signature?.count == 64)

        #expect(pos.symbol == "BTCUSDT")
        #expect(pos.category == .linear)
        #expect(pos.size?.description == "0.010")
        #expect(pos.positionIM?.description == "85.50")
        #expect(pos.liqPrice == nil)  // "" → nil
        #expect(pos.autoAddMargin == false)
        #expect(pos.createdTime == 1_676_538_056_258)
        // The raw tree keeps every field, including ones this client does not know.
        #expect(pos.raw["newField"]?["x"] == .array([.int(1), .double(2.5, text: "2.50")]))
        #expect(pos.raw["liqPrice"] == .string(""))
        #expect(pos.raw["seq"] == .int(-1))
    }

    @Test func negativeMarginAndInverseAndNoPositionIdx() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSD"}"#))
        _ = try h.client.addMargin(AddMarginRequest(category: .inverse, symbol: "BTCUSD", margin: .d("-0.001")))
        #expect(h.server.requests.map(\.bodyText) == [#"{"category":"inverse","symbol":"BTCUSD","margin":"-0.001"}"#])
    }

    @Test func trailingZerosBeyondFourDecimalsAreTheSameNumberAndAreTrimmed() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSDT"}"#))
        _ = try h.client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("10.500000")))
        #expect(h.server.requests.first?.bodyText.contains(#""margin":"10.5000""#) == true)
    }

    @Test(arguments: [(true, 1), (false, 0)])
    func setAutoAddMarginSendsZeroOrOne(on: Bool, flag: Int) throws {
        let h = try Harness()
        defer { h.shutdown() }
        let result = try h.client.setAutoAddMargin(
            SetAutoAddMarginRequest(symbol: "ETHUSDT", autoAddMargin: on, positionIdx: 1))
        #expect(result == .object([:]))
        let r = try #require(h.server.requests.first)
        #expect(r.bodyText == #"{"category":"linear","symbol":"ETHUSDT","autoAddMargin":\#(flag),"positionIdx":1}"#)
        #expect(r.signatureValid == true)
    }

    @Test func positionListSignsTheQueryAndFollowsThePreEncodedCursor() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let item1 = #"{"symbol":"BTCUSDT","size":"1","liqPrice":"50000.1"}"#
        let item2 = #"{"symbol":"ETHUSDT","size":"2","liqPrice":""}"#
        h.server.script(
            "/v5/position/list",
            .envelope(
                result:
                    #"{"category":"linear","list":[\#(item1)],"nextPageCursor":"BTCUSDT%3A1657711949945%2CBTCUSDT"}"#),
            .envelope(result: #"{"category":"linear","list":[\#(item2)],"nextPageCursor":""}"#))

        let list = try h.client.positions(PositionListRequest(settleCoin: "USDT", limit: 1))

        #expect(list.positions.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])
        #expect(list.positions[0].liqPrice?.description == "50000.1")
        #expect(list.rawPages.count == 2)
        let requests = h.server.requests
        #expect(
            requests.map(\.query) == [
                "category=linear&settleCoin=USDT&limit=1",
                "category=linear&settleCoin=USDT&limit=1&cursor=BTCUSDT%3A1657711949945%2CBTCUSDT",
            ])
        #expect(requests.allSatisfy { $0.signatureValid == true && $0.method == "GET" && $0.body.isEmpty })
    }

    @Test func aRepeatedCursorStopsInsteadOfLooping() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let page = #"{"category":"linear","list":[],"nextPageCursor":"same"}"#
        h.server.script("/v5/position/list", .envelope(result: page), .envelope(result: page))
        let error = expectBybitError { try h.client.positions(PositionListRequest(symbol: "BTCUSDT")) }
        #expect(error?.kind == "decoding")
        #expect(h.server.requestCount == 2)
    }

    @Test func tickersArePublicAndUnsigned() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/market/tickers",
            .envelope(
                result:
                    #"{"category":"linear","list":[{"symbol":"BTCUSDT","markPrice":"60100.50","indexPrice":"60090","lastPrice":"60101","nextFundingTime":"1673280000000","fundingRate":"-0.000212"}]}"#
            ))
        let t = try h.client.tickers(TickersRequest(symbol: "BTCUSDT"))
        let r = try #require(h.server.requests.first)
        #expect(r.query == "category=linear&symbol=BTCUSDT")
        #expect(r.signature == nil && r.headers.first(name: "X-BAPI-API-KEY") == nil)
        #expect(t.tickers.first?.markPrice?.description == "60100.50")
        #expect(t.tickers.first?.fundingRate?.description == "-0.000212")
        #expect(t.tickers.first?.nextFundingTime == 1_673_280_000_000)
        #expect(t.raw["list"]?.arrayValue?.count == 1)
    }

    @Test func walletBalanceAndAccountInfo() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/account/wallet-balance",
            .envelope(
                result:
                    #"{"list":[{"accountType":"UNIFIED","totalEquity":"1000.5","coin":[{"coin":"USDT","walletBalance":"1000","totalPositionIM":"100.25","totalOrderIM":"0","locked":"","bonus":"0","marginCollateral":true}]}]}"#
            ))
        h.server.script(
            "/v5/account/info",
            .envelope(
                result:
                    #"{"marginMode":"ISOLATED_MARGIN","unifiedMarginStatus":5,"isMasterTrader":false,"updatedTime":"1697078946000"}"#
            ))

        let wallet = try h.client.walletBalance(WalletBalanceRequest(coins: ["USDT", "USDC"]))
        let info = try h.client.accountInfo()

        let coin = try #require(wallet.accounts.first?.coins.first)
        #expect(coin.walletBalance?.description == "1000")
        #expect(coin.locked == nil)
        #expect(coin.isolatedAvailableBalance?.description == "899.75")
        #expect(coin.marginCollateral == true)
        #expect(info.marginMode == "ISOLATED_MARGIN")
        #expect(info.unifiedMarginStatus == 5)
        #expect(h.server.requests.map(\.query) == ["accountType=UNIFIED&coin=USDT,USDC", ""])
        #expect(h.server.requests.allSatisfy { $0.signatureValid == true })
    }

    @Test func serverTimeAndClockSync() throws {
        let clock = TestClock(start: TestExchange.nowMilliseconds() - 42_000)
        let h = try Harness(clock: clock)
        defer { h.shutdown() }
        let time = try h.client.serverTime()
        #expect(abs(time.milliseconds - TestExchange.nowMilliseconds()) < 5_000)
        #expect(time.timeNano != nil)
        let offset = try h.client.syncClock()
        // The fake clock is 42 s behind and does not move during the round trip.
        #expect(abs(offset - 42_000) < 5_000)
        #expect(h.client.clockOffset == offset)
    }

    @Test func aResultWithWrongTypesIsADecodingErrorForReads() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/market/tickers", .envelope(result: #"{"list":[{"symbol":"BTCUSDT","markPrice":"12,5"}]}"#))
        let error = expectBybitError { try h.client.tickers(TickersRequest()) }
        #expect(error?.kind == "decoding")
        #expect(error?.message.contains("markPrice") == true)
        #expect(error?.endpoint == "/v5/market/tickers")
    }
}
