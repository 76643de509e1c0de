import BybitWire
import HTTPTypes
import Hummingbird
import NIOCore

/// The reaction-time benchmark's controls, served only when the exchange runs with
/// ``PaperExchange/Configuration/benchControls`` (`bybit-lua paper --bench-controls`):
/// they move a mark back and forth for minutes, which no normal run should be able to do.
///
/// | method | path | effect |
/// |---|---|---|
/// | POST | `/paper/bench/breaches` | `{"symbol":"BTCUSDT","breachMark":"59000","calmMark":"60000","count":1000,"everyMs":100}`: starts a run (calm mark, `everyMs`, breach mark, `everyMs`, × count); answers at once |
/// | GET | `/paper/bench/reaction` | the run's figures: count of samples, p50/p90/p99/max/mean µs from the breaching ticker's push to the next add-margin for the symbol arriving; `?wait=1` answers when the run has ended, `?samples=1` adds every sample |
struct ReactionBenchRoutes: Sendable {
    static let prefix = "/paper/bench/"

    let core: ExchangeCore
    let runner = ReactionBenchRunner()

    func respond(to request: Request, maxBodyBytes: Int) async -> Response {
        let result: Result<JSONNode, PaperAPIError>
        do throws(PaperAPIError) {
            result = .success(try await dispatch(request, maxBodyBytes: maxBodyBytes))
        } catch {
            result = .failure(error)
        }
        return Self.envelope(result, nowMs: core.serverNowMs())
    }

    /// The answer without `--bench-controls`: a clear refusal (HTTP 403), nothing started.
    static func refused(nowMs: Int64) -> Response {
        envelope(
            .failure(
                PaperAPIError(
                    10001, "the bench controls are off: start the paper exchange with --bench-controls",
                    httpStatus: .forbidden)), nowMs: nowMs)
    }

    private func dispatch(_ request: Request, maxBodyBytes: Int) async throws(PaperAPIError) -> JSONNode {
        switch (request.method, request.uri.path) {
        case (.post, "/paper/bench/breaches"):
            let bytes = try await RequestBody.read(request, max: maxBodyBytes)
            let body: JSONNode
            do { body = try JSONParser.parse(bytes) } catch { throw .params("body is not valid JSON: \(error)") }
            let plan = try ReactionBenchPlan(json: body) { symbol in
                try? core.read { (book: Book) throws(PaperAPIError) in book.marks[symbol] }
            }
            try runner.start(plan, core: core)
            return .object([
                ("symbol", .string(plan.symbol)), ("count", .int(Int64(plan.count))),
                ("everyMs", .int(Int64(plan.everyMs))), ("calmMark", .string(plan.calmMark.description)),
                ("breachMark", .string(plan.breachMark.description)),
            ])
        case (.get, "/paper/bench/reaction"):
            let q = try QueryString.parse(Substring(request.uri.query ?? ""))
            if q["wait"] == "1" { await runner.waitForRun() }
            return core.reactionProbe.result.json(withSamples: q["samples"] == "1")
        default:
            throw PaperAPIError(
                10017, "unknown bench control \(request.method) \(request.uri.path)", httpStatus: .notFound)
        }
    }

    private static func envelope(_ result: Result<JSONNode, PaperAPIError>, nowMs: Int64) -> Response {
        let body: JSONNode
        var status = HTTPResponse.Status.ok
        switch result {
        case .success(let value): body = Envelope.success(value, timeMs: nowMs)
        case .failure(let error):
            body = Envelope.failure(error, timeMs: nowMs)
            status = error.httpStatus
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.serializedBytes)))
    }
}
