public import BybitWire

/// Everything the isolated-margin formulas need to know about one position.
public struct PositionTerms: Sendable, Equatable {
    /// Linear or inverse: which formulas apply.
    public var category: Instrument.Category
    /// Long (`Buy`) or short (`Sell`).
    public var side: PositionSide
    /// Base coin (linear) or USD contracts (inverse), > 0.
    public var size: ExactDecimal
    /// Average entry price.
    public var entryPrice: ExactDecimal
    /// The position's leverage (IM = PV / leverage).
    public var leverage: ExactDecimal
    /// Margin on top of `value / leverage` (added by the user or auto-add; negative after
    /// funding took some away). Reference §5: "ExtraMarginAdded".
    public var extraMargin: ExactDecimal
    /// The risk tier's maintenance margin rate.
    public var maintenanceMarginRate: ExactDecimal
    /// The risk tier's MM deduction.
    public var mmDeduction: ExactDecimal
    /// Digits after the point in prices; liquidation and bankruptcy prices are rounded
    /// half-up to it (which reproduces every worked example in the reference).
    public var priceScale: Int

    /// Terms for one position; MMR and deduction come from its risk tier.
    public init(
        category: Instrument.Category, side: PositionSide, size: ExactDecimal, entryPrice: ExactDecimal,
        leverage: ExactDecimal, extraMargin: ExactDecimal = .zero, maintenanceMarginRate: ExactDecimal,
        mmDeduction: ExactDecimal = .zero, priceScale: Int = 2
    ) {
        self.category = category
        self.side = side
        self.size = size
        self.entryPrice = entryPrice
        self.leverage = leverage
        self.extraMargin = extraMargin
        self.maintenanceMarginRate = maintenanceMarginRate
        self.mmDeduction = mmDeduction
        self.priceScale = priceScale
    }
}
