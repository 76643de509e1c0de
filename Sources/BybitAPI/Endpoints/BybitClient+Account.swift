extension BybitClient {
    /// `GET /v5/account/wallet-balance` (signed). Blocking.
    /// - Throws: `validation` for an empty or lower-case account type or coin; otherwise as any read.
    public func walletBalance(_ request: WalletBalanceRequest = WalletBalanceRequest()) throws(BybitError)
        -> WalletBalance
    {
        let path = Catalog.walletBalance.path
        // Each coin on its own: the comma that joins them must not hide inside one.
        for coin in request.coins {
            do { try EndpointSpec.checkSymbol(coin, name: "coin") } catch {
                throw .validation(error.message, endpoint: path)
            }
        }
        let result = try execute(PreparedRequest(Catalog.walletBalance, request.values)).envelope.result
        let r = try ModelFields(result, what: "wallet balance", endpoint: path)
        var accounts: [WalletAccount] = []
        for item in try r.array("list") { accounts.append(try WalletAccount(json: item, endpoint: path)) }
        return WalletBalance(raw: result, accounts: accounts)
    }

    /// `GET /v5/account/info` (signed): margin mode and account status. Blocking.
    public func accountInfo() throws(BybitError) -> AccountInfo {
        let path = Catalog.accountInfo.path
        let result = try execute(PreparedRequest(checked: Catalog.accountInfo, RequestValues())).envelope.result
        return try AccountInfo(json: result, endpoint: path)
    }
}
