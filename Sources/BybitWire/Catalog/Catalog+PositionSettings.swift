extension Catalog {
    /// `POST /v5/position/set-leverage`. Re-sending the current value is 110043.
    public static let setLeverage = EndpointSpec(
        .post, "/v5/position/set-leverage", isPrivate: true, isMutation: true,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol, required: true),
            Field(
                "buyLeverage", .decimal, required: true, checks: [.positive],
                lua: "Decimal|string|integer|number", doc: "within the instrument's leverageFilter (its step too)"),
            Field(
                "sellLeverage", .decimal, required: true, checks: [.positive],
                lua: "Decimal|string|integer|number", doc: "equal to buyLeverage except in hedge-mode isolated"),
        ],
        luaArguments: "bybit.SetLeverageArgs", result: empty)

    /// `POST /v5/position/trading-stop`: take-profit, stop-loss and trailing stop of a
    /// position; `"0"` cancels one.
    public static let tradingStop = EndpointSpec(
        .post, "/v5/position/trading-stop", isPrivate: true, isMutation: true,
        request: [
            category(["linear", "inverse"]),
            Field("symbol", .symbol, required: true),
            Field("tpslMode", .choice(["Full", "Partial"]), required: true, doc: "Full: the whole position"),
            Field(
                "positionIdx", .integer, required: true,
                checks: [.range(0...2, described: "0 (one-way), 1 (hedge buy) or 2 (hedge sell)")], lua: "0|1|2",
                doc: "0 one-way, 1 hedge buy side, 2 hedge sell side"),
            Field("takeProfit", .decimal, checks: [.notNegative], doc: "price; \"0\" cancels"),
            Field("stopLoss", .decimal, checks: [.notNegative], doc: "price; \"0\" cancels"),
            Field("trailingStop", .decimal, checks: [.notNegative], doc: "price distance; \"0\" cancels"),
            Field("tpTriggerBy", .choice(triggerPrices)),
            Field("slTriggerBy", .choice(triggerPrices)),
        ],
        rules: [.needsOneOf(["takeProfit", "stopLoss", "trailingStop"], when: "category", equals: nil)],
        luaArguments: "bybit.TradingStopArgs", result: empty)

    /// `POST /v5/position/switch-mode`: one-way (0) or hedge (3), by symbol or settle coin.
    public static let switchMode = EndpointSpec(
        .post, "/v5/position/switch-mode", isPrivate: true, isMutation: true,
        request: [
            Field(
                "category", .choice(["linear"]), required: true,
                checks: [.because("hedge mode is for USDT contracts; inverse is one-way only")]),
            Field("symbol", .symbol, doc: "wins over coin"),
            Field("coin", .coin, doc: "every symbol settled in it"),
            Field(
                "mode", .integer, required: true, checks: [.oneOf([0, 3], described: "0 (one-way) or 3 (hedge)")],
                lua: "0|3", doc: "0 one-way, 3 hedge"),
        ],
        rules: [.needsOneOf(["symbol", "coin"], when: "category", equals: nil)],
        luaArguments: "bybit.SwitchModeArgs", result: empty)

    /// `POST /v5/account/set-margin-mode`: the account's margin mode.
    public static let setMarginMode = EndpointSpec(
        .post, "/v5/account/set-margin-mode", isPrivate: true, isMutation: true,
        request: [
            Field(
                "setMarginMode", .choice(["ISOLATED_MARGIN", "REGULAR_MARGIN", "PORTFOLIO_MARGIN"]), required: true,
                doc: "isolated, cross (REGULAR_MARGIN) or portfolio")
        ],
        result: Shape(
            "bybit.SetMarginModeResult",
            [
                Field(
                    "reasons",
                    .list(Shape("bybit.MarginModeReason", [Field("reasonCode", .text), Field("reasonMsg", .text)])),
                    doc: "why the switch was refused (empty on success)")
            ]))

    /// `LastPrice`, `IndexPrice` or `MarkPrice`.
    static let triggerPrices = ["LastPrice", "IndexPrice", "MarkPrice"]

    /// `{}`.
    static let empty = Shape("bybit.Empty", [])
}
