extension Catalog {
    /// `POST /v5/position/add-margin`: add (positive) or reduce (negative) the margin of
    /// an isolated position.
    public static let addMargin = EndpointSpec(
        .post, "/v5/position/add-margin", isPrivate: true, isMutation: true,
        request: [
            category(
                ["linear", "inverse"],
                doc: "default: the category the exchange's instrument list has the symbol in"),
            Field(
                "symbol", .symbol, required: true,
                doc: "upper case, e.g. \"BTCUSDT\"; an unlisted symbol is an error naming it"),
            Field(
                "margin", .decimal, required: true, checks: [.marginAmount], lua: "Decimal|string|integer|number",
                doc: "non-zero, at most 4 decimals; negative reduces"),
            positionIdx,
        ],
        luaArguments: "bybit.AddMarginArgs", result: position)

    /// `POST /v5/position/set-auto-add-margin`: auto-add-margin on or off (isolated linear).
    public static let setAutoAddMargin = EndpointSpec(
        .post, "/v5/position/set-auto-add-margin", isPrivate: true, isMutation: true,
        request: [
            Field(
                "category", .choice(["linear"]), required: true,
                checks: [.because("set-auto-add-margin is for linear contracts only")],
                doc: "only linear (default: the instrument list's category)"),
            Field("symbol", .symbol, required: true),
            Field("autoAddMargin", .flag, required: true, aliases: ["autoAddmargin"], doc: "on or off"),
            positionIdx,
        ],
        luaArguments: "bybit.SetAutoAddMarginArgs", result: Shape("bybit.Empty", []))

    /// `GET /v5/position/list`, one page (the client follows `nextPageCursor`).
    public static let positionList = EndpointSpec(
        .get, "/v5/position/list", isPrivate: true, isMutation: false,
        request: [
            category(["linear", "inverse", "option"]),
            Field("symbol", .symbol, doc: "with it, Bybit returns the position whether or not it is open"),
            Field("baseCoin", .coin, doc: "options only"),
            Field("settleCoin", .coin, doc: "linear needs symbol or settleCoin"),
            limit(1...200),
            Field("cursor", .text, doc: "the previous page's nextPageCursor"),
        ],
        rules: [.needsOneOf(["symbol", "settleCoin"], when: "category", equals: "linear")],
        result: Shape(
            "bybit.PositionPage",
            [
                Field("category", .text), Field("list", .list(position)), Field("nextPageCursor", .text),
            ]))

    /// A position as Bybit returns it (`position/list` items, the add-margin reply).
    public static let position = Shape(
        "bybit.Position", doc: "A position as Bybit returns it: numeric strings are Decimals, \"\" fields are absent.",
        [
            Field("symbol", .symbol, required: true),
            Field(
                "category", .choice(["linear", "inverse"]),
                doc: "the category it was listed under (set by bybit-lua; Bybit puts it on the page)"),
            Field("side", .choice(["Buy", "Sell"]), doc: "absent when the position is flat"),
            Field("size", .decimal, required: true),
            Field("avgPrice", .decimal, required: true),
            Field("breakEvenPrice", .decimal, doc: "the price at which closing would pay the fees paid so far"),
            Field("markPrice", .decimal, required: true),
            Field("liqPrice", .decimal, doc: "absent beyond the price limits, or in portfolio margin"),
            Field("bustPrice", .decimal),
            Field("leverage", .decimal, doc: "absent (\"\") in portfolio margin"),
            Field("positionValue", .decimal, required: true),
            Field("positionIM", .decimal, doc: "absent (\"\") in portfolio margin"),
            Field("positionMM", .decimal, doc: "absent (\"\") in portfolio margin"),
            Field("positionBalance", .decimal),
            Field("unrealisedPnl", .decimal, required: true),
            Field("curRealisedPnl", .decimal),
            Field("cumRealisedPnl", .decimal),
            Field(
                "takeProfit", .decimal,
                doc:
                    "take-profit price; zero (\"0.00\") when none is set, so `if p.takeProfit then` is always true: test `(p.takeProfit or 0) > 0`"
            ),
            Field(
                "stopLoss", .decimal,
                doc:
                    "stop-loss price; zero (\"0.00\") when none is set, so `if p.stopLoss then` is always true: test `(p.stopLoss or 0) > 0`"
            ),
            Field("trailingStop", .decimal, doc: "trailing-stop distance; zero when none is set"),
            Field("tpslMode", .text, doc: "\"Full\" or \"Partial\""),
            Field("autoAddMargin", .integer, required: true, doc: "1 on, 0 off"),
            Field(
                "tradeMode", .integer, required: true,
                doc:
                    "deprecated by Bybit: always 0 on a unified account (UTA 2.0); before, 0 cross and 1 isolated. Not the margin mode: that is account-wide (GET /v5/account/info marginMode)"
            ),
            Field("positionIdx", .integer, required: true, doc: "0 one-way, 1 hedge buy side, 2 hedge sell side"),
            Field("positionStatus", .text, required: true, doc: "\"Normal\", \"Liq\" or \"Adl\""),
            Field("riskId", .integer, doc: "risk-limit tier"),
            Field("riskLimitValue", .decimal),
            Field("adlRankIndicator", .integer),
            Field("isReduceOnly", .flag, lua: "boolean"),
            Field("sessionAvgPrice", .decimal),
            Field("createdTime", .timestamp, doc: "ms"),
            Field("updatedTime", .timestamp, required: true, doc: "ms"),
            Field("mmrSysUpdatedTime", .timestamp, doc: "ms"),
            Field("leverageSysUpdatedTime", .timestamp, doc: "ms"),
            Field("seq", .integer, doc: "the exchange's sequence number of this state"),
        ])
}
