import BybitAPI

/// `POST /v5/account/set-margin-mode`: the account-wide margin mode (UTA 2.0).
extension Book {
    /// Portfolio margin needs this much equity, in USD(C) (reference §3.3's failure example).
    static let portfolioMarginMinimumEquity: ExactDecimal = 1000

    /// Sets the account's margin mode.
    ///
    /// Refusals: the mode already set 110026; portfolio margin below 1,000 USDC of equity
    /// 3400045 with the reason in `result.reasons`; isolated margin when an open position
    /// would then be at or through its liquidation price 110011 (cross margin's free
    /// balance no longer stands behind it). Open positions otherwise keep their size,
    /// entry, leverage and added margin. The paper control (`enforce: false`) skips these
    /// checks, so a test can put an account in any state; the engine then reacts as the
    /// mark would make it.
    /// - Returns: the auto-add and liquidation events the switch caused (control only).
    @discardableResult
    mutating func setMarginMode(apiKey: String, to mode: MarginMode, nowMs: Int64, enforce: Bool = true)
        throws(PaperAPIError) -> [LedgerEntry]
    {
        var account = try account(apiKey)
        if enforce {
            guard account.marginMode != mode else { throw PaperAPIError.marginModeNotModified }
            if mode == .portfolio {
                let equity = try totalEquityUSD(account)
                guard equity >= Self.portfolioMarginMinimumEquity else {
                    throw PaperAPIError.setMarginModeFailed(reasons: [
                        ("3400000", "Equity needs to be equal to or greater than 1000 USDC")
                    ])
                }
            }
        }
        let before = ledger.total
        account.marginMode = mode
        account.updatedTime = nowMs
        if enforce && mode == .isolated {
            for position in account.allPositions where position.isOpen {
                if try metrics(position, in: account).isLiquidated { throw PaperAPIError.liquidationTriggered }
            }
        }
        accounts[apiKey] = account
        var detail = ["marginMode": mode.rawValue]
        if !enforce { detail["control"] = "set-margin-mode" }
        ledger.append(
            timeMs: nowMs, apiKey: apiKey, action: enforce ? .setMarginMode : .paperControl, symbol: "", positionIdx: 0,
            detail: detail)
        for position in account.allPositions where position.isOpen {
            reconcile(
                apiKey: apiKey, key: PositionKey(symbol: position.symbol, positionIdx: position.positionIdx),
                nowMs: nowMs)
        }
        return Array(ledger.entries.suffix(ledger.total - before).dropFirst())
    }

    /// Wallet balance plus unrealised PnL over every coin, in USD at the current marks.
    func totalEquityUSD(_ account: Account) throws(PaperAPIError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for (coin, balance) in account.wallets {
            total = try arithmetic { () throws(DecimalError) in
                try total.adding(balance.multiplied(by: usdPrice(of: coin)))
            }
        }
        for position in account.allPositions where position.isOpen {
            guard let instrument = instrument(position.symbol) else { continue }
            let upl = try metrics(position, in: account).unrealisedPnl
            total = try arithmetic { () throws(DecimalError) in
                try total.adding(upl.multiplied(by: usdPrice(of: instrument.settleCoin)))
            }
        }
        return total
    }
}
