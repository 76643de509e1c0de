import AsyncHTTPClient
import NIOCore
import NIOPosix
import PropertyBased
import Testing

@testable import BybitAPI
@testable import PaperExchange

/// Mutated requests over real HTTP to a paper exchange on loopback, signed over exactly
/// the bytes sent (so they get past auth and into parsing), or corrupted after signing.
/// Every reply is a Bybit envelope with a known code; no 5xx, no dropped connection.
@Suite struct PaperHTTPHostileTests {
    static let request = Generator<(Int, [UInt8], Bool), Shrink.None<(Int, [UInt8], Bool)>> { rng in
        let seed = Int.random(in: 0..<PaperRequests.seeds.count, using: &rng)
        return (seed, Mutator.mutate(Array(PaperRequests.seeds[seed].1.utf8), using: &rng), rng.oneIn(4))
    }

    static let recvWindow = 120_000

    /// No shrinking: it re-runs a failing input and reports only the re-run, so a
    /// failure that does not repeat would show no reason.
    @Test(.shrinking(false)) func mutatedSignedRequestsGetBybitEnvelopes() async throws {
        let ex = try await PaperExchange.start(.init(autoplay: false, enforceRateLimits: false))
        // Its own client: the shared one's pool also serves the paper tests, whose
        // exchanges come and go on ephemeral ports.
        let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let signer = Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret)
        let start = ContinuousClock.now
        var tried = 0
        var sent = 0
        await propertyCheck(count: Budget.count(2_000), input: Self.request) { seed, payload, corruptAfterSigning in
            tried += 1
            let path = PaperRequests.seeds[seed].0
            let route = Route.table[path]!
            let isGet = route.method == .get
            // Public market data ignores the auth headers, so a bad signature still succeeds.
            let checksSignature: Bool = if case .signed = route.access { true } else { false }
            var request = HTTPClientRequest(
                url: ex.baseURL + path
                    + (isGet && !payload.isEmpty ? "?" + String(decoding: payload, as: UTF8.self) : ""))
            // A query that is not valid UTF-8 cannot be put in a URL by any client.
            guard !isGet || String(validating: payload, as: UTF8.self) != nil else { return }
            // A wide window: on a loaded machine a request can take seconds to arrive, and a
            // 10002 would say nothing about parsing. (propertyCheck then re-ran the input,
            // which passed, and the first failure's 10002 was hidden by shrinking.)
            let ts = ex.serverTimeMs
            var signature = try signer.signature(timestamp: ts, recvWindow: Self.recvWindow, payload: payload)
            if corruptAfterSigning { signature = String(signature.reversed()) }
            request.method = isGet ? .GET : .POST
            request.headers.add(name: "X-BAPI-API-KEY", value: ex.apiKey)
            request.headers.add(name: "X-BAPI-TIMESTAMP", value: String(ts))
            request.headers.add(name: "X-BAPI-RECV-WINDOW", value: String(Self.recvWindow))
            request.headers.add(name: "X-BAPI-SIGN", value: signature)
            if !isGet { request.body = .bytes(ByteBuffer(bytes: payload)) }
            let response: HTTPClientResponse
            let body: ByteBuffer
            let envelope: JSONValue
            do {
                response = try await http.execute(request, timeout: .seconds(10))
                sent += 1
                body = try await response.body.collect(upTo: 1 << 20)
                envelope = try JSONValue(parsing: Array(body.readableBytesView))
            } catch let error as HTTPClientError where error == .invalidURL {
                return  // the client refused the URL itself: nothing was sent
            } catch {
                // Say what went wrong (propertyCheck reports a thrown error without it).
                Issue.record(
                    "\(path) \(String(decoding: payload, as: UTF8.self)) (request \(tried)): \(String(reflecting: error))"
                )
                throw error
            }
            let code = Int(envelope["retCode"]?.intValue ?? -1)
            // A non-ASCII query may be escaped differently by the URL layer: then 10004.
            let allowed = PaperRequests.refusalCodes.union(corruptAfterSigning || isGet ? [10004] : [])
            #expect([200, 404].contains(Int(response.status.code)), "\(path) \(payload): HTTP \(response.status.code)")
            #expect(
                code == 0 && !(corruptAfterSigning && checksSignature) || allowed.contains(code),
                "\(path) \(String(decoding: payload, as: UTF8.self)) -> \(code)")
        }
        Budget.report("paper.http(mutated signed requests, \(sent) sent)", tried, since: start)
        try await http.shutdown()
        await ex.shutdown()
    }
}
