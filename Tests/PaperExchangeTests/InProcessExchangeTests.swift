import BybitAPI
import BybitWire
import Testing

@testable import PaperExchange

/// The replay's client talks to its exchange in-process (`PaperExchange+InProcess.swift`):
/// the same requests must get the same answers as over HTTP, and the checks the server
/// makes (signature, routes, body size, rate limits) must still be made.
@Suite struct InProcessExchangeTests {
    /// Two exchanges in the same state on frozen clocks; one answers over loopback HTTP,
    /// the other in-process.
    static func pair(rateLimits: Bool = false, secret: String = "TESTSECRET") async throws
        -> (http: PaperExchange, inProcess: PaperExchange, clients: (http: BybitClient, inProcess: BybitClient))
    {
        let clock = ManualPaperClock()
        let http = try await PaperExchange.start(manualConfig(clock: clock, rateLimits: rateLimits))
        let local = try await PaperExchange.start(manualConfig(clock: clock, rateLimits: rateLimits))
        func client(_ ex: PaperExchange, inProcess: Bool) throws -> BybitClient {
            var c = BybitClientConfiguration(
                environment: try BybitEnvironment.custom(baseURL: ex.baseURL, name: "paper"))
            c.clock = BybitClock(now: { clock.nowMs() }, sleep: { _ in })
            c.readTimeout = 30_000
            if inProcess { c.inProcessExchange = ex }
            return BybitClient(configuration: c, signer: Signer(apiKey: "TESTKEY", hmacSecret: secret))
        }
        return (http, local, (try client(http, inProcess: false), try client(local, inProcess: true)))
    }

    /// What a call came to: its result, or its error's kind, code and message.
    static func outcome(_ body: () throws(BybitError) -> JSONValue) -> String {
        do {
            return try body().serialized
        } catch {
            return "\(error.kind) \(error.code.map(String.init) ?? "-"): \(error.message)"
        }
    }

