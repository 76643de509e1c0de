import Testing

@testable import BybitAPI

/// The generic door (`BybitClient.request`, behind `bybit.request`): an allow-list checked
/// on the path as written, so no spelling reaches a refused endpoint; a POST is a mutation
/// sent once; a declared path meets the catalog's checks. Judged by what a real server on
/// loopback received.
@Suite struct EndpointPolicyTests {
    /// Spellings that must never reach the wire, whatever the method: refused endpoints,
    /// and every way of writing a path that could name one thing to a check and another to
    /// a server.
    static let hostilePaths: [String] = [
        "/v5/asset/withdraw/create", "/v5/asset/transfer/inter-transfer", "/v5/asset/transfer/universal-transfer",
        "/v5/asset/deposit/query-address", "/v5/user/query-api", "/v5/user/create-sub-api", "/v5/user/update-api",
        "/v5/user/delete-api", "/v5/user/create-sub-member", "/v5/broker/earnings-info",
        "/v5/spot-margin-trade/switch-mode", "/v5/ins-loan/loan-order", "/v5/crypto-loan/borrow",
        "/v5/lending/purchase", "/v5/spot-lever-token/purchase", "/v5/earn/place-order",
        "/v5/position/../asset/withdraw/create", "/v5/POSITION/list", "/v5/Position/list", "/v5/asset%2Fwithdraw",
        "/v5/position%2Flist", "/v5//user/x", "//v5/position/list", "/v5/position/list?x=/v5/asset",
        "/v5/position/list#frag", "/v5/market/time/", "/v5/market/time/.", "/v5/./market/time", "/v5", "/v5/",
        "v5/market/time",
        "/v3/private/order/create", "/v55/market/time", "/V5/market/time", "", "/", "\n", "/v5/market/time\n",
        "/v5/market/time\r\nX-Injected: 1", " /v5/market/time", "/v5/market/time ",
        "/v5/market\0/asset/withdraw/create",
        "/v5/market/time\0", "/v5/market/t\u{0131}me", "/v5/market/tim\u{0065}\u{0301}", "/v5/market/\u{FF54}ime",
        "/v5\\market\\time", "/v5/market/time;x", "/v5/market/time%00",
        "/v5/market/" + String(repeating: "a", count: 10_240),
        "http://127.0.0.1:1/v5/market/time", "/v5/asset/withdraw/create/../../market/time",
    ]

    /// POSTs a margin script does not need, even under allowed prefixes.
    static let refusedPosts: [String] = [
        "/v5/order/create-batch", "/v5/order/amend-batch", "/v5/order/cancel-batch",
        "/v5/order/disconnected-cancel-all", "/v5/position/set-risk-limit", "/v5/position/confirm-pending-mmr",
        "/v5/account/upgrade-to-uta", "/v5/account/set-collateral-switch", "/v5/account/borrow",
        "/v5/account/repay", "/v5/account/quick-repayment", "/v5/account/set-hedging-mode",
        "/v5/market/time", "/v5/position/list", "/v5/execution/list",
    ]

