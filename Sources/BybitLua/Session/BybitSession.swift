import BybitAPI
import BybitStreams

/// What the bindings can ask of the paper exchange when it is the target (the
/// runner supplies it; BybitLua does not depend on PaperExchange).
public protocol PaperControl: AnyObject {
    /// Moves the mark price; auto-add-margin and liquidation react as on Bybit.
    func setMarkPrice(symbol: String, _ price: ExactDecimal) throws
    /// The current mark price, nil for an unknown symbol.
    func markPrice(symbol: String) -> ExactDecimal?
}

/// One run's connection to an exchange, with its guards and audit log.
///
/// The connection is made on first use, so a script that never touches the
/// exchange starts as fast as `lua` (in paper mode, the paper exchange is started
/// then too).
public final class BybitSession {
    /// Makes the client (and, in paper mode, the paper control) on first use.
    public typealias Connect = () throws -> (BybitClient, PaperControl?)

    public struct Options {
        /// `paper`, `testnet`, `demo`, `mainnet` or `custom`.
        public var environment: String
        public var dryRun = false
        /// `--max-margin` per settle coin and `--max-margin-window`; empty: no cap.
        public var marginCaps = MarginCaps()
        /// `--allow-open-orders`: orders with `reduceOnly = false` (which can open or increase
        /// a position) may be sent. Off by default: only reduce-only orders go out.
        public var allowOpenOrders = false
        public var auditLog: AuditLog?
        /// Where alerts go (`bybit.notify`, an `outcome_unknown`); nil: nowhere.
        public var alerts: (any AlertSink)?
        /// A `bybit.events` feed stale this long (seconds) raises an alert (StaleAlarm).
        public var staleAlertAfterSeconds = 60.0
        /// What `bybit.state` reads and writes (opened on first use); nil: no store.
        public var state: ScriptStateStore?
        /// `bybit.log`'s format and level (`--log-format`, `--log-level`).
        public var log = LogSettings()
        /// Where `bybit.events` loops get their events: nil for the live streams (a
        /// ``StreamHub`` on the run's client); a replay gives its in-process feed.
        public var eventSource: ((StreamSubscription, BybitClient) throws -> any EventSource)?
        /// Makes the `orderLinkId` of an order the script gave none: time and randomness
        /// live (``OrderRequest/newOrderLinkId()``); a replay's follow its virtual clock and
        /// `--seed`, so two runs log the same ids.
        public var newOrderLinkId: () -> String = { OrderRequest.newOrderLinkId() }

        public init(environment: String) { self.environment = environment }
    }

    public let options: Options
    private let connect: Connect
    private var connected: (client: BybitClient, paper: PaperControl?)?
    /// The run's open `bybit.events` loops (`bybit.stop`, `bybit.ticker` from a stream).
    let openLoops = OpenStreams()
    /// Margin counted against the caps (this run's adds and, with a window, other runs').
    lazy var budget = MarginBudget(caps: options.marginCaps, history: marginWindowLog())

    public init(options: Options, connect: @escaping Connect) {
        self.options = options
        self.connect = connect
    }

    public var isPaper: Bool { options.environment == "paper" }

    /// The client, connecting on first use.
    func client() throws -> BybitClient {
        try connection().client
    }

    func paper() throws -> PaperControl? {
        try connection().paper
    }

    private func connection() throws -> (client: BybitClient, paper: PaperControl?) {
        if let connected { return connected }
        do {
            let made = try connect()
            connected = made
            return made
        } catch let error as BybitError {
            throw error
        } catch {
            throw BybitError.network("cannot connect to the \(options.environment) exchange: \(error)", endpoint: "")
        }
    }

    /// Closes the connection pool (the runner stops the paper exchange itself).
    public func close() {
        connected?.client.shutdown()
        connected = nil
    }

    /// The coin margin is counted in for `--max-margin`: the quote coin for linear
    /// contracts (`BTCUSDT` → USDT, `BTCPERP` → USDC), the base coin for inverse ones
    /// (`BTCUSD`, `BTCUSDH26` → BTC).
    static func settleCoin(category: BybitAPI.Category, symbol: String) -> String {
        if category == .inverse {
            if let r = symbol.firstRange(of: "USD") { return String(symbol[..<r.lowerBound]) }
            return symbol
        }
        if symbol.hasSuffix("USDT") { return "USDT" }
        if symbol.hasSuffix("USDC") || symbol.hasSuffix("PERP") || symbol.contains("-") { return "USDC" }
        return "USDT"
    }
}
