extension BybitClient {
    /// `POST /v5/position/set-leverage`. Blocking. Never re-sent after an uncertain outcome.
    /// - Returns: true when the leverage changed, false when it already was the value
    ///   (Bybit's 110043 "Set leverage has not been modified", not an error).
    /// - Throws: `validation` before sending; `api` for Bybit's refusals (110013, 110036,
    ///   110038, 10001 outside the leverage filter); otherwise as ``addMargin(_:)``.
    public func setLeverage(_ request: SetLeverageRequest) throws(BybitError) -> Bool {
        do {
            _ = try execute(PreparedRequest(Catalog.setLeverage, request.values))
            return true
        } catch  where error.kind == "api" && error.code == 110043 {
            return false
        }
    }

    /// `POST /v5/position/trading-stop`: take-profit, stop-loss and trailing stop of a
    /// position (`0` cancels one; `tpslMode` Full unless given). Blocking.
    /// - Returns: the `result` object (`{}` on Bybit).
    /// - Throws: `validation` before sending (none of the three, a negative price);
    ///   otherwise as ``addMargin(_:)``.
    @discardableResult
    public func tradingStop(_ request: TradingStopRequest) throws(BybitError) -> JSONValue {
        try execute(PreparedRequest(Catalog.tradingStop, request.values)).envelope.result
    }

    /// `POST /v5/position/switch-mode`: one-way (0) or hedge (3). Blocking.
    /// - Returns: the `result` object (`{}`).
    /// - Throws: `validation` before sending (linear only, symbol or coin, mode 0 or 3);
    ///   `api` 110024/110028 (position or orders open), 110025 (already in that mode).
    @discardableResult
    public func switchMode(_ request: SwitchModeRequest) throws(BybitError) -> JSONValue {
        try execute(PreparedRequest(Catalog.switchMode, request.values)).envelope.result
    }

    /// `POST /v5/account/set-margin-mode`. Blocking.
    /// - Returns: the `result` object (`{"reasons": []}`).
    /// - Throws: `validation` for an unknown mode; `api` 110026 (already that mode),
    ///   3400045 (refused, reasons in Bybit's reply).
    @discardableResult
    public func setMarginMode(_ request: SetMarginModeRequest) throws(BybitError) -> JSONValue {
        try execute(PreparedRequest(Catalog.setMarginMode, request.values)).envelope.result
    }
}
