extension Catalog {
    /// `GET /v5/account/wallet-balance`.
    public static let walletBalance = EndpointSpec(
        .get, "/v5/account/wallet-balance", isPrivate: true, isMutation: false,
        request: [
            Field("accountType", .coin, required: true, doc: "\"UNIFIED\" on a unified account"),
            Field("coin", .text, checks: [.coinList], doc: "one coin or several, comma-separated"),
        ],
        result: Shape("bybit.WalletPage", [Field("list", .list(walletAccount))]))

    /// `GET /v5/account/info`.
    public static let accountInfo = EndpointSpec(
        .get, "/v5/account/info", isPrivate: true, isMutation: false, result: accountInfoShape)

    /// One account of `wallet-balance` (what `bybit.wallet()` returns).
    public static let walletAccount = Shape(
        "bybit.Wallet",
        [
            Field("accountType", .text, required: true),
            Field("totalEquity", .decimal), Field("totalWalletBalance", .decimal),
            Field("totalMarginBalance", .decimal), Field("totalAvailableBalance", .decimal),
            Field("totalPerpUPL", .decimal), Field("totalInitialMargin", .decimal),
            Field("totalMaintenanceMargin", .decimal), Field("accountIMRate", .decimal),
            Field("accountMMRate", .decimal), Field("accountLTV", .decimal),
            Field("coin", .list(walletCoin), required: true, doc: "per-coin balances"),
        ])

    /// One coin of a wallet account.
    public static let walletCoin = Shape(
        "bybit.WalletCoin",
        [
            Field("coin", .coin, required: true),
            Field("equity", .decimal), Field("usdValue", .decimal), Field("walletBalance", .decimal),
            Field("free", .decimal), Field("locked", .decimal), Field("spotHedgingQty", .decimal),
            Field("borrowAmount", .decimal), Field("accruedInterest", .decimal),
            Field("totalOrderIM", .decimal), Field("totalPositionIM", .decimal),
            Field("totalPositionMM", .decimal), Field("unrealisedPnl", .decimal),
            Field("cumRealisedPnl", .decimal), Field("bonus", .decimal),
            Field("availableToWithdraw", .decimal),
            Field("marginCollateral", .flag, lua: "boolean"), Field("collateralSwitch", .flag, lua: "boolean"),
        ])

    /// `account/info`'s result.
    public static let accountInfoShape = Shape(
        "bybit.AccountInfo",
        [
            Field(
                "marginMode", .choice(["ISOLATED_MARGIN", "REGULAR_MARGIN", "PORTFOLIO_MARGIN"]), required: true,
                doc: "the account's margin mode: isolated, cross (REGULAR_MARGIN) or portfolio"),
            Field("unifiedMarginStatus", .integer, doc: "5 or 6: unified account (UTA 2.0)"),
            Field("isMasterTrader", .flag, lua: "boolean"),
            Field("spotHedgingStatus", .text),
            Field("dcpStatus", .text), Field("timeWindow", .integer), Field("smpGroup", .integer),
            Field("updatedTime", .timestamp, doc: "ms"),
        ])
}
