import BybitAPI
import Testing

@testable import PaperExchange

/// The `/paper/` control surface and the unknown-path answer.
@Suite struct ControlEndpointTests {
    @Test func markPriceOverHTTPReportsWhatItCaused() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let moved = try await c.raw(.POST, "/paper/mark-price", body: #"{"symbol":"BTCUSDT","markPrice":"58000"}"#)
            #expect(moved.retCode == 0)
            #expect(moved.result["events"] == .array([]))
            let ticker = try await c.raw(.GET, "/v5/market/tickers?category=linear&symbol=BTCUSDT")
            #expect(ticker.result["list"]?[0]?["markPrice"] == "58000.00")
            #expect(ticker.result["list"]?[0]?["lowPrice24h"] == "58000.00")
            let position = try await c.get("/v5/position/list", "category=linear&symbol=BTCUSDT")
            #expect(position.result["list"]?[0]?["unrealisedPnl"] == "-2000")
            let crash = try await c.raw(.POST, "/paper/mark-price", body: #"{"symbol":"BTCUSDT","markPrice":"50000"}"#)
            #expect(crash.result["events"]?[0]?["action"] == "liquidation")
            #expect(crash.result["events"]?[0]?["detail"]?["bustPrice"] == "54000.00")
            for bad in [
                #"{"symbol":"BTCUSDT","markPrice":58000}"#, #"{"symbol":"NOPE","markPrice":"1"}"#,
                #"{"symbol":"BTCUSDT","markPrice":"-1"}"#,
            ] {
                #expect(try await c.raw(.POST, "/paper/mark-price", body: bad).retCode == 10001, "\(bad)")
            }
        }
    }

    @Test func accountsCanBeAddedAtRunTime() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let created = try await c.raw(
                .POST, "/paper/accounts", body: #"{"apiKey":"TEAMMATE","apiSecret":"S3CRET"}"#)
            #expect(created.retCode == 0)
            let mate = PaperClient(
                baseURL: ex.baseURL, signer: Signer(apiKey: "TEAMMATE", hmacSecret: "S3CRET"), now: { ex.serverTimeMs })
            let list = try await mate.get("/v5/position/list", "category=linear&settleCoin=USDT")
            #expect(list.result["list"]?.arrayValue?.count == 2)  // the default book
            #expect(try await c.raw(.POST, "/paper/accounts", body: #"{"apiKey":"TEAMMATE"}"#).retCode == 10001)
            let random = try await c.raw(.POST, "/paper/accounts")
            #expect(random.result["apiKey"]?.stringValue?.count == 18)
            #expect(random.result["apiSecret"]?.stringValue?.count == 36)
            #expect(ex.ledger.count(.createAccount) == 2)
        }
    }

    @Test func unknownPathsAre404With10017() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            for (method, path) in [
                ("GET", "/v5/position/closed-pnl"), ("GET", "/"), ("POST", "/v5/market/time"),
                ("GET", "/v5/position/add-margin"), ("GET", "/paper/nothing"),
            ] {
                let reply = try await c.raw(method == "GET" ? .GET : .POST, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.retCode == 10017)
                #expect(reply.retMsg == "Route not found.")
            }
        }
    }

    @Test func controlEndpointsCanBeTurnedOff() async throws {
        var config = manualConfig()
        config.controlEndpoints = false
        try await withExchange(config) { ex in
            let reply = try await PaperClient(ex).raw(.GET, "/paper/ledger")
            #expect(reply.status == 404)
        }
    }

    @Test func ledgerFilters() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            _ = try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"1"}"#)
            _ = try await c.post(
                "/v5/position/set-auto-add-margin", #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1}"#)
            _ = try await c.post("/v5/position/add-margin", #"{"category":"linear","symbol":"ETHUSDT","margin":"2"}"#)
            let all = try await c.raw(.GET, "/paper/ledger")
            #expect(all.result["total"] == 3)
            let since = try await c.raw(.GET, "/paper/ledger?since=1&action=add-margin&apiKey=TESTKEY")
            #expect(since.result["entries"]?.arrayValue?.map { $0["symbol"] } == ["ETHUSDT"])
            #expect(since.result["entries"]?[0]?["detail"]?["margin"] == "2")
            #expect(try await c.raw(.GET, "/paper/ledger?action=nope").retCode == 10001)
        }
    }
}

/// The two endpoints ccxt's unified methods need before they reach the margin endpoints.
@Suite struct ClientSupportRouteTests {
    @Test func coinInfoAndApiKeyInfoAnswerLikeBybit() async throws {
        try await withExchange(manualConfig()) { ex in
            let c = PaperClient(ex)
            let coins = try await c.get("/v5/asset/coin/query-info")
            #expect(coins.retCode == 0)
            #expect(
                coins.result["rows"]?.arrayValue?.compactMap { $0["coin"]?.stringValue } == [
                    "BTC", "ETH", "SOL", "USDC", "USDT",
                ])
            #expect(coins.result["rows"]?[4]?["remainAmount"] == "100000")
            let key = try await c.get("/v5/user/query-api")
            #expect(key.result["uta"] == 1)
            #expect(key.result["apiKey"] == "TESTKEY")
            #expect(key.result["readOnly"] == 0)
        }
    }
}
