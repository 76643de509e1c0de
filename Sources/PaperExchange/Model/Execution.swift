import BybitAPI

/// One fill (`execution/list`, `execType` `Trade`).
struct Execution: Sendable, Equatable {
    let execId: String
    let orderId: String
    let orderLinkId: String
    let symbol: String
    let category: Instrument.Category
    let side: PositionSide
    let orderType: Order.OrderType
    let orderPrice: ExactDecimal?
    let orderQty: ExactDecimal
    let stopKind: Order.StopKind?
    let execPrice: ExactDecimal
    let execQty: ExactDecimal
    /// `qty × price` (linear, quote coin) or `qty / price` (inverse, coin).
    let execValue: ExactDecimal
    let execFee: ExactDecimal
    let feeRate: ExactDecimal
    let feeCurrency: String
    let isMaker: Bool
    /// How much of an opposite position this fill closed.
    let closedSize: ExactDecimal
    /// Realised PnL of the closed part, before fees.
    let execPnl: ExactDecimal
    let markPrice: ExactDecimal
    let execTime: Int64
    let seq: Int
}