    @Test func theSameCallsGetTheSameAnswersAsOverHTTP() async throws {
        let (http, local, clients) = try await Self.pair()
        defer {
            clients.http.shutdown()
            clients.inProcess.shutdown()
        }
        let calls: [GenericRequest] = [
            GenericRequest(method: .get, path: "/v5/market/time"),
            GenericRequest(
                method: .get, path: "/v5/market/tickers",
                parameters: [("category", .text("linear")), ("symbol", .text("BTCUSDT"))]),
            GenericRequest(
                method: .get, path: "/v5/position/list",
                parameters: [("category", .text("linear")), ("settleCoin", .text("USDT"))]),
            GenericRequest(
                method: .post, path: "/v5/position/add-margin",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("margin", .decimal(dec("25.5"))),
                ]),
            GenericRequest(
                method: .post, path: "/v5/position/set-auto-add-margin",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("autoAddMargin", .integer(1)),
                ]),
            GenericRequest(
                method: .post, path: "/v5/order/create",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("side", .text("Sell")),
                    ("orderType", .text("Market")), ("qty", .text("0.01")), ("reduceOnly", .flag(true)),
                    ("orderLinkId", .text("in-process-1")),
                ]),
            GenericRequest(
                method: .get, path: "/v5/order/realtime",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("orderLinkId", .text("in-process-1")),
                ]),
            // refusals: a margin the position cannot give, an unknown symbol
            GenericRequest(
                method: .post, path: "/v5/position/add-margin",
                parameters: [
                    ("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("margin", .decimal(dec("-999999"))),
                ]),
            GenericRequest(
                method: .get, path: "/v5/position/list",
                parameters: [("category", .text("linear")), ("symbol", .text("NOPEUSDT"))]),
            GenericRequest(
                method: .get, path: "/v5/account/wallet-balance", parameters: [("accountType", .text("UNIFIED"))]),
        ]
        let answers = try await onThread { () -> [(String, String)] in
            calls.map { call in
                (
                    Self.outcome { () throws(BybitError) in try clients.http.request(call) },
                    Self.outcome { () throws(BybitError) in try clients.inProcess.request(call) }
                )
            }
        }
        for (call, (overHTTP, inProcess)) in zip(calls, answers) {
            #expect(overHTTP == inProcess, "\(call.path)")
        }
        // not vacuous: real results and refusals came back
        #expect(answers[1].1.contains("\"symbol\":\"BTCUSDT\""), "\(answers[1].1)")
        #expect(answers[6].1.contains("\"orderLinkId\":\"in-process-1\""), "\(answers[6].1)")
        #expect(answers[7].1.hasPrefix("api 1") && answers[8].1.hasPrefix("api 1"), "\(answers[7]) \(answers[8])")
        #expect(local.ledger.entries(.addMargin).count == 1 && local.ledger.entries(.orderCreate).count == 1)
        #expect(http.ledger.entries(.addMargin).count == 1)
        await http.shutdown()
        await local.shutdown()
    }

    @Test func aBadSignatureIsRefusedInProcessToo() async throws {
        let (http, local, clients) = try await Self.pair(secret: "WRONG")
        defer {
            clients.http.shutdown()
            clients.inProcess.shutdown()
        }
        let call = GenericRequest(
            method: .post, path: "/v5/position/add-margin",
            parameters: [("category", .text("linear")), ("symbol", .text("BTCUSDT")), ("margin", .decimal(dec("1")))])
        let (overHTTP, inProcess) = try await onThread {
            (
                Self.outcome { () throws(BybitError) in try clients.http.request(call) },
                Self.outcome { () throws(BybitError) in try clients.inProcess.request(call) }
            )
        }
        #expect(inProcess.hasPrefix("api 10004"), "\(inProcess)")
        #expect(overHTTP == inProcess)
        #expect(local.ledger.entries(.addMargin).isEmpty)
        await http.shutdown()
        await local.shutdown()
    }

    @Test func unknownPathsWrongMethodsAndHugeBodiesGetTheServersAnswers() async throws {
        try await withExchange(manualConfig()) { ex in
            let notFound = ex.respond(method: "GET", target: "/v5/no/such?x=1#frag", headers: [], body: nil)
            #expect(notFound.status == 404)
            #expect(String(decoding: notFound.body, as: UTF8.self).contains("\"retCode\":10017"))
            let wrongMethod = ex.respond(method: "POST", target: "/v5/market/time", headers: [], body: [])
            #expect(wrongMethod.status == 404)
            let controls = ex.respond(method: "GET", target: "/paper/faults", headers: [], body: nil)
            #expect(controls.status == 404, "the controls are not served in-process")
            let huge = ex.respond(
                method: "POST", target: "/v5/position/add-margin", headers: [],
                body: [UInt8](repeating: 32, count: 64 * 1024 + 1))
            #expect(huge.status == 413)
            #expect(String(decoding: huge.body, as: UTF8.self).contains("\"retCode\":10001"))
            let time = ex.respond(method: "GET", target: "/v5/market/time", headers: [], body: nil)
            #expect(time.status == 200)
            #expect(
                time.headers.contains {
                    $0.name.lowercased() == "content-type" && $0.value.hasPrefix("application/json")
                })
        }
    }

    @Test func rateLimitsApplyInProcessWithTheirHeaders() async throws {
        try await withExchange(manualConfig(rateLimits: true)) { ex in
            // The public IP rule: 600 in 5 s on the frozen clock, then 403 (as over HTTP).
            var statuses: [Int] = []
            var last = InProcessReply(status: 0, headers: [], body: [])
            for _ in 0..<601 {
                last = ex.respond(method: "GET", target: "/v5/market/time", headers: [], body: nil)
                statuses.append(last.status)
            }
            #expect(statuses.prefix(600).allSatisfy { $0 == 200 })
            #expect(statuses.last == 403)
            let header = { (name: String) in last.headers.first { $0.name.lowercased() == name }?.value }
            #expect(header("x-bapi-limit") == "600")
            #expect(header("x-bapi-limit-status") == "0")
            #expect(header("x-bapi-limit-reset-timestamp") != nil)
        }
    }
}
