@testable import BybitAPI

/// Real-shaped Bybit v5 replies (taken from the field lists in the API reference), the
/// seeds that the mutation tests corrupt, and the typed decoding of each one exactly as
/// the client does it after the envelope (`result` → `list` → the model).
enum BybitReplies {
    static let position = #"""
        {"symbol":"BTCUSDT","category":"linear","positionIdx":0,"side":"Buy","size":"0.010","avgPrice":"60000.00",
        "positionValue":"600","leverage":"10","markPrice":"59000.50","liqPrice":"54300.00","bustPrice":"",
        "positionIM":"60.06","positionMM":"3.3","autoAddMargin":0,"positionStatus":"Normal","riskId":1,
        "riskLimitValue":"2000000","takeProfit":"0.00","stopLoss":"","trailingStop":"0.00","unrealisedPnl":"-9.995",
        "curRealisedPnl":"-0.36","cumRealisedPnl":"12.5","createdTime":"1676538056258","updatedTime":"1697673600012"}
        """#

    /// (endpoint, body) pairs: every reply shape the client decodes, plus an error envelope.
    static let seeds: [(EndpointSpec, String)] = [
        (Catalog.addMargin, #"{"retCode":0,"retMsg":"OK","result":\#(position),"retExtInfo":{},"time":1697673600012}"#),
        (
            Catalog.positionList,
            #"{"retCode":0,"retMsg":"OK","result":{"category":"linear","nextPageCursor":"","list":[\#(position)]},"retExtInfo":{},"time":1}"#
        ),
        (
            Catalog.tickers,
            #"{"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","lastPrice":"59001.5","indexPrice":"59000.1","markPrice":"59000.50","prevPrice24h":"58000","price24hPcnt":"0.0172","highPrice24h":"60000","lowPrice24h":"57000","volume24h":"12345.678","turnover24h":"7.2e8","fundingRate":"-0.0001","nextFundingTime":"1697673600000","bid1Price":"59001","ask1Price":"59002"}]},"retExtInfo":{},"time":1}"#
        ),
        (
            Catalog.walletBalance,
            #"{"retCode":0,"retMsg":"OK","result":{"list":[{"accountType":"UNIFIED","totalEquity":"10000.5","totalWalletBalance":"10000","totalAvailableBalance":"9000","accountIMRate":"0.01","coin":[{"coin":"USDT","equity":"10000.5","walletBalance":"10000","availableToWithdraw":"","unrealisedPnl":"0.5","usdValue":"10000.4"}]}]},"retExtInfo":{},"time":1}"#
        ),
        (
            Catalog.accountInfo,
            #"{"retCode":0,"retMsg":"OK","result":{"marginMode":"ISOLATED_MARGIN","updatedTime":"1697673600012","unifiedMarginStatus":4,"isMasterTrader":false,"spotHedgingStatus":"OFF"},"retExtInfo":{},"time":1}"#
        ),
        (
            Catalog.serverTime,
            #"{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1697673600","timeNano":"1697673600012345678"},"retExtInfo":{},"time":1697673600012}"#
        ),
        (
            Catalog.addMargin,
            #"{"retCode":110033,"retMsg":"You can't set margin without an open position","result":{},"retExtInfo":{},"time":1}"#
        ),
        (
            Catalog.setAutoAddMargin,
            #"{"retCode":10016,"retMsg":"System error. Please try again later.","result":{},"retExtInfo":{},"time":1}"#
        ),
    ]

    /// Decodes `result` into the endpoint's typed model, as the client does.
    static func decode(_ result: JSONValue, envelopeTime: Int64?, for endpoint: EndpointSpec) throws(BybitError) {
        let path = endpoint.path
        func list(_ what: String) throws(BybitError) -> [JSONValue] {
            try ModelFields(result, what: what, endpoint: path).array("list")
        }
        switch path {
        case Catalog.addMargin.path: _ = try PositionInfo(json: result, endpoint: path)
        case Catalog.positionList.path:
            for item in try list("position list") { _ = try PositionInfo(json: item, endpoint: path) }
        case Catalog.tickers.path: for item in try list("tickers") { _ = try Ticker(json: item, endpoint: path) }
        case Catalog.walletBalance.path:
            for item in try list("wallet balance") { _ = try WalletAccount(json: item, endpoint: path) }
        case Catalog.accountInfo.path: _ = try AccountInfo(json: result, endpoint: path)
        case Catalog.serverTime.path: _ = try ServerTime(json: result, envelopeTime: envelopeTime, endpoint: path)
        default: break
        }
    }
}
