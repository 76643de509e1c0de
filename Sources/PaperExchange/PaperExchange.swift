public import BybitWire
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// A Bybit-compatible paper exchange served over HTTP on loopback.
///
/// It is the default every script runs against, the server tests and benchmarks talk to,
/// and (`bybit-lua paper`) a tool a team can share. Start one in-process:
///
/// ```swift
/// let ex = try await PaperExchange.start(PaperExchange.Configuration())
/// // sign with ex.apiKey / ex.apiSecret against ex.baseURL, e.g. http://127.0.0.1:40123
/// try ex.setMarkPrice(symbol: "BTCUSDT", "58000")        // drive a scenario
/// ex.faults.set(FaultPlan(dropConnection: .next(1)))    // inject a fault
/// let applied = ex.ledger.count(.addMargin)             // what really happened
/// await ex.shutdown()
/// ```
///
/// From a plain thread (no async context) use ``startBlocking(_:)`` and
/// ``shutdownBlocking()``; every other member is synchronous and thread-safe.
public final class PaperExchange: Sendable {
    /// The bound port (the real one when 0 was asked for).
    public let port: Int
    /// The bound host.
    public let host: String
    /// `http://HOST:PORT`, the base URL to point a client at.
    public var baseURL: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    /// The first configured API key (random unless configured).
    public let apiKey: String
    /// Its HMAC secret ("" when the first key is an RSA key).
    public let apiSecret: String
    /// The fault plan, shared with `/paper/faults`.
    public var faults: FaultInjection { core.faults }

    let core: ExchangeCore
    let walk: RandomWalk?
    let pricePath: PricePathPlayer?
    /// Answers the `/v5/` routes for ``respond(method:target:headers:body:)`` (in-process).
    let responder: PaperResponder
    private let tasks: NIOLockedValueBox<[Task<Void, Never>]>
    private let serviceGroup: ServiceGroup

    init(
        port: Int, host: String, credential: APICredential, core: ExchangeCore, walk: RandomWalk?,
        pricePath: PricePathPlayer?, responder: PaperResponder, serviceGroup: ServiceGroup
    ) {
        self.port = port
        self.host = host
        self.apiKey = credential.apiKey
        self.apiSecret = credential.hmacSecret ?? ""
        self.core = core
        self.walk = walk
        self.pricePath = pricePath
        self.responder = responder
        self.tasks = NIOLockedValueBox([])
        self.serviceGroup = serviceGroup
    }

    /// Every applied mutation so far.
    public var ledger: LedgerSnapshot { core.ledgerSnapshot() }

    /// The exchange's clock (skew included), ms.
    public var serverTimeMs: Int64 { core.serverNowMs() }

    /// Sets a mark price, then runs auto-add-margin and liquidation as the move requires.
    /// - Returns: the auto-add and liquidation events it caused.
    @discardableResult
    public func setMarkPrice(symbol: String, _ price: ExactDecimal) throws -> [LedgerEntry] {
        try core.setMarkPrice(symbol: symbol, price)
    }

    /// ``setMarkPrice(symbol:_:)`` with the price as decimal text (`"58000.5"`).
    @discardableResult
    public func setMarkPrice(symbol: String, _ price: String) throws -> [LedgerEntry] {
        try core.setMarkPrice(symbol: symbol, ExactDecimal(parsing: price))
    }

    /// The current mark of `symbol`, nil when it is not listed.
    public func markPrice(symbol: String) -> ExactDecimal? {
        try? core.read { (book: Book) throws(PaperAPIError) in book.marks[symbol] }
    }

    /// A copy of the account behind `apiKey`.
    public func account(apiKey: String) -> Account? {
        try? core.read { (book: Book) throws(PaperAPIError) in book.accounts[apiKey] }
    }

    /// Adds an account with the default book (a teammate's key on a shared server).
    public func addAccount(_ credential: APICredential) throws { try core.createAccount(credential) }

    /// One step of the random walk; nil when none is configured.
    @discardableResult
    public func stepWalk() throws -> [LedgerEntry]? { try walk?.step(core) }

    /// The next step of the scenario's price path; nil when there is none or it has ended.
    @discardableResult
    public func stepPricePath() throws -> [LedgerEntry]? { try pricePath?.step(core) }

    func adopt(_ task: Task<Void, Never>) { tasks.withLockedValue { $0.append(task) } }

    /// Stops the price drivers and shuts the server down gracefully (in-flight requests are
    /// answered, idle connections closed); returns when it has stopped. Idempotent.
    public func shutdown() async {
        let running = tasks.withLockedValue { tasks in
            defer { tasks = [] }
            return tasks
        }
        await serviceGroup.triggerGracefulShutdown()
        for task in running.dropFirst() { task.cancel() }  // [0] is the server task: it ends by itself
        for task in running { await task.value }
    }
}
