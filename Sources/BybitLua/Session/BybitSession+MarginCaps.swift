import BybitAPI
import LuaKit

/// The `--max-margin` guard: one check every margin add goes through (the typed call and
/// `bybit.request`), before validation's dry run and before anything is sent.
extension BybitSession {
    /// One coin's cap as `bybit.guard()` reports it.
    struct MarginAllowance {
        let coin: String
        let cap: ExactDecimal
        let used: ExactDecimal
        /// What may still be added: the cap less what is used, never below zero.
        var left: ExactDecimal { used >= cap ? .zero : ((try? cap.subtracting(used)) ?? .zero) }
    }

    /// The log of other runs' adds, when a window is set and an audit log is kept.
    func marginWindowLog() -> MarginWindowLog? {
        guard options.marginCaps.windowSeconds != nil, let log = options.auditLog else { return nil }
        return MarginWindowLog(path: log.path, env: options.environment, key: log.identity.key, ownRun: log.runToken)
    }

    /// Reads the window from the audit log now, so a log that cannot be read stops the run
    /// before the script starts rather than at its first add.
    public func prepareMarginWindow() throws(BybitError) {
        _ = try budget.used(now: AuditLog.nowMilliseconds())
    }

    /// What each capped coin has used and has left, in the caps' order.
    func marginAllowances() throws(BybitError) -> [MarginAllowance] {
        let used = try budget.used(now: AuditLog.nowMilliseconds())
        return options.marginCaps.coins.map { coin in
            MarginAllowance(coin: coin, cap: options.marginCaps.cap(for: coin)!, used: used[coin] ?? .zero)
        }
    }

    /// Counts a positive `margin` in `coin` against its cap and returns the reservation
    /// (nil: a reduction, or no caps). Over the cap, in a coin without one when caps are
    /// set, or when the window cannot be read: a `guard` error with its audit line, and
    /// nothing is sent.
    func reserveMargin(
        _ margin: ExactDecimal, coin: String, endpoint: String, params: [(String, String)]
    ) throws -> Int? {
        let caps = options.marginCaps
        guard margin.sign > 0, !caps.isEmpty else { return nil }
        let now = AuditLog.nowMilliseconds()
        func refuse(_ message: String) -> ScriptError {
            audit(endpoint, params, outcome: "guard", retMsg: message)
            var e = ScriptError(kind: "guard", message: message, endpoint: endpoint)
            e.extra.append(("request", { call in pushParams(call, params) }))
            return e
        }
        if caps.windowSeconds != nil, let log = options.auditLog {
            // Released when this call's next line (its intent, or a refusal) is written.
            do { try log.holdUntilNextLine() } catch {
                throw refuse("cannot lock the audit log \(log.path) (\(error.reason)); nothing was sent")
            }
        }
        guard let cap = caps.cap(for: coin) else {
            let given = caps.coins.joined(separator: ", ")
            throw refuse(
                "adding \(margin) \(coin): no --max-margin for \(coin) (caps are set for \(given) only); nothing was sent"
            )
        }
        let already: ExactDecimal
        do { already = try budget.used(now: now)[coin] ?? .zero } catch {
            throw refuse("\(error.message); nothing was sent")
        }
        let total = (try? already.adding(margin)) ?? margin
        if total > cap {
            if let window = caps.windowText {
                let left = already >= cap ? ExactDecimal.zero : ((try? cap.subtracting(already)) ?? .zero)
                throw refuse(
                    """
                    adding \(margin) \(coin) would bring the total added in the last \(window) to \(total) \(coin), \
                    over --max-margin \(cap) \(coin) per \(window) (added in the window by this key's runs: \
                    \(already) \(coin); left: \(left) \(coin)); nothing was sent
                    """)
            }
            throw refuse(
                """
                adding \(margin) \(coin) would bring this run's total to \(total) \(coin), \
                over --max-margin \(cap) (added so far: \(already) \(coin)); nothing was sent
                """)
        }
        return budget.reserve(coin: coin, amount: margin, now: now)
    }
}
