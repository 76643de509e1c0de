import BybitAPI

@testable import PaperExchange

/// Shortcuts for the order tests: every call is real signed HTTP.
extension PaperClient {
    /// `POST /v5/order/create` with the given fields (JSON text of the members, no braces).
    func order(_ members: String) async throws -> Reply {
        try await post("/v5/order/create", "{\(members)}")
    }

    /// Moves a mark through the unsigned control endpoint, as a scenario driver does.
    @discardableResult
    func mark(_ symbol: String, _ price: String) async throws -> Reply {
        try await raw(.POST, "/paper/mark-price", body: #"{"symbol":"\#(symbol)","markPrice":"\#(price)"}"#)
    }

    /// The position row of `symbol` from `position/list`.
    func position(_ symbol: String, category: String = "linear", idx: Int = 0) async throws -> JSONNode? {
        let list = try await get("/v5/position/list", "category=\(category)&symbol=\(symbol)")
        return list.result["list"]?.arrayValue?.first { $0["positionIdx"] == .int(Int64(idx)) }
    }

    /// The `walletBalance` of one coin.
    func walletBalance(_ coin: String) async throws -> JSONNode? {
        let w = try await get("/v5/account/wallet-balance", "accountType=UNIFIED&coin=\(coin)")
        return w.result["list"]?[0]?["coin"]?[0]?["walletBalance"]
    }
}
