import Testing

@testable import BybitAPI

/// The secret and every `X-BAPI-SIGN` value stay out of logs, error descriptions and
/// debug descriptions, across successes, retries and every failure kind.
@Suite struct SecrecyTests {
    @Test func noLogLineOrErrorContainsTheSecretOrASignature() throws {
        let h = try Harness { $0.readTimeout = 300 }
        defer { h.shutdown() }
        h.server.script(
            "/v5/position/add-margin",
            .envelope(result: #"{"symbol":"BTCUSDT"}"#),
            .envelope(retCode: 10002, retMsg: "window"), .envelope(retCode: 10006, retMsg: "Too many visits!"),
            .envelope(result: #"{"symbol":"BTCUSDT"}"#),
            .envelope(retCode: 110033, retMsg: "no position"),
            .hang,
            .status(500, body: "oops"))
        h.server.script("/v5/position/list", .close, .status(401, body: "{}"))

        var errors: [BybitError] = []
        let request = AddMarginRequest(symbol: "BTCUSDT", margin: .d("2"))
        // Two calls succeed (the second after a 10002 re-sync and a 10006 wait), three fail.
        for _ in 0..<5 {
            do { _ = try h.client.addMargin(request) } catch { errors.append(error) }
        }
        do { _ = try h.client.positions(PositionListRequest(symbol: "BTCUSDT")) } catch { errors.append(error) }
        #expect(errors.count == 4)
        #expect(Set(errors.map(\.kind)) == ["api", "outcome_unknown", "http"])

        let signatures = h.server.requests.compactMap(\.signature)
        #expect(signatures.count >= 8)
        let texts = h.logs.all + errors.flatMap { ["\($0)", String(reflecting: $0), "\($0.inFlight as Any)"] }
        #expect(h.logs.all.count > 0)
        for text in texts {
            #expect(!text.contains(Harness.secret))
            for signature in signatures { #expect(!text.contains(signature)) }
        }
    }
}
