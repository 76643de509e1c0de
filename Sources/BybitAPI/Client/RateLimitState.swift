import NIOConcurrencyHelpers
import NIOHTTP1

/// What the last reply from an endpoint said about its rate limit
/// (`X-Bapi-Limit`, `X-Bapi-Limit-Status`, `X-Bapi-Limit-Reset-Timestamp`).
public struct RateLimitStatus: Sendable, Equatable {
    /// Requests left in the current window (`X-Bapi-Limit-Status`).
    public var remaining: Int?
    /// The endpoint's limit (`X-Bapi-Limit`).
    public var limit: Int?
    /// When the window resets, Unix ms on the exchange's clock (`X-Bapi-Limit-Reset-Timestamp`).
    public var resetAt: Int64?

    /// A status from its three parts.
    public init(remaining: Int?, limit: Int?, resetAt: Int64?) {
        self.remaining = remaining
        self.limit = limit
        self.resetAt = resetAt
    }
}

/// Per-endpoint rate-limit bookkeeping, shared by every call through one client.
///
/// Bybit limits each endpoint separately per UID, and says how many requests are left on
/// every reply. When that reaches 0 the next request would only earn a 10006, so the
/// client waits before sending instead. An HTTP 403 is an IP ban for every endpoint
/// ("stop all HTTP traffic and wait at least 10 minutes"), kept separately.
///
/// How long to wait: a reply that was *refused* carries the reset time, but one that was
/// allowed carries "now" (Bybit's rule for `X-Bapi-Limit-Reset-Timestamp`), so the reply
/// that used the last request of a window does not say when the window frees up. The
/// client therefore remembers when its own accepted replies arrived: with `limit`
/// requests per `window`, a slot is free again `window` after the `limit`-th most recent
/// of them (the exchange counted each one before its reply left). Without that many of
/// its own (another process spends the same UID's budget) it sends and lets the 10006
/// name the reset.
final class RateLimitState: Sendable {
    private struct Endpoint {
        var status: RateLimitStatus
        /// Local arrival times (ms) of the most recent accepted replies, oldest first,
        /// at most `limit` of them.
        var accepted: [Int64] = []
    }
    private struct State {
        var endpoints: [String: Endpoint] = [:]
        var ipBanUntil: Int64?
    }
    private let state = NIOLockedValueBox(State())
    /// Arrival times kept per endpoint at most (Bybit's per-UID limits are far below).
    private static let historyCap = 1_000

    /// Records the limit headers of a reply from `path` that arrived at local time
    /// `localNow` (a reply without them changes nothing). `accepted` is false for a
    /// reply that refused the request (10006, 429), which used no slot.
    func update(path: String, headers: HTTPHeaders, accepted: Bool, localNow: Int64) {
        let remaining = headers.first(name: "X-Bapi-Limit-Status").flatMap { Int($0) }
        let limit = headers.first(name: "X-Bapi-Limit").flatMap { Int($0) }
        let reset = headers.first(name: "X-Bapi-Limit-Reset-Timestamp").flatMap { Int64($0) }
        guard remaining != nil || limit != nil || reset != nil else { return }
        state.withLockedValue {
            let status = RateLimitStatus(remaining: remaining, limit: limit, resetAt: reset)
            var endpoint = $0.endpoints[path] ?? Endpoint(status: status)
            endpoint.status = status
            if accepted {
                endpoint.accepted.append(localNow)
                let keep = min(max(limit ?? 1, 1), Self.historyCap)
                if endpoint.accepted.count > keep { endpoint.accepted.removeFirst(endpoint.accepted.count - keep) }
            }
            $0.endpoints[path] = endpoint
        }
    }

    /// The last status seen for `path`.
    func status(path: String) -> RateLimitStatus? {
        state.withLockedValue { $0.endpoints[path]?.status }
    }

    /// How long to wait before sending to `path`, when the last reply said no requests
    /// were left: until the reset it named if that is ahead (exchange time `now`), else
    /// until `window` ms after the `limit`-th most recent accepted reply (local time
    /// `localNow`), else 0.
    func delayBeforeSending(path: String, now: Int64, localNow: Int64, window: Int64) -> Int64 {
        state.withLockedValue {
            guard let e = $0.endpoints[path], let remaining = e.status.remaining, remaining <= 0 else { return 0 }
            if let reset = e.status.resetAt, reset > now { return reset - now }
            guard let limit = e.status.limit, limit > 0, e.accepted.count >= limit else { return 0 }
            return max(0, e.accepted[e.accepted.count - limit] + window - localNow)
        }
    }

    /// Forgets the exhausted window of `path` once it has been waited out, so the next
    /// request goes out and brings fresh numbers.
    func windowElapsed(path: String) {
        state.withLockedValue { $0.endpoints[path]?.status.remaining = nil }
    }

    /// Records an IP ban (HTTP 403) lasting until `until` (local ms).
    func banIP(until: Int64) {
        state.withLockedValue { $0.ipBanUntil = until }
    }

    /// The end of the current IP ban if it is still in force at local time `now`.
    func ipBan(now: Int64) -> Int64? {
        state.withLockedValue { s in
            guard let until = s.ipBanUntil, until > now else { return nil }
            return until
        }
    }
}
