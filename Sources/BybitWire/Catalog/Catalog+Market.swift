extension Catalog {
    /// `GET /v5/market/tickers`.
    public static let tickers = EndpointSpec(
        .get, "/v5/market/tickers", isPrivate: false, isMutation: false,
        request: [
            category(["spot", "linear", "inverse", "option"]),
            Field("symbol", .symbol), Field("baseCoin", .coin, doc: "options only"),
            Field("expDate", .coin, doc: "options only, e.g. 25DEC22"),
        ],
        result: Shape("bybit.TickerPage", [Field("category", .text), Field("list", .list(ticker))]))

    /// `GET /v5/market/instruments-info`, one page.
    public static let instrumentsInfo = EndpointSpec(
        .get, "/v5/market/instruments-info", isPrivate: false, isMutation: false,
        request: [
            category(["spot", "linear", "inverse", "option"]),
            Field("symbol", .symbol), Field("baseCoin", .coin),
            Field("status", .text, doc: "\"Trading\" by default; ccxt asks for \"PreLaunch\" too"), limit(1...1000),
            Field("cursor", .text, doc: "the previous page's nextPageCursor"),
        ],
        result: Shape(
            "bybit.InstrumentPage",
            [Field("category", .text), Field("list", .list(instrument)), Field("nextPageCursor", .text)]))

    /// `GET /v5/market/time`.
    public static let serverTime = EndpointSpec(
        .get, "/v5/market/time", isPrivate: false, isMutation: false,
        result: Shape(
            "bybit.ServerTime",
            [
                Field("timeSecond", .integer, required: true, doc: "seconds"),
                Field("timeNano", .integer, required: true, doc: "nanoseconds"),
            ]))

    /// A ticker (linear and inverse fields; spot and option tickers carry a subset or more).
    public static let ticker = Shape(
        "bybit.Ticker",
        [
            Field("symbol", .symbol, required: true),
            Field("markPrice", .decimal, required: true), Field("lastPrice", .decimal, required: true),
            Field("indexPrice", .decimal, required: true),
            Field("prevPrice24h", .decimal), Field("price24hPcnt", .decimal), Field("highPrice24h", .decimal),
            Field("lowPrice24h", .decimal), Field("prevPrice1h", .decimal),
            Field("openInterest", .decimal), Field("openInterestValue", .decimal),
            Field("turnover24h", .decimal), Field("volume24h", .decimal),
            Field("fundingRate", .decimal), Field("nextFundingTime", .timestamp, doc: "ms"),
            Field("predictedDeliveryPrice", .decimal), Field("basisRate", .decimal), Field("basis", .decimal),
            Field("deliveryFeeRate", .decimal), Field("deliveryTime", .timestamp, doc: "ms"),
            Field("bid1Price", .decimal), Field("bid1Size", .decimal),
            Field("ask1Price", .decimal), Field("ask1Size", .decimal),
        ])

    /// An instrument of `instruments-info` (linear and inverse).
    public static let instrument = Shape(
        "bybit.Instrument",
        [
            Field("symbol", .symbol, required: true),
            Field("contractType", .text, doc: "\"LinearPerpetual\", \"InversePerpetual\", \"LinearFutures\" …"),
            Field("status", .text, doc: "\"Trading\" when it trades"),
            Field("baseCoin", .coin), Field("quoteCoin", .coin), Field("settleCoin", .coin),
            Field("launchTime", .timestamp, doc: "ms"), Field("deliveryTime", .timestamp, doc: "ms; 0 for perpetuals"),
            Field("deliveryFeeRate", .decimal),
            Field("priceScale", .integer, doc: "decimals of the price"),
            Field(
                "leverageFilter",
                .object(
                    Shape(
                        "bybit.LeverageFilter",
                        [
                            Field("minLeverage", .decimal), Field("maxLeverage", .decimal),
                            Field("leverageStep", .decimal),
                        ]))),
            Field(
                "priceFilter",
                .object(
                    Shape(
                        "bybit.PriceFilter",
                        [Field("minPrice", .decimal), Field("maxPrice", .decimal), Field("tickSize", .decimal)]))),
            Field(
                "lotSizeFilter",
                .object(
                    Shape(
                        "bybit.LotSizeFilter",
                        [
                            Field("minOrderQty", .decimal), Field("maxOrderQty", .decimal),
                            Field("qtyStep", .decimal), Field("maxMktOrderQty", .decimal),
                            Field("postOnlyMaxOrderQty", .decimal), Field("minNotionalValue", .decimal),
                        ]))),
            Field("unifiedMarginTrade", .flag, lua: "boolean"),
            Field("fundingInterval", .integer, doc: "minutes"),
            Field("upperFundingRate", .decimal), Field("lowerFundingRate", .decimal),
        ])
}
