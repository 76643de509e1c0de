import Testing

@testable import BybitAPI

/// The money-safety core: a mutation that may have reached the exchange is never sent
/// twice; retries happen only where nothing executed. Every test counts what the server
/// actually received.
@Suite struct RetryPolicyTests {
    static let addMargin = AddMarginRequest(symbol: "BTCUSDT", margin: .d("10"))
    static let addMarginBody = #"{"category":"linear","symbol":"BTCUSDT","margin":"10"}"#
    static let okPosition = #"{"symbol":"BTCUSDT","positionIM":"110"}"#
    static let positions = PositionListRequest(symbol: "BTCUSDT")

    // MARK: may have executed → outcome_unknown, sent once

    @Test(arguments: TransportChoice.all)
    func aMutationTimingOutAfterItWasWrittenIsOutcomeUnknownAndSentOnce(transport: TransportChoice) throws {
        let h = try Harness {
            $0.readTimeout = 300
            $0.transportChoice = transport
        }
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .hang)

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "outcome_unknown")
        #expect(error?.endpoint == "/v5/position/add-margin")
        #expect(h.server.requestCount == 1)
        // What the binding needs to reconcile: the exact request that went out.
        let inFlight = try #require(error?.inFlight)
        #expect(inFlight.method == "POST" && inFlight.path == "/v5/position/add-margin")
        #expect(inFlight.payload == Self.addMarginBody)
        #expect(inFlight.parameters["symbol"] == .string("BTCUSDT"))
        #expect(inFlight.timestamp == h.server.requests.first?.timestamp)
    }

    @Test(arguments: TransportChoice.all)
    func aMutationWhoseConnectionClosesAfterTheRequestIsOutcomeUnknown(transport: TransportChoice) throws {
        let h = try Harness { $0.transportChoice = transport }
        defer { h.shutdown() }
        h.server.script("/v5/position/set-auto-add-margin", .close)
        let error = expectBybitError {
            try h.client.setAutoAddMargin(SetAutoAddMarginRequest(symbol: "BTCUSDT", autoAddMargin: true))
        }
        #expect(error?.kind == "outcome_unknown")
        #expect(h.server.requestCount == 1)
    }

    @Test func retCode10016OnAMutationIsOutcomeUnknownAndNotRetried() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin", .envelope(retCode: 10016, retMsg: "System error. Please try again later."))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "outcome_unknown")
        #expect(error?.code == 10016)
        #expect(error?.inFlight?.payload == Self.addMarginBody)
        #expect(h.server.requestCount == 1)
        #expect(h.clock.sleeps.isEmpty)
    }

    @Test(arguments: [500, 502, 503, 504])
    func http5xxOnAMutationIsOutcomeUnknown(status: Int) throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .status(status, body: "<html>bad gateway</html>"))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "outcome_unknown")
        #expect(error?.message.contains("HTTP \(status)") == true)
        #expect(h.server.requestCount == 1)
    }

    @Test(arguments: ["{not json", "", #"{"retMsg":"OK"}"#, #"{"retCode":"0"}"#])
    func anUndecodableReplyToAMutationIsOutcomeUnknown(body: String) throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .status(200, body: body))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "outcome_unknown")
        #expect(h.server.requestCount == 1)
    }

    @Test func retCode0WithAnUndecodableResultIsOutcomeUnknownNotDecoding() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .envelope(result: #"{"symbol":"BTCUSDT","size":"1,5"}"#))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "outcome_unknown")
        #expect(error?.code == 0)
        #expect(h.server.requestCount == 1)
    }

    // MARK: reads may be re-sent

    @Test func aReadTimingOutIsResentOnceThenFailsAsTimeout() throws {
        let h = try Harness { $0.readTimeout = 300 }
        defer { h.shutdown() }
        h.server.script("/v5/position/list", .hang, .hang)
        let error = expectBybitError { try h.client.positions(Self.positions) }
        #expect(error?.kind == "timeout")
        #expect(h.server.requestCount == 2)
    }

    @Test func aReadAnswered10016Or5xxIsResentAndCanSucceed() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/list", .envelope(retCode: 10016, retMsg: "Server error."))
        h.server.script("/v5/account/info", .status(502), .status(503))
        #expect(try h.client.positions(Self.positions).positions.isEmpty)
        let error = expectBybitError { try h.client.accountInfo() }
        #expect(error?.kind == "http")
        #expect(error?.httpStatus == 503)
        #expect(
            h.server.requests.map(\.path) == [
                "/v5/position/list", "/v5/position/list", "/v5/account/info", "/v5/account/info",
            ])
        // Each re-send is signed afresh and verifies.
        #expect(h.server.requests.allSatisfy { $0.signatureValid == true })
    }

    @Test func malformedJSONOnAReadIsADecodingError() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/market/time", .status(200, body: #"{"retCode":0,"result":{"#))
        let error = expectBybitError { try h.client.serverTime() }
        #expect(error?.kind == "decoding")
        #expect(h.server.requestCount == 1)
    }

    // MARK: nothing executed → retried

    @Test func retCode10002ResyncsTheClockResignsAndSucceedsWithASkewedClock() throws {
        // The client's clock is 10 s behind; the server checks timestamps like Bybit.
        let clock = TestClock(start: TestExchange.nowMilliseconds() - 10_000)
        let h = try Harness(enforceTimestampWindow: true, clock: clock)
        defer { h.shutdown() }
        let list = try h.client.positions(Self.positions)
        #expect(list.positions.isEmpty)

        let requests = h.server.requests
        #expect(requests.map(\.path) == ["/v5/position/list", "/v5/market/time", "/v5/position/list"])
        let first = try #require(requests.first?.timestamp)
        let retried = try #require(requests.last?.timestamp)
        #expect(retried - first > 9_000)  // re-signed with the corrected clock
        #expect(requests.last?.signatureValid == true)
        #expect(abs(h.client.clockOffset - 10_000) < 2_000)
    }

    @Test func retCode10002OnAMutationIsRetriedOnceBecauseNothingExecuted() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10002, retMsg: "invalid request, please check your server timestamp or recv_window param."),
            .envelope(result: Self.okPosition))
        let pos = try h.client.addMargin(Self.addMargin)
        #expect(pos.positionIM?.description == "110")
        #expect(
            h.server.requests.map(\.path) == [
                "/v5/position/add-margin", "/v5/market/time", "/v5/position/add-margin",
            ])
        #expect(h.server.requests.map(\.bodyText).filter { !$0.isEmpty } == [Self.addMarginBody, Self.addMarginBody])
    }

    @Test func retCode10002TwiceIsAnAPIError() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin", .envelope(retCode: 10002, retMsg: "window"),
            .envelope(retCode: 10002, retMsg: "window"))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "api")
        #expect(error?.code == 10002)
        #expect(
            h.server.requests.map(\.path) == [
                "/v5/position/add-margin", "/v5/market/time", "/v5/position/add-margin",
            ])
    }

    @Test func retCode10006WaitsUntilTheResetHeaderThenRetries() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let reset = h.clock.now + 1_500
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10006, retMsg: "Too many visits!",
                headers: [
                    ("X-Bapi-Limit", "10"), ("X-Bapi-Limit-Status", "0"), ("X-Bapi-Limit-Reset-Timestamp", "\(reset)"),
                ]),
            .envelope(result: Self.okPosition))
        _ = try h.client.addMargin(Self.addMargin)
        #expect(h.clock.sleeps == [1_500])
        #expect(h.server.requestCount == 2)
        let stamps = h.server.requests.compactMap(\.timestamp)
        #expect(stamps[1] - stamps[0] == 1_500)  // a fresh timestamp and signature
        #expect(h.server.requests.allSatisfy { $0.signatureValid == true })
    }

    @Test func http429AndRetCode429AreRetriedLike10006() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/list",
            .status(429, headers: [("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now + 200)")]),
            .envelope(retCode: 429, retMsg: "high load"))  // no reset header: the fallback wait
        _ = try h.client.positions(Self.positions)
        #expect(h.clock.sleeps == [200, 1_000])
        #expect(h.server.requestCount == 3)
    }

    @Test func aResetTooFarAwayFailsAtOnceWithoutWaiting() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(
                retCode: 10006, retMsg: "Too many visits!",
                headers: [("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now + 60_000)")]))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "rate_limited")
        #expect(error?.code == 10006)
        #expect(h.clock.sleeps.isEmpty)
        #expect(h.server.requestCount == 1)
    }

    @Test func rateLimitRetriesAreBounded() throws {
        let h = try Harness { $0.retry.rateLimitRetries = 2 }
        defer { h.shutdown() }
        let busy = TestExchange.Action.envelope(retCode: 10006, retMsg: "Too many visits!")
        h.server.script("/v5/position/list", busy, busy, busy, busy)
        let error = expectBybitError { try h.client.positions(Self.positions) }
        #expect(error?.kind == "rate_limited")
        #expect(h.server.requestCount == 3)
        #expect(h.clock.sleeps == [1_000, 1_000])
    }

    @Test func anExhaustedLimitStatusDelaysTheNextRequestUntilTheReset() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let headers = [
            ("X-Bapi-Limit", "10"), ("X-Bapi-Limit-Status", "0"),
            ("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now + 700)"),
        ]
        h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition, headers: headers))
        _ = try h.client.addMargin(Self.addMargin)
        #expect(
            h.client.rateLimitStatus(path: "/v5/position/add-margin")
                == RateLimitStatus(remaining: 0, limit: 10, resetAt: h.clock.now + 700))
        #expect(h.clock.sleeps.isEmpty)

        h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition))
        _ = try h.client.addMargin(Self.addMargin)
        #expect(h.clock.sleeps == [700])
        #expect(h.server.requestCount == 2)
        // Other endpoints have their own limits and are not delayed.
        _ = try h.client.positions(Self.positions)
        #expect(h.clock.sleeps == [700])
    }

    /// An accepted reply that used the last request of the window names no reset (Bybit
    /// sends "now"), so the client waits until a window after the `limit`-th most recent
    /// accepted reply instead of earning a 10006.
    @Test func theLastRequestOfAWindowPacesTheNextOneByTheClientsOwnHistory() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let start = h.clock.now
        // Three accepted replies with a limit of 3 (the clock moves 100 ms between them),
        // the last one saying none is left and resetting "now".
        for (i, left) in [2, 1, 0].enumerated() {
            if i > 0 { h.clock.advance(100) }
            let headers = [
                ("X-Bapi-Limit", "3"), ("X-Bapi-Limit-Status", "\(left)"),
                ("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now)"),
            ]
            h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition, headers: headers))
            _ = try h.client.addMargin(Self.addMargin)
        }
        #expect(h.clock.sleeps.isEmpty)
        h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition))
        _ = try h.client.addMargin(Self.addMargin)
        // The first of the three arrived at `start`: its slot frees at start + 1000.
        #expect(h.clock.sleeps == [1_000 - 200])
        #expect(h.clock.now == start + 1_000)
        #expect(h.server.requestCount == 4)
    }

    /// Refused replies used no slot, and fewer accepted replies than the limit (another
    /// process shares the budget) give no estimate: the request goes out and the 10006
    /// names the reset.
    @Test func refusalsAndTooShortAHistoryDoNotPace() throws {
        let h = try Harness()
        defer { h.shutdown() }
        let exhausted = [
            ("X-Bapi-Limit", "10"), ("X-Bapi-Limit-Status", "0"), ("X-Bapi-Limit-Reset-Timestamp", "\(h.clock.now)"),
        ]
        h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition, headers: exhausted))
        _ = try h.client.addMargin(Self.addMargin)
        h.server.script("/v5/position/add-margin", .envelope(result: Self.okPosition))
        _ = try h.client.addMargin(Self.addMargin)
        #expect(h.clock.sleeps.isEmpty)
        #expect(h.server.requestCount == 2)
    }

    @Test func http403IsAnIPBanAndStopsFurtherTraffic() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/list", .status(403, body: "access too frequent"))
        let error = expectBybitError { try h.client.positions(Self.positions) }
        #expect(error?.kind == "rate_limited")
        #expect(error?.httpStatus == 403)
        #expect(error?.message.contains("IP rate-limit ban") == true)
        // During the cooldown nothing is sent, to any endpoint.
        let again = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(again?.kind == "rate_limited")
        #expect(h.server.requestCount == 1)
    }

    @Test func otherHTTPStatusesAreHTTPErrorsWithTheRetCodeWhenThereIsOne() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin", .status(401, body: #"{"retCode":10003,"retMsg":"API key is invalid."}"#))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "http")
        #expect(error?.httpStatus == 401)
        #expect(error?.code == 10003)
        #expect(h.server.requestCount == 1)
    }

    @Test func anAPIErrorIsReportedWithItsCodeAndNotRetried() throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(retCode: 110033, retMsg: "You can't set margin without an open position"))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "api")
        #expect(error?.code == 110033)
        #expect(error?.message == "You can't set margin without an open position")
        #expect(
            "\(error!)"
                == "BybitError.api(110033): You can't set margin without an open position [/v5/position/add-margin]")
        #expect(h.server.requestCount == 1)
    }
}
