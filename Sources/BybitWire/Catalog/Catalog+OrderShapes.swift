extension Catalog {
    /// An order as `order/realtime` and `order/history` list it.
    public static let order = Shape(
        "bybit.Order", doc: "An order as Bybit lists it (order/realtime, order/history): \"\" fields are absent.",
        [
            Field("orderId", .text, required: true),
            Field("orderLinkId", .text, doc: "the caller's id (absent when none was given)"),
            Field("symbol", .symbol, required: true),
            Field("side", .choice(["Buy", "Sell"]), required: true),
            Field("orderType", .choice(["Market", "Limit"]), required: true),
            Field("price", .decimal, doc: "the limit price; a Market order's is its slippage bound or fill"),
            Field("qty", .decimal, required: true),
            Field("positionIdx", .integer, doc: "0 one-way, 1 hedge buy side, 2 hedge sell side"),
            Field(
                "orderStatus", .choice(orderStatuses), required: true,
                doc: "New, PartiallyFilled, Filled, Cancelled, Rejected, …"),
            Field("createType", .text), Field("cancelType", .text), Field("rejectReason", .text),
            Field("avgPrice", .decimal, doc: "the average fill price; absent before a fill"),
            Field("leavesQty", .decimal, doc: "still to fill"), Field("leavesValue", .decimal),
            Field("cumExecQty", .decimal, doc: "filled so far"), Field("cumExecValue", .decimal),
            Field("cumExecFee", .decimal),
            Field("closedPnl", .decimal),
            Field("timeInForce", .text, doc: "GTC, IOC, FOK or PostOnly"),
            Field("stopOrderType", .text), Field("triggerPrice", .decimal), Field("triggerBy", .text),
            Field("triggerDirection", .integer),
            Field("takeProfit", .decimal), Field("stopLoss", .decimal), Field("tpslMode", .text),
            Field("tpTriggerBy", .text), Field("slTriggerBy", .text),
            Field("tpLimitPrice", .decimal), Field("slLimitPrice", .decimal),
            Field("reduceOnly", .flag, lua: "boolean"), Field("closeOnTrigger", .flag, lua: "boolean"),
            Field("isLeverage", .text), Field("blockTradeId", .text), Field("orderIv", .text),
            Field("marketUnit", .text), Field("ocoTriggerBy", .text),
            Field("lastPriceOnCreated", .decimal), Field("basePrice", .decimal),
            Field("placeType", .text), Field("smpType", .text), Field("smpGroup", .integer),
            Field("smpOrderId", .text), Field("slippageToleranceType", .text),
            Field("slippageTolerance", .decimal),
            Field("createdTime", .timestamp, required: true, doc: "ms"),
            Field("updatedTime", .timestamp, required: true, doc: "ms"),
        ])

    /// A fill as `execution/list` lists it.
    public static let execution = Shape(
        "bybit.Execution", doc: "A fill as Bybit lists it (execution/list).",
        [
            Field("symbol", .symbol, required: true),
            Field("orderId", .text, required: true), Field("orderLinkId", .text),
            Field("side", .choice(["Buy", "Sell"]), required: true),
            Field("orderType", .text), Field("stopOrderType", .text), Field("createType", .text),
            Field("orderPrice", .decimal), Field("orderQty", .decimal), Field("leavesQty", .decimal),
            Field("execId", .text, required: true),
            Field("execPrice", .decimal, required: true), Field("execQty", .decimal, required: true),
            Field("execValue", .decimal), Field("execType", .text, doc: "\"Trade\", \"Funding\", …"),
            Field("execFee", .decimal), Field("execFeeV2", .decimal), Field("feeRate", .decimal),
            Field("feeCurrency", .text),
            Field("execTime", .timestamp, required: true, doc: "ms"),
            Field("isMaker", .flag, lua: "boolean"),
            Field("markPrice", .decimal), Field("indexPrice", .decimal), Field("underlyingPrice", .decimal),
            Field("tradeIv", .text), Field("markIv", .text), Field("blockTradeId", .text),
            Field("closedSize", .decimal, doc: "the part of the fill that closed a position"),
            Field("execPnl", .decimal), Field("seq", .integer), Field("extraFees", .text),
        ])
}
