/// `GET /v5/account/wallet-balance`.
public struct WalletBalanceRequest: Sendable, Equatable {
    /// `UNIFIED` (the only type on UTA 2.0).
    public var accountType: String
    /// Upper-case coins, sent comma-separated; all non-zero assets when empty.
    public var coins: [String]

    /// A request; validated when sent.
    public init(accountType: String = "UNIFIED", coins: [String] = []) {
        self.accountType = accountType
        self.coins = coins
    }
}
