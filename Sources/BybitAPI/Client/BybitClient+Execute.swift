import Logging
import NIOHTTP1

/// A successful reply and the request that produced it.
struct Reply: Sendable {
    let envelope: Envelope
    let sent: InFlightRequest
    /// The size of the reply's body, as counted against ``BybitClient/maxHeldReplyBytes``.
    let bytes: Int
}

extension BybitClient {
    /// Sends `request` and applies the retry policy — the money-safety core.
    ///
    /// A request that may have reached the exchange is **never re-sent when it is a
    /// mutation**: written and then timed out or reset, answered 10016, HTTP 5xx, or an
    /// undecodable reply all end in `outcome_unknown` carrying the request as sent.
    /// Retries happen only where nothing executed:
    /// - 10002: re-measure the clock offset from `/v5/market/time`, re-sign with a fresh
    ///   timestamp, retry once;
    /// - 10006, retCode 429, HTTP 429: wait until `X-Bapi-Limit-Reset-Timestamp`
    ///   (at most `maxRateLimitWait`), retry up to `rateLimitRetries` times;
    /// - the connection could not be made and no byte was handed to it: back off,
    ///   retry up to `connectRetries` times.
    /// Reads (GET) may also be re-sent `readRetries` times after a possible execution.
    /// Before sending, the client waits out an exhausted `X-Bapi-Limit-Status` window and
    /// refuses to send during an HTTP 403 ban.
    ///
    /// The run's deadline (``BybitClientConfiguration/runDeadline``) is checked before every
    /// attempt, during every wait and while a read waits for its reply; a read's reply must
    /// fit, with the `held` bytes of the pages before it, in what ``admitReply(_:_:)`` allows.
    func execute(_ request: PreparedRequest, holding held: Int = 0) throws(BybitError) -> Reply {
        let endpoint = request.endpoint
        let path = endpoint.path
        if endpoint.isPrivate && signer == nil {
            throw .validation("\(path) is a private endpoint and needs an API key and secret", endpoint: path)
        }
        var resynced = false
        var rateLimitRetries = 0
        var connectFailures = 0
        var readRetries = 0
        var attempt = 0
        while true {
            attempt += 1
            // A call the script made is started whatever Ctrl-C does meanwhile (the binding
            // audits it as sent); only a retry, after which nothing executed, is dropped. Past
            // the run's deadline nothing is sent at all.
            try stopIfStopped(path, before: attempt > 1 ? "retrying" : "sending", interruptible: attempt > 1)
            try waitForRateLimitWindow(path: path)
            let started = clock.now()
            let (sent, outcome) = try sendOnce(request)
            let latency = clock.now() - started

            let reply: RawResponse
            switch outcome {
            case .success(let r):
                reply = r
                // A mutation's reply says whether money moved: it is always read. Reads are
                // refused before decoding when they would hold too much.
                if !endpoint.isMutation { try admitReply(held + r.body.readableBytes, path) }
            case .failure(let failure):
                log(request, attempt: attempt, latency: latency, result: "transport failure: \(failure.detail)")
                if !failure.requestSent {
                    connectFailures += 1
                    guard connectFailures <= policy.connectRetries else {
                        let what = "\(failure.detail); nothing was sent"  // "cannot connect to …", "unknown host …"
                        throw failure.kind == .timeout ? .timeout(what, endpoint: path) : .network(what, endpoint: path)
                    }
                    let delay = policy.connectDelay(afterAttempt: connectFailures)
                    logger.warning(
                        "bybit connect failed, retrying", metadata: retryMetadata(path, delay, failure.detail))
                    try pause(delay, path)
                    continue
                }
                if failure.kind == .interrupted {  // only reads are given an interrupt (sendOnce)
                    if pastRunDeadline {
                        throw .timeout(
                            "the run's time limit was reached while waiting for the reply; a read changes nothing",
                            endpoint: path)
                    }
                    throw .network("interrupted while waiting for the reply; a read changes nothing", endpoint: path)
                }
                let what =
                    failure.kind == .timeout
                    ? "timed out" : failure.kind == .unreadableReply ? "unreadable reply" : "connection failed"
                if endpoint.isMutation {
                    throw .outcomeUnknown(
                        "\(what) after the request was sent (\(failure.detail)); it may have executed",
                        endpoint: path, inFlight: sent)
                }
                if readRetries < policy.readRetries {
                    readRetries += 1
                    logger.warning("bybit read failed, re-sending", metadata: retryMetadata(path, 0, failure.detail))
                    continue
                }
                let message = "\(what) after the request was sent (\(failure.detail))"
                throw failure.kind == .timeout ? .timeout(message, endpoint: path) : .network(message, endpoint: path)
            }

            let verdict = ReplyVerdict.classify(reply, endpoint: endpoint)
            rateLimits.update(
                path: path, headers: reply.headers, accepted: verdict.usedARateLimitSlot, localNow: clock.now())
            log(request, attempt: attempt, latency: latency, result: "HTTP \(reply.status)", verdict: verdict)
            switch verdict {
            case .success(let envelope):
                return Reply(envelope: envelope, sent: sent, bytes: reply.body.readableBytes)

            case .clockSkew(let envelope):
                guard policy.resyncClockOn10002, !resynced else {
                    throw .api(retCode: envelope.retCode, retMsg: envelope.retMsg, endpoint: path)
                }
                resynced = true
                do {
                    let offset = try syncClock()
                    logger.warning(
                        "bybit 10002: clock re-synced, retrying",
                        metadata: ["path": "\(path)", "offset_ms": "\(offset)"])
                } catch {
                    throw .api(
                        retCode: envelope.retCode,
                        retMsg: "\(envelope.retMsg) (clock re-sync failed: \(error.message))", endpoint: path)
                }

            case .rateLimited(let retCode, let httpStatus, let resetAt, let message):
                let wait = resetAt.map { max(0, $0 - exchangeNow()) } ?? policy.rateLimitFallbackWait
                guard rateLimitRetries < policy.rateLimitRetries, wait <= policy.maxRateLimitWait else {
                    throw .rateLimited(
                        "\(message) (reset in \(wait) ms; gave up after \(rateLimitRetries) retries)",
                        retCode: retCode, httpStatus: httpStatus, endpoint: path)
                }
                rateLimitRetries += 1
                logger.warning("bybit rate limited, waiting for reset", metadata: retryMetadata(path, wait, message))
                try pause(wait, path)
                rateLimits.windowElapsed(path: path)

            case .ipBan(let message):
                if policy.ipBanCooldown > 0 { rateLimits.banIP(until: clock.now() + policy.ipBanCooldown) }
                throw .rateLimited(message, httpStatus: 403, endpoint: path)

            case .mayHaveExecuted(let retCode, let httpStatus, let message):
                if endpoint.isMutation {
                    throw .outcomeUnknown(
                        "\(message); it may have executed", retCode: retCode, endpoint: path, inFlight: sent)
                }
                if readRetries < policy.readRetries {
                    readRetries += 1
                    logger.warning("bybit read failed, re-sending", metadata: retryMetadata(path, 0, message))
                    continue
                }
                if let httpStatus { throw .http(status: httpStatus, message, retCode: retCode, endpoint: path) }
                throw .api(retCode: retCode ?? BybitError.RetCode.serverError, retMsg: message, endpoint: path)

            case .failure(let error):
                throw error
            }
        }
    }

