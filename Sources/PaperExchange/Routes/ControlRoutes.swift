import BybitAPI
import HTTPTypes
import Hummingbird
import NIOCore

/// The `/paper/` control surface, for tests and scenario drivers (not part of Bybit's API,
/// unsigned, answered in the same envelope so the same client code reads it):
///
/// | method | path | effect |
/// |---|---|---|
/// | POST | `/paper/mark-price` | `{"symbol":"BTCUSDT","markPrice":"58000"}`: set a mark, run auto-add and liquidation; result lists the events |
/// | GET | `/paper/faults` | the fault plan and how often each fault fired |
/// | POST | `/paper/faults` | replace the fault plan (see ``FaultPlan``'s JSON form) |
/// | DELETE | `/paper/faults` | turn every fault off |
/// | GET | `/paper/ledger` | applied mutations; `?action=add-margin&apiKey=K&since=SEQ` filter |
/// | POST | `/paper/accounts` | `{"apiKey":"K","apiSecret":"S"}` (both optional): a new account with the default book |
/// | POST | `/paper/walk/step` | one step of the `--walk` random walk |
/// | POST | `/paper/price-path/step` | the next step of the scenario's price path |
///
/// The account controls (`/paper/position`, `/paper/wallet`, `/paper/margin-mode`,
/// `/paper/position-mode`) and `GET /paper/` (this list, as JSON) are
/// ``PaperAccountControlRoutes``'s.
struct ControlRoutes: Sendable {
    let core: ExchangeCore
    let walk: RandomWalk?
    let pricePath: PricePathPlayer?
    /// The account the account controls change when a body names none (the first key).
    var defaultApiKey = ""

    func respond(to request: Request, maxBodyBytes: Int) async -> Response {
        let result: Result<JSONNode, PaperAPIError>
        do throws(PaperAPIError) {
            let body = request.method == .post ? try await readBody(request, max: maxBodyBytes) : .object([])
            result = .success(
                try dispatch(request.method, request.uri.path, query: request.uri.query ?? "", body: body))
        } catch {
            result = .failure(error)
        }
        let now = core.serverNowMs()
        let envelope: JSONNode
        var status = HTTPResponse.Status.ok
        switch result {
        case .success(let value): envelope = Envelope.success(value, timeMs: now)
        case .failure(let error):
            envelope = Envelope.failure(error, timeMs: now)
            status = error.httpStatus
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: envelope.serializedBytes)))
    }

    private func readBody(_ request: Request, max: Int) async throws(PaperAPIError) -> JSONNode {
        let bytes = try await RequestBody.read(request, max: max)
        if bytes.isEmpty { return .object([]) }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .params("body is not valid JSON: \(error)")
        }
    }

    private func dispatch(_ method: HTTPRequest.Method, _ path: String, query: String, body: JSONNode)
        throws(PaperAPIError) -> JSONNode
    {
        switch (method, path) {
        case (.post, "/paper/mark-price"):
            guard let symbol = body["symbol"]?.stringValue else { throw .params("symbol must be a string") }
            guard let text = body["markPrice"]?.stringValue, let price = try? ExactDecimal(parsing: text) else {
                throw .params("markPrice must be a decimal string such as \"58000\"")
            }
            let events = try core.setMarkPrice(symbol: symbol, price)
            return .object([
                ("symbol", .string(symbol)), ("markPrice", .string(price.description)),
                ("events", .array(events.map(\.json))),
            ])
        case (.get, "/paper/faults"):
            return faultsJSON()
        case (.post, "/paper/faults"):
            core.faults.set(try FaultPlan(json: body))
            return faultsJSON()
        case (.delete, "/paper/faults"):
            core.faults.clear()
            return faultsJSON()
        case (.get, "/paper/ledger"):
            let q = try QueryString.parse(Substring(query))
            var action: LedgerEntry.Action?
            if let a = q["action"] {
                guard let parsed = LedgerEntry.Action(rawValue: a) else {
                    throw .params("unknown ledger action '\(a)'")
                }
                action = parsed
            }
            let since =
                try q["since"].map { s throws(PaperAPIError) -> Int in
                    guard let n = Int(s) else { throw .params("since must be an integer") }
                    return n
                } ?? 0
            return core.ledgerSnapshot().json(action: action, apiKey: q["apiKey"], sinceSeq: since)
        case (.post, "/paper/accounts"):
            let apiKey =
                try body["apiKey"].map { v throws(PaperAPIError) in try Self.string(v, "apiKey") }
                ?? Credentials.randomKey()
            let secret =
                try body["apiSecret"].map { v throws(PaperAPIError) in try Self.string(v, "apiSecret") }
                ?? Credentials.randomSecret()
            try core.createAccount(APICredential(apiKey: apiKey, hmacSecret: secret))
            return .object([("apiKey", .string(apiKey)), ("apiSecret", .string(secret))])
        case (.post, "/paper/walk/step"):
            guard let walk else { throw .params("no random walk configured (start with --walk SEED)") }
            return .object([("events", .array(try walk.step(core).map(\.json)))])
        case (.post, "/paper/price-path/step"):
            guard let pricePath else { throw .params("no price path configured (start with --scenario FILE)") }
            guard let events = try pricePath.step(core) else {
                return .object([("finished", true), ("events", .array([]))])
            }
            return .object([("finished", false), ("events", .array(events.map(\.json)))])
        default:
            let accounts = PaperAccountControlRoutes(core: core, defaultApiKey: defaultApiKey)
            if let answer = try accounts.answer(method, path, body: body) { return answer }
            throw .routeNotFound()
        }
    }

    private func faultsJSON() -> JSONNode {
        .object([("plan", core.faults.plan.json), ("fired", core.faults.fired.json)])
    }

    private static func string(_ v: JSONNode, _ key: String) throws(PaperAPIError) -> String {
        guard let s = v.stringValue, !s.isEmpty else { throw .params("\(key) must be a non-empty string") }
        return s
    }
}
