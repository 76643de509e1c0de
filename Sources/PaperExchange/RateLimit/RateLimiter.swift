import NIOConcurrencyHelpers

/// Per-key, per-endpoint request limits over a rolling window, as Bybit's UID limits work.
///
/// A rolling log (not a fixed per-second bucket) so a burst straddling a second boundary
/// cannot get twice the limit through.
final class RateLimiter: Sendable {
    /// What a request learnt about its limit; becomes the three `X-Bapi-Limit*` headers.
    struct Decision: Sendable, Equatable {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        /// When the limit frees up if exceeded; otherwise the current time (Bybit's rule).
        let resetMs: Int64
    }

    private struct Bucket { var stamps: [Int64] = [] }
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])
    private let enforced: Bool

    /// - Parameter enforced: when false, requests are never refused and the headers
    ///   report the whole budget left (benchmarks run with limits off). A count that
    ///   reached 0 there would be false, and a client that paces itself by the headers —
    ///   as bybit-lua's does — would hold itself to a limit nobody enforces.
    init(enforced: Bool) { self.enforced = enforced }

    /// Counts one request against `key`'s budget for `endpoint` when allowed.
    func acquire(key: String, endpoint: String, rule: RateLimitRule, nowMs: Int64) -> Decision {
        decide(key: key, endpoint: endpoint, rule: rule, nowMs: nowMs, consume: true)
    }

    /// Reports the budget without using it (for responses refused before the limit applies).
    func peek(key: String, endpoint: String, rule: RateLimitRule, nowMs: Int64) -> Decision {
        decide(key: key, endpoint: endpoint, rule: rule, nowMs: nowMs, consume: false)
    }

    private func decide(key: String, endpoint: String, rule: RateLimitRule, nowMs: Int64, consume: Bool) -> Decision {
        guard enforced else { return Decision(allowed: true, limit: rule.limit, remaining: rule.limit, resetMs: nowMs) }
        let id = key + "\u{0}" + endpoint
        return buckets.withLockedValue { buckets in
            var bucket = buckets[id] ?? Bucket()
            let windowStart = nowMs - rule.windowMs
            bucket.stamps.removeAll { $0 <= windowStart }
            let used = bucket.stamps.count
            let decision: Decision
            if used >= rule.limit {
                decision = Decision(
                    allowed: false, limit: rule.limit, remaining: 0, resetMs: bucket.stamps[0] + rule.windowMs)
            } else {
                if consume { bucket.stamps.append(nowMs) }
                let remaining = max(0, rule.limit - used - (consume ? 1 : 0))
                decision = Decision(allowed: true, limit: rule.limit, remaining: remaining, resetMs: nowMs)
            }
            buckets[id] = bucket.stamps.isEmpty ? nil : bucket
            return decision
        }
    }
}

/// A limit: `limit` requests per `windowMs`.
struct RateLimitRule: Sendable, Equatable {
    let limit: Int
    let windowMs: Int64

    /// 10/s: add-margin and set-auto-add-margin (reference §2.3).
    static let marginWrite = RateLimitRule(limit: 10, windowMs: 1000)
    /// 50/s: position list, wallet balance, account info.
    static let accountRead = RateLimitRule(limit: 50, windowMs: 1000)
    /// 600 per 5 s per IP: the public market endpoints.
    static let ipPublic = RateLimitRule(limit: 600, windowMs: 5000)
}
