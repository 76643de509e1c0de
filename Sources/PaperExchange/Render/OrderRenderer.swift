import BybitAPI

/// Orders (`order/realtime`, `order/history`) and fills (`execution/list`) in the shape of
/// Bybit's rows: prices at the instrument's price scale, quantities and amounts as plain
/// decimal strings, times as ms strings.
enum OrderRenderer {
    static func order(_ o: Order, instrument: Instrument?) -> JSONNode {
        let scale = instrument?.priceScale ?? 2
        let price = { (v: ExactDecimal?) -> JSONNode in v.map { Format.price($0, scale: scale) } ?? "0" }
        let stop = { (v: ExactDecimal) -> JSONNode in v.isZero ? "0" : Format.price(v, scale: scale) }
        let leaves = o.leavesQty
        let leavesValue: JSONNode = {
            guard let instrument, let p = o.price ?? o.avgPrice, leaves.sign > 0,
                let v = try? Book.value(instrument, qty: leaves, price: p)
            else { return "0" }
            return Format.amount(v)
        }()
        let fee = Format.amount(o.cumExecFee)
        return .object([
            ("orderId", .string(o.orderId)), ("orderLinkId", .string(o.orderLinkId)), ("blockTradeId", ""),
            ("symbol", .string(o.symbol)),
            ("price", price(o.price ?? o.avgPrice)), ("qty", Format.plain(o.qty)), ("side", .string(o.side.rawValue)),
            ("isLeverage", ""), ("positionIdx", .int(o.positionIdx)), ("orderStatus", .string(o.status.rawValue)),
            ("createType", .string(o.stopKind.map { "CreateBy" + $0.rawValue } ?? "CreateByUser")),
            ("cancelType", .string(o.cancelType)), ("rejectReason", .string(o.rejectReason)),
            ("avgPrice", o.avgPrice.map { Format.price($0, scale: scale) } ?? ""),
            ("leavesQty", Format.plain(leaves)), ("leavesValue", leavesValue),
            ("cumExecQty", Format.plain(o.cumExecQty)), ("cumExecValue", Format.amount(o.cumExecValue)),
            ("cumExecFee", fee),
            (
                "cumFeeDetail",
                o.cumExecFee.isZero ? .object([]) : .object([(instrument?.settleCoin ?? "USDT", fee)])
            ),
            ("closedPnl", Format.amount(o.closedPnl)),
            ("timeInForce", .string(o.timeInForce.rawValue)), ("orderType", .string(o.orderType.rawValue)),
            ("stopOrderType", .string(o.stopKind?.rawValue ?? "")), ("orderIv", ""), ("marketUnit", ""),
            ("triggerPrice", stop(o.triggerPrice)), ("takeProfit", "0"), ("stopLoss", "0"), ("tpslMode", ""),
            ("ocoTriggerBy", ""), ("tpLimitPrice", "0"), ("slLimitPrice", "0"),
            ("tpTriggerBy", ""), ("slTriggerBy", ""), ("triggerDirection", 0),
            ("triggerBy", .string(o.triggerBy)), ("lastPriceOnCreated", ""), ("basePrice", ""),
            ("reduceOnly", .bool(o.reduceOnly)), ("closeOnTrigger", .bool(o.closeOnTrigger)),
            ("placeType", ""), ("smpType", "None"), ("smpGroup", 0), ("smpOrderId", ""),
            ("slippageToleranceType", "UNKNOWN"), ("slippageTolerance", "0"),
            ("createdTime", Format.ms(o.createdTime)), ("updatedTime", Format.ms(o.updatedTime)),
        ])
    }

    static func execution(_ e: Execution, instrument: Instrument?) -> JSONNode {
        let scale = instrument?.priceScale ?? 2
        return .object([
            ("symbol", .string(e.symbol)), ("orderId", .string(e.orderId)), ("orderLinkId", .string(e.orderLinkId)),
            ("side", .string(e.side.rawValue)),
            (
                "orderPrice",
                e.orderPrice.map { Format.price($0, scale: scale) } ?? Format.price(e.execPrice, scale: scale)
            ),
            ("orderQty", Format.plain(e.orderQty)), ("leavesQty", "0"),
            ("createType", .string(e.stopKind.map { "CreateBy" + $0.rawValue } ?? "CreateByUser")),
            ("orderType", .string(e.orderType.rawValue)), ("stopOrderType", .string(e.stopKind?.rawValue ?? "")),
            ("execFee", Format.amount(e.execFee)), ("execFeeV2", ""), ("execId", .string(e.execId)),
            ("execPrice", Format.price(e.execPrice, scale: scale)), ("execQty", Format.plain(e.execQty)),
            ("execType", "Trade"), ("execValue", Format.amount(e.execValue)), ("execTime", Format.ms(e.execTime)),
            ("feeCurrency", .string(e.feeCurrency)), ("isMaker", .bool(e.isMaker)),
            ("feeRate", Format.plain(e.feeRate)), ("tradeIv", ""), ("markIv", ""),
            ("markPrice", Format.price(e.markPrice, scale: scale)),
            ("indexPrice", Format.price(e.markPrice, scale: scale)),
            ("underlyingPrice", ""), ("blockTradeId", ""), ("closedSize", Format.plain(e.closedSize)),
            ("execPnl", Format.amount(e.execPnl)), ("seq", .int(e.seq)), ("extraFees", ""),
        ])
    }
}
