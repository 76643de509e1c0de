/// One coin of a wallet-balance account.
public struct CoinBalance: Sendable, Equatable {
    /// The coin object exactly as received.
    public let raw: JSONValue
    /// Coin name, e.g. `USDT`.
    public let coin: String
    /// Equity, USD value, wallet balance and locked amount.
    public let equity: ExactDecimal?, usdValue: ExactDecimal?, walletBalance: ExactDecimal?, locked: ExactDecimal?
    /// Initial margin of open orders, of positions (incl. pre-occupied liquidation fee),
    /// and maintenance margin of positions.
    public let totalOrderIM: ExactDecimal?, totalPositionIM: ExactDecimal?, totalPositionMM: ExactDecimal?
    /// Unrealised and cumulative realised PnL.
    public let unrealisedPnl: ExactDecimal?, cumRealisedPnl: ExactDecimal?
    /// Bonus, borrowed amount and accrued interest.
    public let bonus: ExactDecimal?, borrowAmount: ExactDecimal?, accruedInterest: ExactDecimal?
    /// Whether the coin can be collateral, and whether the user enabled it.
    public let marginCollateral: Bool?, collateralSwitch: Bool?

    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "coin", endpoint: endpoint)
        raw = json
        coin = try r.requiredString("coin")
        equity = try r.decimal("equity")
        usdValue = try r.decimal("usdValue")
        walletBalance = try r.decimal("walletBalance")
        locked = try r.decimal("locked")
        totalOrderIM = try r.decimal("totalOrderIM")
        totalPositionIM = try r.decimal("totalPositionIM")
        totalPositionMM = try r.decimal("totalPositionMM")
        unrealisedPnl = try r.decimal("unrealisedPnl")
        cumRealisedPnl = try r.decimal("cumRealisedPnl")
        bonus = try r.decimal("bonus")
        borrowAmount = try r.decimal("borrowAmount")
        accruedInterest = try r.decimal("accruedInterest")
        marginCollateral = try r.bool("marginCollateral")
        collateralSwitch = try r.bool("collateralSwitch")
    }

    /// The documented available balance under isolated margin:
    /// `walletBalance − totalPositionIM − totalOrderIM − locked − bonus` (missing terms
    /// count as 0). `nil` without a wallet balance or if the arithmetic overflows.
    public var isolatedAvailableBalance: ExactDecimal? {
        guard let walletBalance else { return nil }
        let zero = ExactDecimal(0)
        return try? walletBalance - (totalPositionIM ?? zero) - (totalOrderIM ?? zero) - (locked ?? zero)
            - (bonus ?? zero)
    }
}

/// One account of `GET /v5/account/wallet-balance`.
public struct WalletAccount: Sendable, Equatable {
    /// The account object exactly as received.
    public let raw: JSONValue
    /// `UNIFIED`.
    public let accountType: String?
    /// Account IM and MM rates (not applicable to isolated margin).
    public let accountIMRate: ExactDecimal?, accountMMRate: ExactDecimal?
    /// Account totals in USD.
    public let totalEquity: ExactDecimal?, totalWalletBalance: ExactDecimal?, totalMarginBalance: ExactDecimal?
    /// Available balance (USD, cross/PM), perpetual UPL, and initial/maintenance margin.
    public let totalAvailableBalance: ExactDecimal?, totalPerpUPL: ExactDecimal?
    /// Total initial and maintenance margin (USD).
    public let totalInitialMargin: ExactDecimal?, totalMaintenanceMargin: ExactDecimal?
    /// Per-coin balances.
    public let coins: [CoinBalance]

    init(json: JSONValue, endpoint: String) throws(BybitError) {
        let r = try ModelFields(json, what: "account", endpoint: endpoint)
        raw = json
        accountType = try r.string("accountType")
        accountIMRate = try r.decimal("accountIMRate")
        accountMMRate = try r.decimal("accountMMRate")
        totalEquity = try r.decimal("totalEquity")
        totalWalletBalance = try r.decimal("totalWalletBalance")
        totalMarginBalance = try r.decimal("totalMarginBalance")
        totalAvailableBalance = try r.decimal("totalAvailableBalance")
        totalPerpUPL = try r.decimal("totalPerpUPL")
        totalInitialMargin = try r.decimal("totalInitialMargin")
        totalMaintenanceMargin = try r.decimal("totalMaintenanceMargin")
        var coins: [CoinBalance] = []
        for item in try r.array("coin") { coins.append(try CoinBalance(json: item, endpoint: endpoint)) }
        self.coins = coins
    }
}

/// The reply of `GET /v5/account/wallet-balance`.
public struct WalletBalance: Sendable, Equatable {
    /// The `result` object exactly as received.
    public let raw: JSONValue
    /// The accounts (one, `UNIFIED`, in practice).
    public let accounts: [WalletAccount]
}