    @Test func hostileSpellingsAndRefusedEndpointsSendNothing() throws {
        let h = try Harness()
        defer { h.shutdown() }
        var refused = 0
        for path in Self.hostilePaths {
            for method in [EndpointSpec.Method.get, .post] {
                let error = expectBybitError {
                    try h.client.request(GenericRequest(method: method, path: path, parameters: [("x", .text("1"))]))
                }
                #expect(error?.kind == "validation", "\(method) \(path.debugDescription.prefix(80))")
                #expect(error?.message.contains("nothing was sent") == true)
                if error != nil { refused += 1 }
            }
        }
        for path in Self.refusedPosts {
            let error = expectBybitError { try h.client.request(GenericRequest(method: .post, path: path)) }
            #expect(
                error?.message.hasPrefix("POST \"\(path)\" is not on the allow-list") == true, "\(error?.message ?? "")"
            )
            refused += 1
        }
        #expect(refused == Self.hostilePaths.count * 2 + Self.refusedPosts.count)
        #expect(h.server.requestCount == 0, "requests on the wire for the hostile table")
        print(
            "endpoint-policy: \(Self.hostilePaths.count) hostile paths x GET/POST + \(Self.refusedPosts.count) refused POSTs: "
                + "\(refused) refused, \(h.server.requestCount) requests on the wire")
    }

    /// A refusal shows a hostile path escaped and cut short: a newline or NUL cannot
    /// forge a log line, 10 KB do not flood it.
    @Test func aRefusalQuotesThePathSafely() {
        #expect(throws: EndpointPolicy.Refusal.self) { try EndpointPolicy.check(.get, "/v5/a\nb\0") }
        #expect(EndpointPolicy.quoted("/v5/a\nb\0") == #""/v5/a\nb\0""#)
        let long = EndpointPolicy.quoted("/v5/" + String(repeating: "a", count: 10_240))
        #expect(long.count < 120 && long.hasSuffix("… (10244 bytes)"), "\(long)")
    }

    @Test func theAllowListAdmitsReadsUnderItsPrefixesAndTheNamedWrites() throws {
        for path in [
            "/v5/market/time", "/v5/market/mark-price-kline", "/v5/position/list", "/v5/position/closed-pnl",
            "/v5/order/realtime", "/v5/order/history", "/v5/execution/list", "/v5/account/info",
            "/v5/account/fee-rate", "/v5/account/wallet-balance",
        ] {
            try EndpointPolicy.check(.get, path)
        }
        for path in EndpointPolicy.mutations { try EndpointPolicy.check(.post, path) }
        #expect(throws: EndpointPolicy.Refusal.self) { try EndpointPolicy.check(.get, "/v5/asset/coin/query-info") }
        #expect(throws: EndpointPolicy.Refusal.self) { try EndpointPolicy.check(.get, "/v5/user/query-sub-members") }
        #expect(!EndpointPolicy.mutations.contains { $0.hasPrefix("/v5/asset/") || $0.hasPrefix("/v5/user/") })
    }

    /// An undeclared GET writes the parameters in order, percent-encoded, signed.
    @Test func anUndeclaredReadWritesItsQuery() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/closed-pnl", .envelope(result: #"{"list":[{"closedPnl":"1.50"}]}"#))
        let result = try h.client.request(
            GenericRequest(
                method: .get, path: "/v5/position/closed-pnl",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTC USDT&x=1")), ("limit", .integer(5)),
                    ("qty", .decimal(.d("0.10"))), ("flag", .flag(true)),
                ]))
        #expect(result["list"]?[0]?["closedPnl"]?.stringValue == "1.50")
        let sent = try #require(h.server.requests.first)
        #expect(sent.method == "GET" && sent.path == "/v5/position/closed-pnl")
        #expect(sent.query == "category=linear&symbol=BTC%20USDT%26x%3D1&limit=5&qty=0.10&flag=true")
        #expect(sent.signatureValid == true)
    }

    /// An undeclared POST writes a JSON body with each value's type; a list is a JSON array.
    @Test func anUndeclaredWriteSendsItsBodyOnce() throws {
        let h = try Harness()
        defer { h.shutdown() }
        _ = try h.client.request(
            GenericRequest(
                method: .post, path: "/v5/order/cancel-all",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("n", .integer(3)),
                    ("price", .decimal(.d("100.50"))), ("reduceOnly", .flag(false)), ("ids", .texts(["a", "b"])),
                ]))
        #expect(
            h.server.requests.map(\.bodyText) == [
                #"{"category":"linear","symbol":"BTCUSDT","n":3,"price":"100.50","reduceOnly":false,"ids":["a","b"]}"#
            ])
        #expect(h.server.requests.first?.signatureValid == true)
    }

    /// A POST whose connection drops after it was sent may have executed: `outcome_unknown`
    /// with the request, and the server saw it once.
    @Test(arguments: [TestExchange.Action.close, .envelope(retCode: 10016, retMsg: "Server error"), .status(502)])
    func aWriteWithAnUncertainOutcomeIsNotReSent(action: TestExchange.Action) throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/order/cancel-all", action)
        let error = expectBybitError {
            try h.client.request(
                GenericRequest(method: .post, path: "/v5/order/cancel-all", parameters: [("category", .text("linear"))])
            )
        }
        #expect(error?.kind == "outcome_unknown")
        #expect(error?.inFlight?.payload == #"{"category":"linear"}"#)
        #expect(h.server.requestCount == 1)
    }

    @Test func aRefusalByBybitIsAnAPIError() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/order/cancel-all", .envelope(retCode: 10001, retMsg: "params error"))
        let error = expectBybitError {
            try h.client.request(GenericRequest(method: .post, path: "/v5/order/cancel-all"))
        }
        #expect(error?.kind == "api" && error?.code == 10001 && error?.message == "params error")
    }

    /// A declared path meets the catalog's checks (the typed call's sentences), and its method.
    @Test func aDeclaredPathMeetsTheCatalogsChecks() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let cases: [(GenericRequest, String)] = [
            (
                GenericRequest(
                    method: .get, path: "/v5/position/list",
                    parameters: [("category", .text("linear")), ("symbol", .text("btcusdt"))]), "upper-case"
            ),
            (
                GenericRequest(method: .get, path: "/v5/position/list", parameters: [("category", .text("linear"))]),
                "Missing some parameters"
            ),
            (
                GenericRequest(
                    method: .get, path: "/v5/position/list",
                    parameters: [("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("margn", .integer(1))]),
                "unknown parameter 'margn'"
            ),
            (
                GenericRequest(
                    method: .get, path: "/v5/position/list",
                    parameters: [("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("limit", .text("x"))]),
                "limit must be an integer, got the string \"x\""
            ),
            (GenericRequest(method: .get, path: "/v5/position/add-margin"), "is a POST endpoint, not GET"),
            (
                GenericRequest(
                    method: .post, path: "/v5/position/add-margin",
                    parameters: [
                        ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("margin", .text("1.00001")),
                    ]), "has 5 decimals"
            ),
            (
                GenericRequest(
                    method: .get, path: "/v5/market/tickers",
                    parameters: [("category", .text("linear")), ("x&category", .text("spot"))]),
                "is not a name Bybit uses"
            ),
            (
                GenericRequest(
                    method: .get, path: "/v5/market/tickers",
                    parameters: [("category", .text("linear")), ("symbol", .texts(["BTCUSDT"]))]), "not a list"
            ),
        ]
        for (request, reason) in cases {
            let error = expectBybitError { try h.client.request(request) }
            #expect(error?.kind == "validation")
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error") ∌ \(reason)")
        }
        #expect(h.server.requestCount == 0)
        let ok = try h.client.request(
            GenericRequest(
                method: .get, path: "/v5/position/list",
                parameters: [("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("limit", .text("5"))]))
        #expect(ok == .object(JSONObject()))
        #expect(h.server.requests.map(\.query) == ["category=linear&symbol=BTCUSDT&limit=5"])
    }
}
