/// One applied account mutation.
///
/// Every mutation is recorded in the same critical section that applies it, so the ledger
/// and the book can never disagree: a test that sees one `add-margin` entry knows the call
/// was applied exactly once, whatever the client saw on the wire.
public struct LedgerEntry: Sendable, Equatable {
    /// 1, 2, 3, … in the order applied.
    public let seq: Int
    /// Server time when applied (skew included), ms.
    public let timeMs: Int64
    /// The account.
    public let apiKey: String
    /// What happened: ``Action``.
    public let action: Action
    /// The position's symbol.
    public let symbol: String
    /// The position's index (0 one-way, 1 buy, 2 sell).
    public let positionIdx: Int
    /// The amounts involved (`margin`, `autoAddMargin`, `bustPrice`, `loss`, …), as strings.
    public let detail: [String: String]

    /// What kind of mutation an entry records.
    public enum Action: String, Sendable, CaseIterable {
        /// `POST /v5/position/add-margin` applied.
        case addMargin = "add-margin"
        /// `POST /v5/position/set-auto-add-margin` applied.
        case setAutoAddMargin = "set-auto-add-margin"
        /// Margin topped up by auto-add as the mark approached liquidation.
        case autoAddMargin = "auto-add-margin"
        /// Position liquidated at its bankruptcy price.
        case liquidation
        /// An account created at run time (`POST /paper/accounts`).
        case createAccount = "create-account"
        /// `POST /v5/order/create` accepted (the order exists; `detail` has its
        /// `orderLinkId`, and the fill when it filled at once).
        case orderCreate = "order-create"
        /// `POST /v5/order/create` refused (`detail`: `retCode`, `retMsg`, `orderLinkId`);
        /// nothing changed.
        case orderRefused = "order-refused"
        /// `POST /v5/order/cancel` applied.
        case orderCancel = "order-cancel"
        /// A resting limit order filled as the mark crossed its price.
        case orderFill = "order-fill"
        /// `POST /v5/position/trading-stop` applied.
        case tradingStop = "trading-stop"
        /// A position's stop-loss, take-profit or trailing stop fired and closed it.
        case stopTriggered = "stop-triggered"
        /// `POST /v5/position/set-leverage` applied.
        case setLeverage = "set-leverage"
        /// `POST /v5/position/switch-mode` applied.
        case switchMode = "switch-mode"
        /// `POST /v5/account/set-margin-mode` applied.
        case setMarginMode = "set-margin-mode"
        /// A paper control changed an account (`detail["control"]`: `open-position`,
        /// `set-wallet`, `set-margin-mode`, `set-position-mode`).
        case paperControl = "paper-control"

        /// Whether a client request (not the engine) caused it.
        public var isClientRequest: Bool {
            switch self {
            case .addMargin, .setAutoAddMargin, .orderCreate, .orderRefused, .orderCancel, .tradingStop: return true
            case .setLeverage, .switchMode, .setMarginMode: return true
            case .autoAddMargin, .liquidation, .createAccount, .orderFill, .stopTriggered, .paperControl: return false
            }
        }
    }
}

/// The append-only record of applied mutations.
struct Ledger: Sendable {
    /// Entries kept for reading (up to 1,000 more between trims); older ones are dropped
    /// from memory (counts are kept), so a long-running shared server does not grow without bound.
    static let retained = 10_000

    private(set) var entries: [LedgerEntry] = []
    private(set) var total = 0
    private(set) var counts: [LedgerEntry.Action: Int] = [:]

    init() {}

    /// A ledger restored from the state file.
    init(entries: [LedgerEntry], total: Int, counts: [LedgerEntry.Action: Int]) {
        self.entries = entries
        self.total = total
        self.counts = counts
    }

    mutating func append(
        timeMs: Int64, apiKey: String, action: LedgerEntry.Action, symbol: String, positionIdx: Int,
        detail: [String: String]
    ) {
        total += 1
        counts[action, default: 0] += 1
        entries.append(
            LedgerEntry(
                seq: total, timeMs: timeMs, apiKey: apiKey, action: action, symbol: symbol,
                positionIdx: positionIdx, detail: detail))
    }

    /// Moves the retained entries out, leaving this ledger with none (counts and total stay).
    ///
    /// ``ExchangeCore/mutate(_:)`` works on a copy of the book; without this, the first
    /// append to the copy would copy up to ``retained`` entries on every mutation.
    mutating func takeEntries() -> [LedgerEntry] {
        defer { entries = [] }
        return entries
    }

    /// Puts `history` back in front of the entries appended since ``takeEntries()``, and
    /// drops the oldest beyond ``retained`` (in batches, so trimming is amortised).
    /// `history` is consumed (left empty) so its storage is reused without a copy.
    mutating func restore(history: inout [LedgerEntry]) {
        swap(&entries, &history)
        entries.append(contentsOf: history)
        history = []
        if entries.count > Self.retained + 1_000 { entries.removeFirst(entries.count - Self.retained) }
    }
}

/// A read-only copy of the ledger.
public struct LedgerSnapshot: Sendable {
    /// Retained entries, oldest first.
    public let entries: [LedgerEntry]
    /// Mutations applied since start (including entries no longer retained).
    public let total: Int
    /// Mutations applied, per action.
    public let counts: [LedgerEntry.Action: Int]

    /// Entries of one action, optionally for one account.
    public func entries(_ action: LedgerEntry.Action, apiKey: String? = nil) -> [LedgerEntry] {
        entries.filter { $0.action == action && (apiKey == nil || $0.apiKey == apiKey) }
    }

    /// How many `action` mutations were applied.
    public func count(_ action: LedgerEntry.Action) -> Int { counts[action] ?? 0 }
}
