import AsyncHTTPClient
import BybitAPI
import Foundation
import NIOCore
import NIOHTTP1

@testable import PaperExchange

/// A raw, signing HTTP client for the tests: real HTTP over loopback with
/// AsyncHTTPClient, signing with the project's `Signer` over exactly the bytes it sends —
/// so a test controls spacing, key order, headers and timestamps the way pybit or ccxt would.
struct PaperClient: Sendable {
    /// A response: status, headers, and the body parsed as JSON when it is JSON.
    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: String
        var json: JSONNode { (try? JSONParser.parse(Array(body.utf8))) ?? .null }
        var retCode: Int { Int(json["retCode"]?.int64Value ?? -1) }
        var retMsg: String { json["retMsg"]?.stringValue ?? "" }
        var result: JSONNode { json["result"] ?? .null }
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    let baseURL: String
    let signer: Signer?
    /// The timestamp to sign with; the exchange's own clock by default.
    let now: @Sendable () -> Int64
    var recvWindow: Int = 5000

    init(_ ex: PaperExchange, signer: Signer? = nil) {
        self.baseURL = ex.baseURL
        self.signer = signer ?? Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret)
        self.now = { ex.serverTimeMs }
    }

    init(baseURL: String, signer: Signer?, now: @escaping @Sendable () -> Int64) {
        self.baseURL = baseURL
        self.signer = signer
        self.now = now
    }

    /// A signed GET of `path?query` (the query sent and signed as given).
    func get(_ path: String, _ query: String = "", headers extra: [(String, String)] = []) async throws -> Reply {
        let url = baseURL + path + (query.isEmpty ? "" : "?" + query)
        return try await send(.GET, url: url, payload: Array(query.utf8), body: nil, extra: extra)
    }

    /// A signed POST of `body` exactly as given.
    func post(_ path: String, _ body: String, headers extra: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, url: baseURL + path, payload: Array(body.utf8), body: Array(body.utf8), extra: extra)
    }

    /// An unsigned request (public endpoints, control endpoints, header tests).
    func raw(_ method: HTTPMethod, _ path: String, body: String? = nil, headers extra: [(String, String)] = [])
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (k, v) in extra { request.headers.add(name: k, value: v) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        return try await execute(request)
    }

    private func send(_ method: HTTPMethod, url: String, payload: [UInt8], body: [UInt8]?, extra: [(String, String)])
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let signer {
            let ts = now()
            request.headers.add(name: "X-BAPI-API-KEY", value: signer.apiKey)
            request.headers.add(name: "X-BAPI-TIMESTAMP", value: String(ts))
            request.headers.add(name: "X-BAPI-RECV-WINDOW", value: String(recvWindow))
            request.headers.add(
                name: "X-BAPI-SIGN",
                value: try signer.signature(timestamp: ts, recvWindow: recvWindow, payload: payload))
        }
        for (k, v) in extra { request.headers.replaceOrAdd(name: k, value: v) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }
}

/// Starts an exchange for one test and always shuts it down.
func withExchange<T>(
    _ configuration: PaperExchange.Configuration = PaperExchange.Configuration(),
    _ body: (PaperExchange) async throws -> T
) async throws -> T {
    let ex = try await PaperExchange.start(configuration)
    do {
        let value = try await body(ex)
        await ex.shutdown()
        return value
    } catch {
        await ex.shutdown()
        throw error
    }
}

/// A configuration with a frozen clock, so timestamps and rate-limit windows are exact.
func manualConfig(
    clock: ManualPaperClock = ManualPaperClock(), scenario: Scenario? = nil, rateLimits: Bool = true
) -> PaperExchange.Configuration {
    PaperExchange.Configuration(
        credentials: [APICredential(apiKey: "TESTKEY", hmacSecret: "TESTSECRET")], scenario: scenario,
        autoplay: false, clock: clock, enforceRateLimits: rateLimits)
}

/// `ExactDecimal` from text in tests.
func dec(_ text: String) -> ExactDecimal { try! ExactDecimal(parsing: text) }
