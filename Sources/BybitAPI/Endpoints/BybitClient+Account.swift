extension BybitClient {
    /// `GET /v5/account/wallet-balance` (signed). Blocking.
    /// - Throws: `validation` for an empty or lower-case account type or coin; otherwise as any read.
    public func walletBalance(_ request: WalletBalanceRequest = WalletBalanceRequest()) throws(BybitError)
        -> WalletBalance
    {
        let path = Endpoint.walletBalance.path
        try Validation.coin(request.accountType, name: "accountType", endpoint: path)
        for coin in request.coins { try Validation.coin(coin, name: "coin", endpoint: path) }

        var query = QueryString()
        query.add("accountType", request.accountType)
        query.add("coin", request.coins.isEmpty ? nil : request.coins.joined(separator: ","))
        let result = try execute(PreparedRequest(get: .walletBalance, query: query)).envelope.result
        let r = try ModelFields(result, what: "wallet balance", endpoint: path)
        var accounts: [WalletAccount] = []
        for item in try r.array("list") { accounts.append(try WalletAccount(json: item, endpoint: path)) }
        return WalletBalance(raw: result, accounts: accounts)
    }

    /// `GET /v5/account/info` (signed): margin mode and account status. Blocking.
    public func accountInfo() throws(BybitError) -> AccountInfo {
        let path = Endpoint.accountInfo.path
        let result = try execute(PreparedRequest(get: .accountInfo, query: QueryString())).envelope.result
        return try AccountInfo(json: result, endpoint: path)
    }
}
