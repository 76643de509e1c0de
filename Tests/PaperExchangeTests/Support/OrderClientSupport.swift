import BybitAPI
import Foundation

@testable import PaperExchange

/// The project's client against an in-process paper exchange, for the order tests: real
/// signed HTTP over loopback; rate limits off (hundreds of orders in a few seconds).
enum OrderClientSupport {
    /// A paper exchange with the default book and no rate limits; marks do not move.
    static var exchange: PaperExchange.Configuration {
        var c = PaperExchange.Configuration(enforceRateLimits: false)
        c.autoplay = false
        return c
    }

    /// A client with the given read timeout (ms) whose order-recovery waits are asked of
    /// a clock that does not sleep (``waits`` records them).
    static func client(
        _ ex: PaperExchange, readTimeout: Int64 = 30_000, waits: WaitLog? = nil,
        configure: (inout BybitClientConfiguration) -> Void = { _ in }
    ) throws -> BybitClient {
        var config = BybitClientConfiguration(
            environment: try BybitEnvironment.custom(baseURL: ex.baseURL, name: "paper"))
        config.readTimeout = readTimeout
        config.retry.orderRecovery.lookupBackoff = 1
        config.retry.orderRecovery.maxLookupBackoff = 2
        let system = BybitClock.system
        config.clock = BybitClock(now: system.now, sleep: { ms in waits?.add(ms) })
        config.logger.logLevel = .error  // each recovery warns; hundreds of trials would flood the output
        configure(&config)
        return BybitClient(configuration: config, signer: Signer(apiKey: ex.apiKey, hmacSecret: ex.apiSecret))
    }

    /// The error a blocking call threw (nil when it returned).
    static func error(_ body: () throws(BybitError) -> Void) -> BybitError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}

/// The waits a client asked for (ms), from the thread it runs on.
final class WaitLog: @unchecked Sendable {
    private var values: [Int64] = []
    private let lock = NSLock()

    func add(_ ms: Int64) { lock.withLock { values.append(ms) } }
    var all: [Int64] { lock.withLock { values } }
}

extension PaperExchange {
    /// How many orders the ledger shows placed under each `orderLinkId`.
    var ordersPlacedByLinkId: [String: Int] {
        Dictionary(grouping: ledger.entries(.orderCreate), by: { $0.detail["orderLinkId"] ?? "" }).mapValues(\.count)
    }
}
