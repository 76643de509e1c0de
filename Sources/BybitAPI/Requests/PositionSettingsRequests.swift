/// `POST /v5/position/set-leverage`.
public struct SetLeverageRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// Greater than zero, at most 2 decimals, within the instrument's leverage filter.
    public var buyLeverage: ExactDecimal
    /// Equal to `buyLeverage` except for hedge-mode isolated positions.
    public var sellLeverage: ExactDecimal

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String, buyLeverage: ExactDecimal, sellLeverage: ExactDecimal) {
        self.category = category
        self.symbol = symbol
        self.buyLeverage = buyLeverage
        self.sellLeverage = sellLeverage
    }

    /// The request's values (``Catalog/setLeverage``).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["buyLeverage"] = .decimal(buyLeverage)
        v["sellLeverage"] = .decimal(sellLeverage)
        return v
    }

    /// The request after the checks made before the wire.
    public func validated() throws(BybitError) -> SetLeverageRequest {
        _ = try Catalog.setLeverage.checked(values)
        return self
    }
}

/// `POST /v5/position/trading-stop`: take-profit, stop-loss, trailing stop (`0` cancels one).
public struct TradingStopRequest: Sendable, Equatable {
    /// `linear` (default) or `inverse`.
    public var category: Category
    /// Upper-case symbol.
    public var symbol: String
    /// 0 one-way, 1 hedge Buy side, 2 hedge Sell side.
    public var positionIdx: Int
    /// Stop-loss price; `0` cancels it.
    public var stopLoss: ExactDecimal?
    /// Take-profit price; `0` cancels it.
    public var takeProfit: ExactDecimal?
    /// A price distance; `0` cancels it.
    public var trailingStop: ExactDecimal?
    /// `Full` (sent when nil) or `Partial`.
    public var tpslMode: String?
    /// The stop-loss trigger: `LastPrice`, `IndexPrice` or `MarkPrice`.
    public var slTriggerBy: String?
    /// The take-profit trigger: `LastPrice`, `IndexPrice` or `MarkPrice`.
    public var tpTriggerBy: String?

    /// A request; validated when sent.
    public init(
        category: Category = .linear, symbol: String, positionIdx: Int = 0, stopLoss: ExactDecimal? = nil,
        takeProfit: ExactDecimal? = nil, trailingStop: ExactDecimal? = nil, tpslMode: String? = nil,
        slTriggerBy: String? = nil, tpTriggerBy: String? = nil
    ) {
        self.category = category
        self.symbol = symbol
        self.positionIdx = positionIdx
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
        self.tpslMode = tpslMode
        self.slTriggerBy = slTriggerBy
        self.tpTriggerBy = tpTriggerBy
    }

    /// The request's values (``Catalog/tradingStop``); `tpslMode` is `Full` when nil.
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["tpslMode"] = .text(tpslMode ?? "Full")
        v["positionIdx"] = .integer(Int64(positionIdx))
        v["takeProfit"] = takeProfit.map(WireValue.decimal)
        v["stopLoss"] = stopLoss.map(WireValue.decimal)
        v["trailingStop"] = trailingStop.map(WireValue.decimal)
        v["tpTriggerBy"] = tpTriggerBy.map(WireValue.text)
        v["slTriggerBy"] = slTriggerBy.map(WireValue.text)
        return v
    }

    /// The request after the checks made before the wire.
    public func validated() throws(BybitError) -> TradingStopRequest {
        _ = try Catalog.tradingStop.checked(values)
        return self
    }
}

/// `POST /v5/position/switch-mode`: one-way (`mode` 0) or hedge (3), by symbol or coin.
public struct SwitchModeRequest: Sendable, Equatable {
    /// Only `linear`.
    public var category: Category
    /// Wins over `coin`.
    public var symbol: String?
    /// A settle coin: every symbol settled in it.
    public var coin: String?
    /// 0 one-way, 3 hedge.
    public var mode: Int

    /// A request; validated when sent.
    public init(category: Category = .linear, symbol: String? = nil, coin: String? = nil, mode: Int) {
        self.category = category
        self.symbol = symbol
        self.coin = coin
        self.mode = mode
    }

    /// The request's values (``Catalog/switchMode``).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["coin"] = coin.map(WireValue.text)
        v["mode"] = .integer(Int64(mode))
        return v
    }

    /// The request after the checks made before the wire.
    public func validated() throws(BybitError) -> SwitchModeRequest {
        _ = try Catalog.switchMode.checked(values)
        return self
    }
}

/// `POST /v5/account/set-margin-mode`.
public struct SetMarginModeRequest: Sendable, Equatable {
    /// `ISOLATED_MARGIN`, `REGULAR_MARGIN` (cross) or `PORTFOLIO_MARGIN`.
    public var mode: String

    /// A request; validated when sent.
    public init(mode: String) { self.mode = mode }

    /// The request's values (``Catalog/setMarginMode``: the field is `setMarginMode`).
    public var values: RequestValues {
        var v = RequestValues()
        v["setMarginMode"] = .text(mode)
        return v
    }

    /// The request after the checks made before the wire.
    public func validated() throws(BybitError) -> SetMarginModeRequest {
        _ = try Catalog.setMarginMode.checked(values)
        return self
    }
}
