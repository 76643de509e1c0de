import Testing

@testable import BybitAPI

/// A status other than Bybit's 200 (and its documented refusals) on a mutation is not a
/// readable Bybit answer: the request may have been applied behind a gateway, so it is
/// `outcome_unknown` and sent once — even when the body says `retCode 0`. A read gets an
/// `http` error. Judged by how many requests the server received.
@Suite struct MutationStatusTests {
    static let okEnvelope = #"{"retCode":0,"retMsg":"OK","result":{},"retExtInfo":{},"time":1}"#

    /// Statuses a gateway or a broken server may answer with, some with a success body.
    static let undocumented: [(status: Int, body: String)] = [
        (202, okEnvelope), (204, ""), (301, ""), (408, "request timeout"), (409, okEnvelope), (499, ""),
        (201, okEnvelope), (307, okEnvelope),
    ]

    static let addMargin = AddMarginRequest(symbol: "BTCUSDT", margin: .d("10"))

    @Test(arguments: undocumented, TransportChoice.all)
    func anUndocumentedStatusOnAMutationIsOutcomeUnknownAndNotResent(
        reply: (status: Int, body: String), transport: TransportChoice
    ) throws {
        let h = try Harness { $0.transportChoice = transport }
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin", .status(reply.status, body: reply.body, headers: [("Location", "/elsewhere")]))

        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }

        #expect(error?.kind == "outcome_unknown", "\(String(describing: error))")
        #expect(error?.message.contains("HTTP \(reply.status)") == true)
        #expect(error?.message.hasSuffix("it may have executed") == true)
        #expect(error?.inFlight?.path == "/v5/position/add-margin")
        #expect(h.server.requestCount == 1)
        #expect(h.clock.sleeps.isEmpty)
    }

    @Test(arguments: undocumented, TransportChoice.all)
    func anUndocumentedStatusOnAReadIsAnHTTPError(reply: (status: Int, body: String), transport: TransportChoice) throws
    {
        let h = try Harness { $0.transportChoice = transport }
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/list", .status(reply.status, body: reply.body, headers: [("Location", "/elsewhere")]))

        let error = expectBybitError { try h.client.positions(PositionListRequest(symbol: "BTCUSDT")) }

        #expect(error?.kind == "http", "\(String(describing: error))")
        #expect(error?.httpStatus == reply.status)
        #expect(h.server.requestCount == 1)
    }

    /// Bybit's own refusals (400 bad request, 401 bad key, 404 wrong path or category)
    /// say the request was not executed: they stay `http` for a mutation too.
    @Test(arguments: [400, 401, 404])
    func bybitsDocumentedRefusalsOnAMutationStayHTTP(status: Int) throws {
        let h = try Harness()
        defer { h.shutdown() }
        h.server.script("/v5/position/add-margin", .status(status, body: #"{"retCode":10001,"retMsg":"bad"}"#))
        let error = expectBybitError { try h.client.addMargin(Self.addMargin) }
        #expect(error?.kind == "http")
        #expect(error?.httpStatus == status)
        #expect(h.server.requestCount == 1)
    }
}
