import BybitAPI

/// The paper exchange's account controls, as the `bybit.paper.*` bindings see them (the
/// runner's paper adapter supplies them; BybitLua does not depend on PaperExchange).
/// Each acts on the run's own account, in process, through the same code as the
/// exchange's `/paper/` endpoints.
public protocol PaperAccountControl: AnyObject {
    /// Opens (or replaces) a position.
    func openPosition(_ request: PaperPositionRequest) throws(PaperControlRefusal)
    /// Sets one coin's wallet balance.
    func setWallet(coin: String, amount: ExactDecimal) throws(PaperControlRefusal)
    /// Sets the account's margin mode (`ISOLATED_MARGIN`, `REGULAR_MARGIN`, `PORTFOLIO_MARGIN`).
    func setMarginMode(_ mode: String) throws(PaperControlRefusal)
    /// Puts a flat symbol in hedge mode (`true`) or one-way mode.
    func setPositionMode(symbol: String, hedge: Bool) throws(PaperControlRefusal)
}

/// What `bybit.paper.open_position{…}` asks for; nil fields take the exchange's defaults
/// (entry at the mark, the slot's leverage, the slot the side implies).
public struct PaperPositionRequest: Sendable {
    public var symbol: String
    /// `Buy` or `Sell`.
    public var side: String
    public var size: ExactDecimal
    public var entryPrice: ExactDecimal?
    public var leverage: ExactDecimal?
    public var positionIdx: Int?

    /// A request; the optional fields default to nil.
    public init(
        symbol: String, side: String, size: ExactDecimal, entryPrice: ExactDecimal? = nil,
        leverage: ExactDecimal? = nil, positionIdx: Int? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.size = size
        self.entryPrice = entryPrice
        self.leverage = leverage
        self.positionIdx = positionIdx
    }
}

/// Why the paper exchange refused a control: Bybit's code (10001 for input it cannot
/// take) and its message, without the `params error:` prefix.
public struct PaperControlRefusal: Error, Sendable {
    public let code: Int
    public let message: String

    /// A refusal with the exchange's code and message.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}
