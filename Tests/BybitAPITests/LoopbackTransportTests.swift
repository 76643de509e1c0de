import NIOCore
import NIOHTTP1
import Testing

@testable import BybitAPI

/// The blocking loopback transport against a raw-bytes server: what goes on the wire,
/// keep-alive reuse, stale connections, and the `requestSent` bit on every failure.
@Suite struct LoopbackTransportTests {
    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"

    static func transport(_ server: RawServer, prefix: String = "", readTimeout: Int64 = 2_000) throws
        -> LoopbackTransport
    {
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: server.baseURL + prefix))
        config.readTimeout = readTimeout
        config.connectTimeout = 1_000
        return LoopbackTransport(
            endpoint: try #require(LoopbackEndpoint(baseURL: config.environment.baseURL)),
            configuration: config)
    }

    static func post(_ t: LoopbackTransport, _ body: String = #"{"a":1}"#, headers: HTTPHeaders = ["X-BAPI-SIGN": "ab"])
        -> Result<RawResponse, TransportFailure>
    {
        t.send(method: .POST, target: "/v5/position/add-margin", headers: headers, body: Array(body.utf8))
    }

    @Test func theRequestIsOneExactHTTP11MessageAndConnectionsAreReused() throws {
        let server = try RawServer { _, _ in .init(Self.ok) }
        defer { server.shutdown() }
        let t = try Self.transport(server, prefix: "/api")
        defer { t.shutdown() }
        for _ in 0..<3 { #expect((try? Self.post(t).get())?.status == 200) }
        let get = t.send(method: .GET, target: "/v5/market/time?x=1", headers: [:], body: nil)
        #expect((try? get.get())?.status == 200)
        #expect(server.connections == 1)
        try #require(server.requests.count == 4)
        #expect(
            server.requests[0] == "POST /api/v5/position/add-margin HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
                + "X-BAPI-SIGN: ab\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
        #expect(server.requests[3] == "GET /api/v5/market/time?x=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
    }

    @Test func aConnectionThePeerClosedWhileIdleIsReplacedAndTheRequestSucceeds() throws {
        let server = try RawServer { _, _ in .init(Self.ok) }
        defer { server.shutdown() }
        let t = try Self.transport(server)
        defer { t.shutdown() }
        #expect((try? Self.post(t).get())?.status == 200)
        server.closeClientConnections()
        // The close reaches the client's socket asynchronously; every request must
        // still succeed, on a new connection, and arrive exactly once.
        for _ in 0..<5 { #expect((try? Self.post(t).get())?.status == 200) }
        #expect(server.requests.count == 6)
        #expect(server.connections == 2)
    }

    @Test func connectionCloseRepliesAreNotReused() throws {
        let server = try RawServer { _, _ in
            .init("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}")
        }
        defer { server.shutdown() }
        let t = try Self.transport(server)
        defer { t.shutdown() }
        for _ in 0..<3 { #expect((try? Self.post(t).get())?.status == 200) }
        #expect(server.connections == 3)
    }

    @Test func failuresSayWhetherAnyOfTheRequestLeft() throws {
        // Refused: nothing sent.
        let port = try ClosedPort.next()
        var config = BybitClientConfiguration(environment: try .custom(baseURL: "http://127.0.0.1:\(port)"))
        config.connectTimeout = 500
        let refused = LoopbackTransport(
            endpoint: LoopbackEndpoint(baseURL: "http://127.0.0.1:\(port)")!, configuration: config)
        guard case .failure(let f1) = Self.post(refused) else {
            Issue.record("refused port answered")
            return
        }
        #expect(f1.kind == .connect && !f1.requestSent, "\(f1)")
        #expect(f1.detail == "cannot connect to 127.0.0.1:\(port) (connection refused)")

        // Written, then silence: a timeout after sending.
        let hang = try RawServer { _, _ in .hang }
        defer { hang.shutdown() }
        // 1 s, not less: the request's deadline bounds its connect too, and with two suites
        // on two cores a 200 ms one once ran out before the connection was made.
        let t = try Self.transport(hang, readTimeout: 1_000)
        guard case .failure(let f2) = Self.post(t) else {
            Issue.record("hang answered")
            return
        }
        #expect(f2.kind == .timeout && f2.requestSent, "\(f2)")
        #expect(f2.detail == "no reply from 127.0.0.1:\(hang.port) within 1 s")
        #expect(hang.requests.count == 1)

        // Written, then closed without a reply; and a reply that is not HTTP.
        let cases: [(RawServer.Reply, TransportFailure.Kind, String)] = [
            (RawServer.Reply("", close: true), .io, "closed the connection before the reply was complete"),
            (RawServer.Reply("SSH-2.0-OpenSSH\r\n\r\n"), .unreadableReply, "invalid status line 'SSH-2.0-OpenSSH'"),
        ]
        for (reply, kind, words) in cases {
            let server = try RawServer { _, _ in reply }
            defer { server.shutdown() }
            let t = try Self.transport(server)
            guard case .failure(let f) = Self.post(t) else {
                Issue.record("answered")
                continue
            }
            #expect(f.kind == kind && f.requestSent, "\(f)")
            #expect(f.detail.contains(words), "\(f)")
        }
    }

    @Test func aHeaderWithALineBreakIsRefusedBeforeAnythingIsSent() throws {
        let server = try RawServer { _, _ in .init(Self.ok) }
        defer { server.shutdown() }
        let t = try Self.transport(server)
        guard case .failure(let f) = Self.post(t, headers: ["X-A": "1\r\nX-BAPI-SIGN: forged"]) else {
            Issue.record("sent")
            return
        }
        #expect(!f.requestSent)
        let badTarget = t.send(method: .GET, target: "/v5/market/time?a=1 HTTP/1.1", headers: [:], body: nil)
        guard case .failure(let g) = badTarget else {
            Issue.record("sent")
            return
        }
        #expect(!g.requestSent)
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080", 8080, "127.0.0.1:8080", ""),
        ("http://127.1.2.3/p", 80, "127.1.2.3", "/p"),
        ("http://localhost:9", 9, "localhost:9", ""),
        ("http://[::1]:443/x/y", 443, "[::1]:443", "/x/y"),
    ])
    func loopbackBaseURLsParse(url: String, port: Int, host: String, prefix: String) throws {
        let e = try #require(LoopbackEndpoint(baseURL: url))
        #expect(Int(e.port) == port && e.host == host && e.prefix == prefix)
    }

    @Test(arguments: [
        "https://127.0.0.1", "http://10.0.0.1", "http://example.com", "http://127.0.0.1:0", "http://127.0.0.1:x",
        "http://[::1", "http://128.0.0.1:80",
    ])
    func otherBaseURLsUseAsyncHTTPClient(url: String) {
        #expect(LoopbackEndpoint(baseURL: url) == nil)
    }
}
