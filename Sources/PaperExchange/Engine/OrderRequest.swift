import BybitAPI

/// A `POST /v5/order/create` as the route read it: every field well-formed, nothing yet
/// checked against the instrument, the position or the wallet (``Book/createOrder``).
struct OrderRequest: Sendable {
    var side: PositionSide
    var orderType: Order.OrderType
    /// Positive, or zero for a close-all (`reduceOnly` and `closeOnTrigger`).
    var qty: ExactDecimal
    /// Limit price (required for a limit order; ignored for a market order, as on Bybit).
    var price: ExactDecimal?
    /// nil: GTC for a limit order; a market order is always IOC.
    var timeInForce: Order.TimeInForce?
    var reduceOnly = false
    var closeOnTrigger = false
    var positionIdx: Int?
    /// `""` when the client sent none (Bybit then shows `""` too).
    var orderLinkId = ""
}

/// Bybit's answers to an order it refuses (reference part 2, §2.9).
extension PaperAPIError {
    static let orderNotFound = PaperAPIError(110001, "Order does not exist")
    static let orderLinkIdDuplicate = PaperAPIError(110072, "OrderLinkedID is duplicate")
    /// 110007 as Bybit's matching engine words it for an opening order.
    static let insufficientForOrder = PaperAPIError(110007, "ab not enough for new order")
    /// Reduce-only on a flat slot (the live wording of 110017).
    static let reduceOnlyNoPosition = PaperAPIError(
        110017, "current position is zero, cannot fix reduce-only order qty")
    /// Reduce-only when other reduce-only orders (or the side) leave nothing to reduce.
    static let reduceOnlyTruncatedToZero = PaperAPIError(110017, "orderQty will be truncated to zero")
    /// A limit price outside the instrument's price filter.
    static func priceOutOfRange(_ detail: String) -> PaperAPIError {
        PaperAPIError(110003, "Order price is out of permissible range: \(detail)")
    }
}
