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
/// client waits for the reset before sending instead. An HTTP 403 is an IP ban for every
/// endpoint ("stop all HTTP traffic and wait at least 10 minutes"), kept separately.
final class RateLimitState: Sendable {
    private struct State {
        var endpoints: [String: RateLimitStatus] = [:]
        var ipBanUntil: Int64?
    }
    private let state = NIOLockedValueBox(State())

    /// Records the limit headers of a reply from `path` (a reply without them changes nothing).
    func update(path: String, headers: HTTPHeaders) {
        let remaining = headers.first(name: "X-Bapi-Limit-Status").flatMap { Int($0) }
        let limit = headers.first(name: "X-Bapi-Limit").flatMap { Int($0) }
        let reset = headers.first(name: "X-Bapi-Limit-Reset-Timestamp").flatMap { Int64($0) }
        guard remaining != nil || limit != nil || reset != nil else { return }
        state.withLockedValue {
            $0.endpoints[path] = RateLimitStatus(remaining: remaining, limit: limit, resetAt: reset)
        }
    }

    /// The last status seen for `path`.
    func status(path: String) -> RateLimitStatus? {
        state.withLockedValue { $0.endpoints[path] }
    }

    /// How long to wait before sending to `path` at exchange time `now`: the time until
    /// the reset when the last reply said no requests were left, else 0.
    func delayBeforeSending(path: String, now: Int64) -> Int64 {
        state.withLockedValue {
            guard let s = $0.endpoints[path], let remaining = s.remaining, remaining <= 0,
                let reset = s.resetAt
            else { return 0 }
            return max(0, reset - now)
        }
    }

    /// Forgets the exhausted window of `path` once it has been waited out, so the next
    /// request goes out and brings fresh numbers.
    func windowElapsed(path: String) {
        state.withLockedValue { $0.endpoints[path]?.remaining = nil }
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