    /// The exchange's time as the client estimates it (local clock plus offset).
    func exchangeNow() -> Int64 { clockSync.timestamp(localNow: clock.now()) }

    /// Refuses to send during an IP ban, and waits out an exhausted rate-limit window.
    private func waitForRateLimitWindow(path: String) throws(BybitError) {
        if let until = rateLimits.ipBan(now: clock.now()) {
            throw .rateLimited(
                "HTTP 403 IP rate-limit ban in force for another \(until - clock.now()) ms; nothing was sent",
                httpStatus: 403, endpoint: path)
        }
        let delay = rateLimits.delayBeforeSending(
            path: path, now: exchangeNow(), localNow: clock.now(), window: policy.rateLimitWindow)
        guard delay > 0 else { return }
        guard delay <= policy.maxRateLimitWait else {
            throw .rateLimited(
                "X-Bapi-Limit-Status reached 0; the window resets in \(delay) ms, more than the "
                    + "\(policy.maxRateLimitWait) ms allowed to wait; nothing was sent",
                endpoint: path)
        }
        logger.debug("bybit rate limit exhausted, waiting before sending", metadata: retryMetadata(path, delay, ""))
        try pause(delay, path, before: "sending")
        rateLimits.windowElapsed(path: path)
    }

    private func retryMetadata(_ path: String, _ delay: Int64, _ reason: String) -> Logger.Metadata {
        ["path": "\(path)", "wait_ms": "\(delay)", "reason": "\(reason)"]
    }

    private func log(
        _ request: PreparedRequest, attempt: Int, latency: Int64, result: String, verdict: ReplyVerdict? = nil
    ) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [
            "method": "\(request.endpoint.method.rawValue)", "path": "\(request.endpoint.path)",
            "attempt": "\(attempt)", "latency_ms": "\(latency)", "result": "\(result)",
        ]
        if case .success(let env) = verdict { metadata["retCode"] = "\(env.retCode)" }
        if case .failure(let error) = verdict { metadata["error"] = "\(error)" }
        logger.debug("bybit request", metadata: metadata)
    }
}
