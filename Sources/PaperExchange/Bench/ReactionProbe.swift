import BybitWire
import NIOConcurrencyHelpers

/// The reaction-time benchmark's stopwatch: the time from the exchange pushing a ticker
/// whose mark breaches a guard's threshold to the next add-margin request for that symbol
/// arriving, both stamped by this process on one monotonic clock.
///
/// A run (``ReactionBenchRun``) arms one breach at a time; the stream connections report
/// every ticker they write (``tickerPushed(_:ticker:at:)``) and the REST responder every
/// add-margin it receives (``requestArrived(path:payload:at:)``). Unarmed, both hooks take
/// one uncontended lock and return: a normal paper run never arms it (the controls that do
/// are served only with `--bench-controls`).
final class ReactionProbe: Sendable {
    /// The path whose arrival ends a sample.
    static let addMarginPath = "/v5/position/add-margin"

    private struct Breach {
        let symbol: String
        let mark: ExactDecimal
        var pushedAt: ContinuousClock.Instant?
        var arrivedAt: ContinuousClock.Instant?
    }

    private struct State {
        var armed: Breach?
        var result = ReactionResult()
    }

    private let state = NIOLockedValueBox(State())

    /// Forgets the last run's samples.
    func reset(breaches: Int) {
        state.withLockedValue { $0 = State(armed: nil, result: ReactionResult(planned: breaches)) }
    }

    /// Arms the next breach: the first push of `symbol` showing `mark` starts its sample, the
    /// next add-margin for `symbol` ends it. Settles the previous breach first.
    func arm(symbol: String, mark: ExactDecimal) {
        state.withLockedValue { s in
            Self.settle(&s)
            s.armed = Breach(symbol: symbol, mark: mark)
        }
    }

    /// Settles the armed breach (the run's end); returns the run's figures.
    func finish() -> ReactionResult {
        state.withLockedValue { s in
            Self.settle(&s)
            s.result.finished = true
            return s.result
        }
    }

    /// The figures so far.
    var result: ReactionResult { state.withLockedValue { $0.result } }

    /// Hook: a stream connection wrote a ticker push of `symbol` (the full rendered ticker)
    /// whose write began at `at`.
    func tickerPushed(_ symbol: String, ticker: JSONNode, at: ContinuousClock.Instant) {
        state.withLockedValue { s in
            guard let armed = s.armed, armed.symbol == symbol, armed.pushedAt == nil,
                let text = ticker["markPrice"]?.stringValue, let mark = try? ExactDecimal(parsing: text),
                mark == armed.mark
            else { return }
            s.armed?.pushedAt = at
        }
    }

    /// Hook: a REST request for `path` arrived at `at` with this body (or query).
    func requestArrived(path: String, payload: [UInt8], at: ContinuousClock.Instant) {
        guard path == Self.addMarginPath, state.withLockedValue({ $0.armed != nil }) else { return }
        let symbol = (try? JSONParser.parse(payload))?["symbol"]?.stringValue
        state.withLockedValue { s in
            // Not waiting for the push to be recorded: the push task stamps before its write
            // and records after it, so a fast client can arrive in between.
            guard let armed = s.armed, armed.symbol == symbol, armed.arrivedAt == nil else {
                s.result.unmatched += 1
                return
            }
            s.armed?.arrivedAt = at
        }
    }

    /// Moves the armed breach into the figures: a sample, or a missed push or reaction.
    private static func settle(_ s: inout State) {
        guard let breach = s.armed else { return }
        s.armed = nil
        s.result.breaches += 1
        guard let pushed = breach.pushedAt else {
            s.result.missedPush += 1
            return
        }
        guard let arrived = breach.arrivedAt else {
            s.result.missedReaction += 1
            return
        }
        // Before the push: an add-margin the client sent for another reason (not a reaction).
        guard arrived >= pushed else {
            s.result.early += 1
            return
        }
        s.result.add(nanoseconds: (arrived - pushed).nanoseconds)
    }
}

extension Duration {
    /// Whole nanoseconds (sub-nanosecond parts dropped).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
