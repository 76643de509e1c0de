public import BybitWire

/// Long or short.
public enum PositionSide: String, Sendable {
    case buy = "Buy"
    case sell = "Sell"
}

/// A position slot: one per symbol in one-way mode (`positionIdx` 0), two in hedge mode
/// (1 for the buy side, 2 for the sell side). An empty slot has size 0 and no side.
public struct Position: Sendable, Equatable {
    /// e.g. `BTCUSDT`.
    public let symbol: String
    /// 0 one-way, 1 hedge buy side, 2 hedge sell side.
    public let positionIdx: Int
    /// nil when the slot is empty.
    public var side: PositionSide?
    /// Base coin (linear) or USD contracts (inverse); always ≥ 0.
    public var size: ExactDecimal
    /// Average entry price.
    public var avgPrice: ExactDecimal
    /// The leverage the position was opened with; adding margin does not change it.
    public var leverage: ExactDecimal
    /// Margin the user (or auto-add) put on top of `value / leverage`; negative after
    /// margin was taken away by other means. Part of `positionIM`.
    public var extraMargin: ExactDecimal
    /// Auto-add-margin flag (isolated only).
    public var autoAddMargin: Bool
    /// Realised PnL since the slot opened (liquidation losses land here).
    public var cumRealisedPnl: ExactDecimal
    /// When the position was opened, ms.
    public var createdTime: Int64
    /// Last change, ms.
    public var updatedTime: Int64
    /// Take-profit, stop-loss and trailing stop (`position/trading-stop`).
    public var stops = PositionStops()

    /// A position slot; extra margin, auto-add and realised PnL default to zero/off.
    public init(
        symbol: String, positionIdx: Int, side: PositionSide?, size: ExactDecimal, avgPrice: ExactDecimal,
        leverage: ExactDecimal, extraMargin: ExactDecimal = .zero, autoAddMargin: Bool = false,
        cumRealisedPnl: ExactDecimal = .zero, createdTime: Int64 = 0, updatedTime: Int64 = 0
    ) {
        self.symbol = symbol
        self.positionIdx = positionIdx
        self.side = side
        self.size = size
        self.avgPrice = avgPrice
        self.leverage = leverage
        self.extraMargin = extraMargin
        self.autoAddMargin = autoAddMargin
        self.cumRealisedPnl = cumRealisedPnl
        self.createdTime = createdTime
        self.updatedTime = updatedTime
    }

    /// Whether there is an open position in the slot.
    public var isOpen: Bool { side != nil && size.sign > 0 }

    /// An empty slot that keeps the leverage and the auto-add setting.
    func closed(at timeMs: Int64) -> Position {
        var p = self
        p.side = nil
        p.size = .zero
        p.avgPrice = .zero
        p.extraMargin = .zero
        p.stops = PositionStops()  // Bybit cancels a position's TP/SL when it is cleared
        p.updatedTime = timeMs
        return p
    }
}

/// Where a position lives in an account.
struct PositionKey: Hashable, Sendable, Comparable {
    let symbol: String
    let positionIdx: Int

    static func < (a: PositionKey, b: PositionKey) -> Bool {
        (a.symbol, a.positionIdx) < (b.symbol, b.positionIdx)
    }
}
