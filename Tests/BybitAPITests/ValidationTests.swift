import Testing

@testable import BybitAPI

/// Bad input to every public call is a `validation` error naming the problem, and
/// nothing reaches the server.
@Suite struct ValidationTests {
    /// Runs `call` against a fresh server and returns the error; asserts zero requests.
    static func rejected(_ call: (BybitClient) throws -> Void) throws -> BybitError? {
        let h = try Harness()
        defer { h.shutdown() }
        let error = expectBybitError { try call(h.client) }
        #expect(h.server.requestCount == 0)
        #expect(error?.kind == "validation")
        return error
    }

    static let badSymbols: [(String, String)] = [
        ("", "must not be empty"), ("btcusdt", "upper-case"), ("BTCusdt", "upper-case"),
        ("BTC USDT", "only A-Z"), ("BTC/USDT", "only A-Z"), ("BTCUSDT\n", "only A-Z"),
        (String(repeating: "A", count: 65), "too long"),
    ]

    @Test(arguments: badSymbols)
    func addMarginRejectsBadSymbols(symbol: String, reason: String) throws {
        let error = try Self.rejected { c in
            _ = try c.addMargin(AddMarginRequest(symbol: symbol, margin: .d("1")))
        }
        #expect(error?.message.contains(reason) == true)
        #expect(error?.endpoint == "/v5/position/add-margin")
    }

