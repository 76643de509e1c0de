import BybitAPI
import BybitLua
import BybitReplay
import BybitStreams
import LuaKit
import PaperExchange

#if canImport(Glibc)
    import Glibc
#endif

/// What a replay run is made of: the in-process paper exchange (random walk and price path
/// off, rate limits off, its clock the virtual one), the driver reading the price files,
/// and the hooks the runner and the session factory take from it (the script's clock, the
/// client's clock, the in-process event feed).
final class ReplaySetup {
    let exchange: PaperExchange
    let driver: ReplayDriver
    /// How many price rows the files hold between --from and --to (counted while checking them).
    let tickCount: Int
    /// `--seed`: the exchange's key and the generated `orderLinkId`s follow it.
    let seed: UInt64

    /// A problem with the replay's inputs: reported, nothing run, exit 2.
    struct StartError: Error {
        let message: String
    }

    /// Reads the scenario, checks every price file whole (streamed) before anything runs,
    /// starts the exchange at the first row's time and makes the driver.
    init(_ args: ReplayArguments, script: String) throws(StartError) {
        seed = args.seed
        var config = PaperExchange.Configuration()
        if let path = args.scenario {
            let bytes: [UInt8]
            do { bytes = try readWholeFile(path, what: "scenario file") } catch { throw .init(message: error.message) }
            do {
                var scenario = try Scenario(json: bytes)
                scenario.pricePath = nil  // the marks follow the price files only
                config.scenario = scenario
                if let first = scenario.accounts.first { config.credentials = [first.credential] }
            } catch {
                throw .init(message: "scenario file \(path): \(error.description)")
            }
        }
        if config.credentials.isEmpty {
            // deterministic per --seed: nothing in a replay is random
            config.credentials = [
                APICredential(apiKey: "replay-\(args.seed)", hmacSecret: "replay-secret-\(args.seed)")
            ]
        }
        let first: PriceTick
        do {
            let opened = try PriceSource(files: args.prices, candlePath: args.candlePath, from: args.from, to: args.to)
            guard let tick = try opened.next() else { throw ReplayInputError("no prices to replay") }
            first = tick
        } catch { throw .init(message: "\(error)") }
        let clock = VirtualClock(startMs: first.timeMs)
        config.clock = clock
        config.autoplay = false
        config.walk = nil
        config.enforceRateLimits = false
        do { exchange = try PaperExchange.startBlocking(config) } catch {
            throw .init(message: "cannot start the replay's paper exchange: \(error)")
        }
        let listed = exchange.listedSymbols
        do {
            // the whole history is checked before the script runs: a bad row runs nothing
            let check = try PriceSource(
                files: args.prices, candlePath: args.candlePath, from: args.from, to: args.to, listed: listed)
            var n = 0
            while try check.next() != nil { n += 1 }
            tickCount = n
            let source = try PriceSource(
                files: args.prices, candlePath: args.candlePath, from: args.from, to: args.to, listed: listed)
            driver = try ReplayDriver(
                source: source, clock: clock, exchange: exchange, apiKey: exchange.apiKey,
                trace: ReplayTrace(script: script, seed: args.seed), speed: args.speed, stop: Self.stopRequested)
        } catch {
            exchange.shutdownBlocking()
            throw .init(message: "\(error)")
        }
    }

    /// Ctrl-C or a stop signal, or the run's wall-clock deadline (`--timeout`).
    static let stopRequested: @Sendable () -> Bool = {
        if StopSignals.receivedCount > 0 { return true }
        guard let at = RunningScript.deadlineNanoseconds else { return false }
        return ReplayClockReading.monotonicNs() >= at
    }

    /// The script's clock: `os.time`, `os.date`, `os.clock`, `bybit.now`, `bybit.sleep`.
    var scriptClock: ScriptClock {
        let driver = driver
        return ScriptClock(nowMs: { driver.clock.nowMs() }, sleep: { driver.sleep(milliseconds: $0) })
    }

    /// The session runs as `replay` (no `bybit.paper`: the marks are the files'), its
    /// `bybit.events` loops fed in-process, its generated `orderLinkId`s on the virtual
    /// clock and `--seed`.
    func configure(_ o: inout BybitSession.Options) {
        let driver = driver
        o.environment = "replay"
        o.newOrderLinkId = ReplayOrderLinkIds(seed: seed, nowMs: { driver.clock.nowMs() }).next
        o.eventSource = { subscription, client in
            try ReplayEvents(driver: driver, subscription: subscription, client: client)
        }
    }

    /// The run's client: the real signed client, answered by the replay's exchange in the
    /// script's thread (no socket: see `PaperExchange+InProcess.swift`), on the virtual
    /// clock (its waits let virtual time pass).
    func client(_ base: BybitClientConfiguration) -> BybitClient {
        var c = base
        c.inProcessExchange = exchange
        let driver = driver
        c.clock = BybitClock(now: { driver.clock.nowMs() }, sleep: { _ = driver.sleep(milliseconds: $0) })
        return BybitClient(configuration: c, signer: Signer(apiKey: exchange.apiKey, hmacSecret: exchange.apiSecret))
    }

    /// The environment the client is pointed at.
    func environment() throws -> BybitEnvironment {
        try BybitEnvironment.custom(baseURL: exchange.baseURL, name: "replay")
    }
}

/// The monotonic clock the wall-time stop check reads.
enum ReplayClockReading {
    static func monotonicNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
