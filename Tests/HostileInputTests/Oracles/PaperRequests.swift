@testable import PaperExchange

/// Valid requests to every `/v5/` route of the paper exchange (what pybit sends), the
/// seeds the request tests mutate, and the retCodes a refusal may carry.
enum PaperRequests {
    /// (path, payload): a query string for GETs, a JSON body for POSTs.
    static let seeds: [(String, String)] = [
        ("/v5/position/add-margin", #"{"category":"linear","symbol":"BTCUSDT","margin":"0.5","positionIdx":0}"#),
        ("/v5/position/add-margin", #"{"category":"inverse","symbol":"BTCUSD","margin":"-0.0001"}"#),
        (
            "/v5/position/set-auto-add-margin",
            #"{"category":"linear","symbol":"BTCUSDT","autoAddMargin":1,"positionIdx":null}"#
        ),
        ("/v5/position/list", "category=linear&symbol=BTCUSDT"),
        ("/v5/position/list", "category=inverse&limit=2&cursor=1"),
        ("/v5/market/tickers", "category=linear&symbol=ETHUSDT"),
        ("/v5/market/time", ""),
        ("/v5/account/wallet-balance", "accountType=UNIFIED&coin=USDT%2CBTC"),
        ("/v5/account/info", ""),
        (
            "/v5/position/set-leverage",
            #"{"category":"linear","symbol":"BTCUSDT","buyLeverage":"12","sellLeverage":"12"}"#
        ),
        ("/v5/position/switch-mode", #"{"category":"linear","symbol":"SOLUSDT","mode":3}"#),
        ("/v5/account/set-margin-mode", #"{"setMarginMode":"REGULAR_MARGIN"}"#),
        (
            "/v5/order/create",
            #"{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"0.01","reduceOnly":true,"orderLinkId":"fz-1"}"#
        ),
        (
            "/v5/order/create",
            #"{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"50000.5","timeInForce":"PostOnly"}"#
        ),
        ("/v5/order/cancel", #"{"category":"linear","symbol":"BTCUSDT","orderLinkId":"fz-1"}"#),
        ("/v5/order/realtime", "category=linear&symbol=BTCUSDT&openOnly=1&limit=5"),
        ("/v5/order/history", "category=linear&orderStatus=Filled&cursor=page%3A1"),
        ("/v5/execution/list", "category=inverse&symbol=BTCUSD&limit=3"),
        (
            "/v5/position/trading-stop",
            #"{"category":"linear","symbol":"ETHUSDT","tpslMode":"Full","positionIdx":0,"takeProfit":"2900","stopLoss":"3100.5"}"#
        ),
    ]

    /// Codes a refused request may carry: parameter errors and the business refusals of
    /// the margin endpoints. Anything else (or a success of a broken request) is a finding.
    static let refusalCodes: Set<Int> = [
        RetCode.paramsError, RetCode.routeNotFound, RetCode.liquidationTriggered, RetCode.insufficientForAddMargin,
        RetCode.crossMarginMode, RetCode.noOpenPosition, RetCode.autoAddOnlyIsolated, RetCode.reduceMoreThanMax,
        110027, 110046, 110077,
        // set-leverage, switch-mode and set-margin-mode
        110024, 110025, 110026, 110028, 110029, 110038, 110043, 110044, 3_400_045,
        // orders
        110001, 110003, 110007, 110017, 110072, 110094,
    ]

    /// Runs the route's own parsing and handler on `payload`, as the responder does once
    /// a request is authenticated; returns the retCode it answers with (0 on success).
    static func handle(_ path: String, _ payload: [UInt8], core: ExchangeCore, apiKey: String) -> Int {
        guard let route = Route.table[path] else { return RetCode.routeNotFound }
        do throws(PaperAPIError) {
            let params =
                route.method == .get
                ? try RequestParams.query(Substring(decoding: payload, as: UTF8.self))
                : try RequestParams.body(payload)
            _ = try route.run(apiKey: apiKey, params: params, nowMs: core.serverNowMs(), core: core)
            return 0
        } catch {
            return error.retCode
        }
    }
}
