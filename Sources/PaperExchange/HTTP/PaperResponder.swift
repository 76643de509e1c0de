import BybitWire
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers every request: `/v5/` endpoints the way Bybit does, `/paper/` control
/// endpoints for tests and scenario drivers, 404 with retCode 10017 for anything else.
///
/// It never throws to Hummingbird (which would answer a bare HTTP 500): every failure is
/// turned into Bybit's envelope here, except the injected dropped connection.
struct PaperResponder: HTTPResponder {
    typealias Context = PaperRequestContext

    let core: ExchangeCore
    let control: ControlRoutes?
    let maxBodyBytes: Int
    /// The reaction-time benchmark's controls; nil (refused) without `--bench-controls`.
    var bench: ReactionBenchRoutes? = nil

    func respond(to request: Request, context: Context) async throws -> Response {
        let arrivedAt = ContinuousClock.now  // the reaction benchmark's stop time, before any work
        let path = request.uri.path
        if path.hasPrefix(ReactionBenchRoutes.prefix) {
            guard let bench else { return ReactionBenchRoutes.refused(nowMs: core.serverNowMs()) }
            return await bench.respond(to: request, maxBodyBytes: maxBodyBytes)
        }
        if path.hasPrefix("/paper/"), let control {
            return await control.respond(to: request, maxBodyBytes: maxBodyBytes)
        }
        guard let route = Route.table[path], route.method == request.method else {
            let limit = core.limiter.peek(
                key: context.remoteIP, endpoint: path, rule: .ipPublic, nowMs: core.serverNowMs())
            return respond(.failure(.routeNotFound()), limit: limit)
        }
        let latency = core.faults.latencyMs(for: path)
        if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
        if let early = try await injectFault(route: route, afterApply: false, context: context) { return early }

        let outcome = await handle(route: route, request: request, context: context, arrivedAt: arrivedAt)
        // An after-apply fault is "it happened, then the answer was lost or late". A request
        // the exchange refused (a signature, a timestamp window, a rule) did not happen: its
        // refusal is answered as it is, and the fault waits for a request that happens.
        // (Firing here turned refusals on a loaded machine into dropped connections and
        // 10016s with nothing applied, which tests then read as applied.)
        if case .success = outcome.result,
            let late = try await injectFault(route: route, afterApply: true, context: context, limit: outcome.limit)
        {
            return late
        }
        return respond(outcome.result, limit: outcome.limit)
    }

    /// Auth, rate limit and the handler; returns the envelope result and the limit headers.
    private func handle(route: Route, request: Request, context: Context, arrivedAt: ContinuousClock.Instant) async
        -> (result: Result<JSONNode, PaperAPIError>, limit: RateLimiter.Decision?)
    {
        let now = core.serverNowMs()  // as it arrived: reading the body must not age it
        let payload: [UInt8]
        do {
            payload = try await readPayload(request)
        } catch {
            return (.failure(error), nil)
        }
        // Only a paper exchange started with --bench-controls can have a breach armed.
        if bench != nil { core.reactionProbe.requestArrived(path: route.path, payload: payload, at: arrivedAt) }
        return answer(
            route: route, isGet: request.method == .get, headers: request.headers, payload: payload,
            remoteIP: context.remoteIP, nowMs: now)
    }

    /// Auth, rate limit and the handler for a request whose payload has been read: the
    /// part of answering a `/v5/` request that both the server and the in-process path
    /// (`PaperExchange+InProcess.swift`) run.
    ///
    /// The order is Bybit's: the signature is checked over the raw bytes before anything
    /// parses them, so a malformed body with a bad signature is a 10004, not a 10001.
    func answer(route: Route, isGet: Bool, headers: HTTPFields, payload: [UInt8], remoteIP: String, nowMs now: Int64)
        -> (result: Result<JSONNode, PaperAPIError>, limit: RateLimiter.Decision?)
    {
        switch route.access {
        case .market:
            let decision = core.limiter.acquire(key: remoteIP, endpoint: route.path, rule: .ipPublic, nowMs: now)
            guard decision.allowed else {
                return (.failure(PaperAPIError(403, "access too frequent", httpStatus: .forbidden)), decision)
            }
            return (run(route, payload: payload, isGet: isGet, apiKey: nil, nowMs: now), decision)
        case .signed(let rule, _):
            let apiKey: String
            do {
                apiKey = try RequestAuthenticator.authenticate(
                    headers: headers, payload: payload, serverNowMs: now, lookup: core.credential(for:))
            } catch {
                let claimed = headers[HeaderName.apiKey] ?? remoteIP
                return (.failure(error), core.limiter.peek(key: claimed, endpoint: route.path, rule: rule, nowMs: now))
            }
            let decision = core.limiter.acquire(key: apiKey, endpoint: route.path, rule: rule, nowMs: now)
            guard decision.allowed else { return (.failure(.tooManyVisits), decision) }
            return (run(route, payload: payload, isGet: isGet, apiKey: apiKey, nowMs: now), decision)
        }
    }

