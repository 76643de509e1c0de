public import BybitWire

/// Account-level margin mode, as `GET /v5/account/info` reports it (UTA 2.0: the mode
/// belongs to the account, and every position follows it).
public enum MarginMode: String, Sendable, CaseIterable {
    case isolated = "ISOLATED_MARGIN"
    case cross = "REGULAR_MARGIN"
    case portfolio = "PORTFOLIO_MARGIN"

    /// Whether the account's free balance stands behind every position (cross and
    /// portfolio margin), rather than each position's own margin (isolated).
    public var isAccountWide: Bool { self != .isolated }
}

/// A unified trading account: one per API key.
public struct Account: Sendable {
    /// The key's credential.
    public let credential: APICredential
    /// Isolated or cross, for every position of the account.
    public var marginMode: MarginMode
    /// `walletBalance` per coin (position margin is part of it, as on Bybit's UTA).
    public var wallets: [String: ExactDecimal]
    /// Symbols in hedge mode; every other symbol is one-way.
    public var hedgeModeSymbols: Set<String>
    var positions: [PositionKey: Position]
    /// Last change, ms.
    public var updatedTime: Int64

    /// - Parameters:
    ///   - positions: open positions; empty slots are created on demand.
    public init(
        credential: APICredential, marginMode: MarginMode = .isolated, wallets: [String: ExactDecimal],
        hedgeModeSymbols: Set<String> = [], positions: [Position] = [], updatedTime: Int64 = 0
    ) {
        self.credential = credential
        self.marginMode = marginMode
        self.wallets = wallets
        self.hedgeModeSymbols = hedgeModeSymbols
        self.positions = Dictionary(
            positions.map { (PositionKey(symbol: $0.symbol, positionIdx: $0.positionIdx), $0) },
            uniquingKeysWith: { _, last in last })
        self.updatedTime = updatedTime
    }

    /// The key.
    public var apiKey: String { credential.apiKey }

    /// Every stored slot, ordered by symbol then index.
    public var allPositions: [Position] { positions.keys.sorted().compactMap { positions[$0] } }

    /// The stored slots of `symbol` in ``allPositions``' order (by index), without sorting
    /// every symbol's keys: the mark engine asks for them on every mark move.
    func positions(on symbol: String) -> [Position] {
        var out: [Position] = []
        for (key, position) in positions where key.symbol == symbol { out.append(position) }
        if out.count > 1 { out.sort { $0.positionIdx < $1.positionIdx } }
        return out
    }

    /// The slot indices a symbol has in its position mode.
    func slotIndices(for symbol: String) -> [Int] { hedgeModeSymbols.contains(symbol) ? [1, 2] : [0] }

    /// The slot, or an empty one with default leverage when none is stored yet.
    func position(symbol: String, positionIdx: Int, defaultLeverage: ExactDecimal) -> Position {
        positions[PositionKey(symbol: symbol, positionIdx: positionIdx)]
            ?? Position(
                symbol: symbol, positionIdx: positionIdx, side: nil, size: .zero, avgPrice: .zero,
                leverage: defaultLeverage)
    }

    mutating func store(_ position: Position) {
        positions[PositionKey(symbol: position.symbol, positionIdx: position.positionIdx)] = position
    }

    /// The wallet balance of `coin` (zero when the account never held it).
    func walletBalance(_ coin: String) -> ExactDecimal { wallets[coin] ?? .zero }
}
