import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A scriptable Bybit-shaped HTTP server on 127.0.0.1, in the spirit of
/// async-http-client's `HTTPBin`: real sockets, raw bytes, port 0 by default.
///
/// It records every request it reads completely (method, raw query, headers, raw body),
/// checks the HMAC over the bytes it received — not over a re-serialisation — and answers
/// from a per-path script of ``Action``s; an unscripted path gets a success envelope
/// (and `/v5/market/time` the server's clock). With `enforceTimestampWindow` it rejects
/// timestamps the way Bybit does (10002), against its own clock.
final class TestExchange: Sendable {
    /// What to do with the next request to a path.
    enum Action: Sendable {
        /// Reply with a status, extra headers and a body.
        case reply(status: Int, headers: [(String, String)], body: String)
        /// Read the request, then close the connection without a reply.
        case close
        /// Read the request and never answer (the client's read timeout fires).
        case hang

        /// A 200 Bybit envelope.
        static func envelope(
            retCode: Int = 0, retMsg: String = "OK", result: String = "{}", headers: [(String, String)] = []
        ) -> Action {
            .reply(
                status: 200, headers: headers,
                body: #"{"retCode":\#(retCode),"retMsg":"\#(retMsg)","result":\#(result),"retExtInfo":{},"time":1}"#)
        }

        /// A reply with a status and a body.
        static func status(_ status: Int, body: String = "", headers: [(String, String)] = []) -> Action {
            .reply(status: status, headers: headers, body: body)
        }
    }

    /// One request as received.
    struct Recorded: Sendable {
        var method: String
        var path: String
        /// The raw query string after `?` ("" when none).
        var query: String
        var headers: HTTPHeaders
        var body: [UInt8]
        /// Whether `X-BAPI-SIGN` matched HMAC-SHA256 over the received bytes (`nil`: unsigned).
        var signatureValid: Bool?

        var bodyText: String { String(decoding: body, as: UTF8.self) }
        var timestamp: Int64? { headers.first(name: "X-BAPI-TIMESTAMP").flatMap { Int64($0) } }
        var signature: String? { headers.first(name: "X-BAPI-SIGN") }
    }

    private struct State {
        var scripts: [String: [Action]] = [:]
        var requests: [Recorded] = []
        var children: [any Channel] = []
    }

    let apiKey: String
    let secret: String
    /// Reject timestamps outside `[server − recvWindow, server + 1000)` with 10002.
    let enforceTimestampWindow: Bool
    private let state = NIOLockedValueBox(State())
    private let channel: NIOLockedValueBox<(any Channel)?> = NIOLockedValueBox(nil)
    /// The bound port.
    let port: Int

    /// Starts a server on 127.0.0.1:`port` (0 picks a free port).
    init(
        port: Int = 0, apiKey: String = "test-api-key", secret: String = "test-secret",
        enforceTimestampWindow: Bool = false
    )
        throws
    {
        self.apiKey = apiKey
        self.secret = secret
        self.enforceTimestampWindow = enforceTimestampWindow
        let box = NIOLockedValueBox<TestExchange?>(nil)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    let server = box.withLockedValue { $0 }!
                    server.state.withLockedValue { $0.children.append(channel) }
                    try channel.pipeline.syncOperations.addHandler(TestExchangeHandler(server: server))
                }
            }
        let bound = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        self.port = bound.localAddress!.port!
        self.channel.withLockedValue { $0 = bound }
        box.withLockedValue { $0 = self }
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Queues actions for `path`, answered in order.
    func script(_ path: String, _ actions: Action...) {
        state.withLockedValue { $0.scripts[path, default: []].append(contentsOf: actions) }
    }

    /// Every request read so far, in order.
    var requests: [Recorded] { state.withLockedValue { $0.requests } }

    /// The number of requests read so far.
    var requestCount: Int { state.withLockedValue { $0.requests.count } }

    /// Stops listening and closes every connection.
    func shutdown() {
        let children = state.withLockedValue { $0.children }
        for child in children { try? child.close().wait() }
        try? channel.withLockedValue { $0 }?.close().wait()
    }

    /// Records `request` and picks the reply.
    fileprivate func handle(_ request: Recorded) -> Action {
        var request = request
        request.signatureValid = verify(request)
        state.withLockedValue { $0.requests.append(request) }
        if let scripted = state.withLockedValue({ s -> Action? in
            guard var queue = s.scripts[request.path], !queue.isEmpty else { return nil }
            let next = queue.removeFirst()
            s.scripts[request.path] = queue
            return next
        }) {
            return scripted
        }
        if request.signatureValid == false { return .envelope(retCode: 10004, retMsg: "Error sign") }
        if enforceTimestampWindow, let ts = request.timestamp {
            let recv = Int64(request.headers.first(name: "X-BAPI-RECV-WINDOW") ?? "5000") ?? 5000
            let now = Self.nowMilliseconds()
            if !(now - recv <= ts && ts < now + 1000) {
                return .envelope(
                    retCode: 10002,
                    retMsg: "invalid request, please check your server timestamp or recv_window param. "
                        + "req_timestamp[\(ts)],server_timestamp[\(now)],recv_window[\(recv)]")
            }
        }
        if request.path == "/v5/market/time" {
            let nano = Self.nowMilliseconds() * 1_000_000
            return .envelope(result: #"{"timeSecond":"\#(nano / 1_000_000_000)","timeNano":"\#(nano)"}"#)
        }
        return .envelope()
    }

    /// HMAC-SHA256 over `timestamp + apiKey + recvWindow + (raw query | raw body)`.
    private func verify(_ r: Recorded) -> Bool? {
        guard let sign = r.signature else { return nil }
        guard r.headers.first(name: "X-BAPI-API-KEY") == apiKey, let ts = r.headers.first(name: "X-BAPI-TIMESTAMP"),
            let recv = r.headers.first(name: "X-BAPI-RECV-WINDOW")
        else { return false }
        var message = Array((ts + apiKey + recv).utf8)
        message += r.method == "GET" ? Array(r.query.utf8) : r.body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == sign
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// Collects one request's head and body, then asks the server what to do.
private final class TestExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: TestExchange
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(server: TestExchange) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let (path, query) = Self.split(head.uri)
            let action = server.handle(
                .init(method: head.method.rawValue, path: path, query: query, headers: head.headers, body: body))
            respond(action, context: context)
        }
    }

    private func respond(_ action: TestExchange.Action, context: ChannelHandlerContext) {
        switch action {
        case .close:
            context.close(promise: nil)
        case .hang:
            break
        case .reply(let status, let extra, let text):
            var headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(text.utf8.count)")])
            headers.add(contentsOf: extra)
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Splits a request target into path and raw query, without decoding either.
    static func split(_ uri: String) -> (String, String) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<q]), String(uri[uri.index(after: q)...]))
    }
}