    @Test(arguments: [
        ("0", "must not be zero"), ("0.0000", "must not be zero"), ("-0", "must not be zero"),
        ("1.00001", "margin '1.00001' has 5 decimals; Bybit accepts at most 4"),
        ("-0.12345", "has 5 decimals; Bybit accepts at most 4"), ("1.123450", "has 5 decimals"),
    ])
    func addMarginRejectsZeroAndFiveDecimalMargins(margin: String, reason: String) throws {
        let error = try Self.rejected { c in
            _ = try c.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d(margin)))
        }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error")")
    }

    /// Trailing zeros are not decimals of the amount: `1.12340` is 1.1234 and goes out as
    /// `"1.1234"`, the text the paper exchange accepts too.
    @Test(arguments: [
        ("1.12340", "1.1234"), ("1.1234000000", "1.1234"), ("-2.500000", "-2.5000"), ("0.0001", "0.0001"),
    ])
    func addMarginSendsAmountsWhoseExtraDecimalsAreZeros(margin: String, sent: String) throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSDT","positionIdx":0}"#))
        _ = try h.client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d(margin)))
        #expect(h.server.requests.map(\.bodyText) == [#"{"category":"linear","symbol":"BTCUSDT","margin":"\#(sent)"}"#])
    }

    /// The client's check is `MarginAmount`, the function the paper exchange calls on the
    /// text it receives: for every amount, the client's verdict is that function's verdict
    /// on the text the client would send. (The table run against both sides over HTTP is
    /// PaperExchangeTests' MarginRuleAgreementTests.)
    @Test(arguments: [
        "10", "-10", "1.12340", "1.00001", "0", "-0.0000", "0.00010", "12345678901234.5678", "1e-5", "1e1", "-1.5e-4",
    ])
    func addMarginChecksTheTextItSendsWithTheSharedRule(margin: String) throws {
        let value = ExactDecimal.d(margin)
        let shared = Result { () throws(MarginAmount.Refusal) in try MarginAmount.parse(value.description) }
        let client = Result { () throws(BybitError) in
            try AddMarginRequest(symbol: "BTCUSDT", margin: value).validated().margin
        }
        switch (shared, client) {
        case (.success(let a), .success(let b)): #expect(a.description == b.description)
        case (.failure(let a), .failure(let b)): #expect(b.message == a.description)
        default: Issue.record("\(margin): shared rule \(shared), client \(client)")
        }
    }

    @Test(arguments: ["spot", "option", "", "LINEAR", "linear "])
    func addMarginAllowsOnlyLinearAndInverse(category: String) throws {
        let error = try Self.rejected { c in
            _ = try c.addMargin(
                AddMarginRequest(category: Category(rawValue: category), symbol: "BTCUSDT", margin: .d("1")))
        }
        #expect(error?.message.contains("'linear' or 'inverse'") == true)
    }

    @Test(arguments: [3, -1, 100])
    func addMarginRejectsPositionIdxOutsideZeroToTwo(idx: Int) throws {
        let error = try Self.rejected { c in
            _ = try c.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"), positionIdx: idx))
        }
        #expect(error?.message.contains("positionIdx") == true)
    }

    @Test(arguments: ["inverse", "spot", "option"])
    func setAutoAddMarginAllowsOnlyLinear(category: String) throws {
        let error = try Self.rejected { c in
            try c.setAutoAddMargin(
                SetAutoAddMarginRequest(category: Category(rawValue: category), symbol: "BTCUSD", autoAddMargin: true))
        }
        #expect(error?.message.contains("expected 'linear'") == true)
    }

    @Test(arguments: badSymbols)
    func setAutoAddMarginRejectsBadSymbols(symbol: String, reason: String) throws {
        let error = try Self.rejected { c in
            try c.setAutoAddMargin(SetAutoAddMarginRequest(symbol: symbol, autoAddMargin: false))
        }
        #expect(error?.message.contains(reason) == true)
    }

    @Test(arguments: [3, -1])
    func setAutoAddMarginRejectsBadPositionIdx(idx: Int) throws {
        _ = try Self.rejected { c in
            try c.setAutoAddMargin(SetAutoAddMarginRequest(symbol: "BTCUSDT", autoAddMargin: true, positionIdx: idx))
        }
    }

    @Test(arguments: [
        PositionListRequest(category: "spot", symbol: "BTCUSDT"),
        PositionListRequest(category: "", symbol: "BTCUSDT"),
        PositionListRequest(symbol: "btcusdt"),
        PositionListRequest(symbol: ""),
        PositionListRequest(settleCoin: "usdt"),
        PositionListRequest(category: .option, baseCoin: "eth"),
        PositionListRequest(),  // linear needs symbol or settleCoin
        PositionListRequest(symbol: "BTCUSDT", limit: 0),
        PositionListRequest(symbol: "BTCUSDT", limit: 201),
    ])
    func positionsRejectsBadRequests(request: PositionListRequest) throws {
        _ = try Self.rejected { c in _ = try c.positions(request) }
    }

    @Test(arguments: [
        TickersRequest(category: "futures"), TickersRequest(category: ""), TickersRequest(symbol: "ethusdt"),
        TickersRequest(symbol: ""), TickersRequest(category: .option, baseCoin: "btc"),
        TickersRequest(category: .option, expDate: "25dec22"),
    ])
    func tickersRejectsBadRequests(request: TickersRequest) throws {
        _ = try Self.rejected { c in _ = try c.tickers(request) }
    }

    @Test(arguments: [
        WalletBalanceRequest(accountType: ""), WalletBalanceRequest(accountType: "unified"),
        WalletBalanceRequest(coins: ["usdt"]), WalletBalanceRequest(coins: ["USDT", ""]),
        WalletBalanceRequest(coins: ["USDT,USDC"]),
    ])
    func walletBalanceRejectsBadRequests(request: WalletBalanceRequest) throws {
        _ = try Self.rejected { c in _ = try c.walletBalance(request) }
    }

    @Test func privateCallsWithoutCredentialsAreRejectedBeforeSending() throws {
        let server = try TestExchange()
        let client = BybitClient(
            environment: try BybitEnvironment.custom(baseURL: server.baseURL), signer: nil)
        defer {
            client.shutdown()
            server.shutdown()
        }
        let calls: [(BybitClient) throws -> Void] = [
            { c in _ = try c.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"))) },
            { c in try c.setAutoAddMargin(SetAutoAddMarginRequest(symbol: "BTCUSDT", autoAddMargin: true)) },
            { c in _ = try c.positions(PositionListRequest(symbol: "BTCUSDT")) },
            { c in _ = try c.walletBalance() },
            { c in _ = try c.accountInfo() },
        ]
        for call in calls {
            let error = expectBybitError { try call(client) }
            #expect(error?.kind == "validation")
            #expect(error?.message.contains("needs an API key") == true)
        }
        #expect(server.requestCount == 0)
        // Public endpoints still work without credentials.
        _ = try client.serverTime()
        #expect(server.requestCount == 1)
    }
}
