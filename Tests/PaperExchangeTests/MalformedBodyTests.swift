import Testing

@testable import PaperExchange

/// A body whose HTTP framing is broken is a bad request (HTTP 400, retCode 10001), on the
/// Bybit routes and the `/paper/` controls alike; only a body over the cap is HTTP 413.
/// Before, a bad chunk-size line on `/paper/` got 413 "request body too large", and on
/// `/v5/` HTTP 200. Sent over a raw socket: no HTTP client writes such framing.
@Suite struct MalformedBodyTests {
    static let brokenBodies: [(String, String)] = [
        ("zz\r\n{}\r\n0\r\n\r\n", "chunk size"),  // not hex
        ("5 5\r\n{}\r\n0\r\n\r\n", "chunk size"),  // space inside the size
        ("-2\r\n{}\r\n0\r\n\r\n", "chunk size"),  // signed
    ]

    static func request(_ path: String, chunked body: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body
    }

    @Test(arguments: ["/paper/mark-price", "/v5/position/add-margin"])
    func aBadChunkSizeLineIs400(path: String) async throws {
        try await withExchange(manualConfig()) { ex in
            for (body, reason) in Self.brokenBodies {
                let reply = try await RawHTTPRequest.send(port: ex.port, Self.request(path, chunked: body))
                #expect(reply.status == 400, "\(path) \(String(reflecting: body)): \(reply.text)")
                #expect(reply.text.contains(#""retCode":10001"#), "\(reply.text)")
                #expect(reply.text.contains("malformed request body"), "\(reply.text)")
                #expect(reply.text.contains(reason), "\(reply.text)")
                #expect(!reply.text.contains("too large"), "\(reply.text)")
            }
            #expect(ex.ledger.count(.addMargin) == 0)
            #expect(ex.markPrice(symbol: "BTCUSDT") == dec("60000"))
        }
    }

    /// A well-framed chunked body still works, and an oversized one is still 413.
    @Test func wellFramedChunksWorkAndOversizedOnesAre413() async throws {
        var config = manualConfig()
        config.maxBodyBytes = 64
        try await withExchange(config) { ex in
            let mark = #"{"symbol":"BTCUSDT","markPrice":"59000"}"#
            let chunked = String(mark.utf8.count, radix: 16) + "\r\n" + mark + "\r\n0\r\n\r\n"
            let fine = try await RawHTTPRequest.send(port: ex.port, Self.request("/paper/mark-price", chunked: chunked))
            #expect(fine.status == 200, "\(fine.text)")
            #expect(ex.markPrice(symbol: "BTCUSDT") == dec("59000"))
            let big = String(repeating: " ", count: 100) + mark
            let oversized = String(big.utf8.count, radix: 16) + "\r\n" + big + "\r\n0\r\n\r\n"
            let refused = try await RawHTTPRequest.send(
                port: ex.port, Self.request("/paper/mark-price", chunked: oversized))
            #expect(refused.status == 413, "\(refused.text)")
        }
    }
}
