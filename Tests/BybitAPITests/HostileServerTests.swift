import Foundation
import Testing

@testable import BybitAPI

/// A hostile or broken server that never ends its reply, over both transports: the call
/// ends — at a ``ReplyLimits`` cap or at the request deadline — with `outcome_unknown`
/// for a mutation (sent once) and a `network`/`timeout` error for a read, never with the
/// client holding an unbounded reply or crashing.
@Suite struct HostileServerTests {
    /// The endless replies, each after the request was read.
    enum Stream: String, CaseIterable, Sendable {
        case interimReplies, trailers, chunkExtension, headerLine, drip

        var reply: RawServer.Reply {
            switch self {
            case .interimReplies:
                return .endless("", then: "HTTP/1.1 100 Continue\r\n\r\n")
            case .trailers:
                let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n"
                return .endless(head, then: "X-Trailer: " + String(repeating: "t", count: 53) + "\r\n")
            case .chunkExtension:
                return .endless(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=",
                    then: String(repeating: "e", count: 4096))
            case .headerLine:
                return .endless("HTTP/1.1 200 OK\r\nX-Endless: ", then: String(repeating: "h", count: 4096))
            case .drip:
                // Never silent for a read timeout (10 s), never complete.
                return .endless("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", then: "{", every: 0.2)
            }
        }
    }

    /// The request deadline: what ends the streams no cap catches.
    static let requestTimeout: Int64 = 3_000

    static func client(_ server: RawServer, _ transport: TransportChoice) throws -> BybitClient {
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: server.baseURL, name: "raw"))
        config.connectTimeout = 2_000
        config.readTimeout = 10_000  // longer than the drip's gaps: only the deadline can end it
        config.requestTimeout = Self.requestTimeout
        config.transportChoice = transport
        config.logger = LogCapture.logger(LogCapture.Lines())
        return BybitClient(configuration: config, signer: Signer(apiKey: Harness.apiKey, hmacSecret: Harness.secret))
    }

    /// What ends `stream` on `transport`: a cap (in its words) or the request deadline.
    static func expectedEnd(_ stream: Stream, _ transport: TransportChoice) -> [String] {
        switch (stream, transport) {
        case (.drip, _): ["within the request's 3 s limit"]
        case (.interimReplies, .automatic): ["unreadable reply", "more than 4 interim (1xx) replies"]
        case (.trailers, .automatic): ["unreadable reply", "trailer lines exceed 16384 bytes"]
        case (.chunkExtension, .automatic): ["unreadable reply", "a chunk line of the reply exceeds 8192 bytes"]
        case (.headerLine, .automatic): ["unreadable reply", "a line of the reply head exceeds 8192 bytes"]
        // async-http-client: NIO's decoder refuses a header or trailer past 80 KiB; it
        // drops interim replies and skips extensions, so the deadline ends those.
        case (.trailers, .asyncHTTPClient), (.headerLine, .asyncHTTPClient):
            ["unreadable reply", "not valid HTTP: its head or trailers exceed 80 KiB"]
        case (_, .asyncHTTPClient): ["within the request's 3 s limit"]
        }
    }

    @Test(arguments: Stream.allCases, TransportChoice.all)
    func anEndlessReplyToAMutationIsOutcomeUnknownAndSentOnce(stream: Stream, transport: TransportChoice) throws {
        let server = try RawServer { _, _ in stream.reply }
        defer { server.shutdown() }
        let client = try Self.client(server, transport)
        defer { client.shutdown() }

        let error = expectBybitError { try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"))) }

        #expect(error?.kind == "outcome_unknown", "\(String(describing: error))")
        #expect(error?.inFlight?.path == "/v5/position/add-margin")
        #expect(server.requests.count == 1)
        let message = error?.message ?? ""
        for words in Self.expectedEnd(stream, transport) { #expect(message.contains(words), "\(message)") }
        #expect(message.hasSuffix("it may have executed"), "\(message)")
    }

    @Test(arguments: Stream.allCases, TransportChoice.all)
    func anEndlessReplyToAReadIsANetworkOrTimeoutError(stream: Stream, transport: TransportChoice) throws {
        let server = try RawServer { _, _ in stream.reply }
        defer { server.shutdown() }
        let client = try Self.client(server, transport)
        defer { client.shutdown() }

        let error = expectBybitError { try client.serverTime() }

        let kind =
            stream == .drip || Self.expectedEnd(stream, transport).contains { $0.contains("limit") }
            ? "timeout" : "network"
        #expect(error?.kind == kind, "\(String(describing: error))")
        #expect(error?.inFlight == nil)
        #expect(server.requests.count == 2, "\(String(describing: error))")  // a read is re-sent once, and that is all
        let message = error?.message ?? ""
        for words in Self.expectedEnd(stream, transport) { #expect(message.contains(words), "\(message)") }
    }

    /// The server would stream 64 GiB of trailers: the client stops reading at its cap
    /// and holds nothing more. (How far past the cap the server got is what the kernel's
    /// socket buffers took before the client closed.)
    @Test(arguments: TransportChoice.all)
    func endlessTrailersFarPastTheCapEndTheCall(transport: TransportChoice) throws {
        let server = try RawServer { _, _ in Stream.trailers.reply }
        defer { server.shutdown() }
        let client = try Self.client(server, transport)
        defer { client.shutdown() }
        let error = expectBybitError { try client.addMargin(AddMarginRequest(symbol: "BTCUSDT", margin: .d("1"))) }
        #expect(error?.kind == "outcome_unknown")
        #expect(server.bytesSent > ReplyLimits.maxTrailerBytes, "the server sent \(server.bytesSent) bytes")
        #expect(error?.message.contains(transport == .automatic ? "trailer lines exceed" : "not valid HTTP") == true)
    }
}