    private func run(_ route: Route, payload: [UInt8], isGet: Bool, apiKey: String?, nowMs: Int64)
        -> Result<JSONNode, PaperAPIError>
    {
        do throws(PaperAPIError) {
            let params =
                isGet
                ? try RequestParams.query(Substring(decoding: payload, as: UTF8.self)) : try RequestParams.body(payload)
            return .success(try route.run(apiKey: apiKey, params: params, nowMs: nowMs, core: core))
        } catch {
            return .failure(error)
        }
    }

    /// The signed bytes: the raw query string (after `?`, before `#`) for GET, the raw
    /// body for POST (HTTP 413 beyond the cap, 400 when its framing is broken).
    private func readPayload(_ request: Request) async throws(PaperAPIError) -> [UInt8] {
        if request.method == .get { return Array((request.uri.query ?? "").utf8) }
        return try await RequestBody.read(request, max: maxBodyBytes)
    }

    /// Fires the faults armed for this phase: holds the reply (slow reply), then answers
    /// 10006, HTTP 502 or 10016, or closes the connection. Nil: answer normally.
    private func injectFault(
        route: Route, afterApply: Bool, context: Context, limit: RateLimiter.Decision? = nil
    ) async throws -> Response? {
        let firing = core.faults.firing(path: route.path, afterApply: afterApply)
        if firing.delayMs > 0 { try? await Task.sleep(for: .milliseconds(firing.delayMs)) }
        switch firing.fault {
        case nil:
            return nil
        case .rateLimited:
            // Bybit's refusal: nothing left in the window, which frees up after the reset.
            let window: Int
            if case .signed(let rule, _) = route.access {
                window = rule.limit
            } else {
                window = RateLimitRule.ipPublic.limit
            }
            let reset = core.serverNowMs() + Int64(firing.rateLimitResetMs)
            return respond(
                .failure(.tooManyVisits), limit: .init(allowed: false, limit: window, remaining: 0, resetMs: reset))
        case .badGateway:
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(
                status: .badGateway, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: "<html><body>502 Bad Gateway</body></html>")))
        case .serverError:
            return respond(.failure(.serverError), limit: limit)
        case .dropConnection:
            try? await context.channel.close()
            throw DroppedConnection()
        }
    }

    /// Thrown after the connection was closed on purpose; Hummingbird has nowhere to send
    /// a response any more.
    struct DroppedConnection: Error {}

    private func respond(_ result: Result<JSONNode, PaperAPIError>, limit: RateLimiter.Decision?) -> Response {
        let reply = reply(result, limit: limit)
        return Response(
            status: reply.status, headers: reply.headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// The envelope of `result` with its status and headers (JSON, and the rate-limit
    /// headers when a limit applied).
    func reply(_ result: Result<JSONNode, PaperAPIError>, limit: RateLimiter.Decision?)
        -> (status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8])
    {
        let now = core.serverNowMs()
        let body: JSONNode
        var status = HTTPResponse.Status.ok
        switch result {
        case .success(let value): body = Envelope.success(value, timeMs: now)
        case .failure(let error):
            body = Envelope.failure(error, timeMs: now)
            status = error.httpStatus
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let limit {
            headers[HeaderName.limit] = String(limit.limit)
            headers[HeaderName.limitStatus] = String(limit.remaining)
            headers[HeaderName.limitReset] = String(limit.resetMs)
        }
        return (status, headers, body.serializedBytes)
    }
}
