import BybitAPI

/// One order of a paper account, as `order/realtime` and `order/history` show it.
///
/// The paper exchange fills an order whole or not at all (it has no order book, only the
/// mark price), so an order is `New` (resting), `Filled`, `Cancelled` or `Rejected` and
/// never partially filled.
struct Order: Sendable, Equatable {
    enum Status: String, Sendable {
        case new = "New"
        case filled = "Filled"
        case cancelled = "Cancelled"
        case rejected = "Rejected"

        /// Whether the order can still fill or be cancelled.
        var isOpen: Bool { self == .new }
    }

    enum OrderType: String, Sendable {
        case market = "Market"
        case limit = "Limit"
    }

    /// The supported `timeInForce` values (Bybit's `RPI` is refused).
    enum TimeInForce: String, Sendable, CaseIterable {
        case gtc = "GTC"
        case ioc = "IOC"
        case fok = "FOK"
        case postOnly = "PostOnly"
    }

    /// Which position stop made the order (`stopOrderType`, `createType`); nil for a
    /// client's order.
    enum StopKind: String, Sendable {
        case stopLoss = "StopLoss"
        case takeProfit = "TakeProfit"
        case trailingStop = "TrailingStop"
    }

    let orderId: String
    let orderLinkId: String
    let symbol: String
    let category: Instrument.Category
    let side: PositionSide
    let orderType: OrderType
    /// The limit price (`"0"` on the wire for a market order).
    let price: ExactDecimal?
    /// The quantity after reduce-only capping.
    var qty: ExactDecimal
    let timeInForce: TimeInForce
    let reduceOnly: Bool
    let closeOnTrigger: Bool
    let positionIdx: Int
    var status: Status
    var cancelType = "UNKNOWN"
    var rejectReason = "EC_NoError"
    var cumExecQty = ExactDecimal.zero
    var cumExecValue = ExactDecimal.zero
    var cumExecFee = ExactDecimal.zero
    /// Average fill price; nil until filled.
    var avgPrice: ExactDecimal?
    /// Realised PnL of the closing part, fees included (Bybit's `closedPnl`).
    var closedPnl = ExactDecimal.zero
    var stopKind: StopKind?
    /// The stop price that fired, and what it was compared with.
    var triggerPrice = ExactDecimal.zero
    var triggerBy = ""
    let createdTime: Int64
    var updatedTime: Int64

    /// Quantity still to fill.
    var leavesQty: ExactDecimal { status.isOpen ? ((try? qty.subtracting(cumExecQty)) ?? qty) : .zero }
}
