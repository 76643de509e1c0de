import BybitAPI
import Testing

@testable import PaperExchange

/// The read endpoints' parameters: paging, filters and every kind of bad input.
@Suite struct ReadEndpointTests {
    @Test func positionListPagesWithCursors() async throws {
        let positions = ["BTCUSDT", "ETHUSDT", "SOLUSDT"].map {
            Scenarios.long($0, size: "1", at: "100", leverage: "10")
        }
        try await withExchange(manualConfig(scenario: Scenarios.account(positions: positions))) { ex in
            let c = PaperClient(ex)
            let first = try await c.get("/v5/position/list", "category=linear&settleCoin=USDT&limit=2")
            #expect(first.result["list"]?.arrayValue?.map { $0["symbol"] } == ["BTCUSDT", "ETHUSDT"])
            let cursor = try #require(first.result["nextPageCursor"]?.stringValue)
            #expect(!cursor.isEmpty)
            let second = try await c.get(
                "/v5/position/list", "category=linear&settleCoin=USDT&limit=2&cursor=\(cursor)")
            #expect(second.result["list"]?.arrayValue?.map { $0["symbol"] } == ["SOLUSDT"])
            #expect(second.result["nextPageCursor"] == "")
        }
    }

    @Test func badParametersOfReadEndpointsAre10001() async throws {
        try await withExchange(manualConfig(rateLimits: false)) { ex in
            let c = PaperClient(ex)
            let cases: [(String, String, String)] = [
                ("/v5/position/list", "category=linear", "symbol or settleCoin"),
                ("/v5/position/list", "category=spot&symbol=BTCUSDT", "category 'spot' is not supported"),
                ("/v5/position/list", "symbol=BTCUSDT", "missing required parameter 'category'"),
                ("/v5/position/list", "category=linear&symbol=btcusdt", "must be upper-case"),
                ("/v5/position/list", "category=linear&symbol=NOPEUSDT", "Not supported symbols"),
                ("/v5/position/list", "category=linear&settleCoin=usdt", "must be upper-case"),
                ("/v5/position/list", "category=linear&settleCoin=USDT&limit=0", "limit must be between 1 and 200"),
                ("/v5/position/list", "category=linear&settleCoin=USDT&limit=ten", "'limit' must be an integer"),
                ("/v5/position/list", "category=linear&settleCoin=USDT&cursor=abc", "cursor 'abc'"),
                ("/v5/position/list", "category=linear&category=inverse", "duplicated query parameter 'category'"),
                ("/v5/account/wallet-balance", "", "missing required parameter 'accountType'"),
                ("/v5/account/wallet-balance", "accountType=CONTRACT", "expected UNIFIED"),
                ("/v5/account/wallet-balance", "accountType=UNIFIED&coin=usdt", "upper-case"),
                ("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT,,BTC", "non-empty"),
            ]
            for (path, query, message) in cases {
                let reply = try await c.get(path, query)
                #expect(reply.status == 200)
                #expect(reply.retCode == 10001, "\(path)?\(query)")
                #expect(reply.retMsg.contains(message), "\(path)?\(query) → \(reply.retMsg)")
            }
            for (path, message) in [
                ("/v5/market/tickers", "missing required parameter 'category'"),
                ("/v5/market/tickers?category=futures", "category 'futures'"),
                ("/v5/market/tickers?category=linear&symbol=btcusdt", "upper-case"),
                ("/v5/market/instruments-info?category=linear&limit=0", "limit must be between"),
                ("/v5/market/instruments-info?category=inverse&symbol=BTCUSDT", "Not supported symbols"),
            ] {
                let reply = try await c.raw(.GET, path)
                #expect(reply.retCode == 10001, "\(path)")
                #expect(reply.retMsg.contains(message), "\(path) → \(reply.retMsg)")
            }
        }
    }

    @Test func walletFiltersCoins() async throws {
        try await withExchange(manualConfig()) { ex in
            let reply = try await PaperClient(ex).get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDC,BTC")
            let coins = reply.result["list"]?[0]?["coin"]?.arrayValue ?? []
            #expect(coins.map { $0["coin"] } == ["USDC", "BTC"])
            #expect(coins.first?["walletBalance"] == "0")
            // Totals are over the whole account, in USD at current marks.
            #expect(reply.result["list"]?[0]?["totalWalletBalance"] == "220000")  // 100,000 + 2 × 60,000
        }
    }

    @Test func spotAndOptionCategoriesAreEmptyNotErrors() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for path in [
                "/v5/market/instruments-info?category=spot", "/v5/market/instruments-info?category=option&baseCoin=BTC",
                "/v5/market/instruments-info?category=linear&status=PreLaunch", "/v5/market/tickers?category=option",
            ] {
                let reply = try await c.raw(.GET, path)
                #expect(reply.retCode == 0, "\(path)")
                #expect(reply.result["list"] == .array([]), "\(path)")
            }
            let options = try await c.get("/v5/position/list", "category=option")
            #expect(options.result["list"] == .array([]))
        }
    }
}
