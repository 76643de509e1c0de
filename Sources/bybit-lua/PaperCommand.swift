import ArgumentParser
import Dispatch
import Foundation
import PaperExchange

/// `bybit-lua paper`: serve the Bybit-compatible paper exchange on a port, for other tools
/// (pybit, ccxt, a teammate's scripts) until SIGINT, SIGTERM or SIGHUP.
struct PaperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bybit-lua paper",
        abstract: "Serve the Bybit v5 paper exchange over HTTP.",
        discussion: """
            Accounts start with the default book (100,000 USDT, 2 BTC, a BTCUSDT long, an ETHUSDT \
            short and a BTCUSD inverse long) unless --scenario says otherwise. Point a client at the \
            printed URL and sign with the printed key. Test controls live under /paper/ \
            (mark-price, position, wallet, margin-mode, position-mode, faults, ledger, accounts); \
            GET /paper/ lists them with their bodies.
            """)

    @Option(help: "Port to listen on; 0 picks a free one, shown in the URL printed at start.")
    var port = 0

    @Option(
        help: "Address to bind. The /paper/ controls are unauthenticated: keep it on loopback unless you mean to share."
    )
    var host = "127.0.0.1"

    @Option(name: .customLong("api-key"), help: "API key to accept (default: a random one).")
    var apiKey: String?

    @Option(name: .customLong("api-secret"), help: "HMAC secret for --api-key.")
    var apiSecret: String?

    @Option(help: "JSON scenario file: accounts, positions, instruments, price path.")
    var scenario: String?

    @Option(help: "Drive mark prices with a random walk from this seed.")
    var walk: UInt64?

    @Option(name: .customLong("walk-interval-ms"), help: "Milliseconds between random-walk steps.")
    var walkIntervalMs = 1000

    @Option(help: "SQLite file keeping the accounts across restarts.")
    var state: String?

    @Flag(
        name: .customLong("no-rate-limits"),
        help:
            "Do not enforce Bybit's rate limits (benchmarks); the X-Bapi-Limit headers then report the whole budget left."
    )
    var noRateLimits = false

    @Flag(
        name: .customLong("bench-controls"),
        help:
            "Serve /paper/bench/ (the reaction-time benchmark: breaches a mark for minutes and times the add-margin answers); for scripts/bench only."
    )
    var benchControls = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (apiKey == nil) == (apiSecret == nil) else {
            throw ValidationError("--api-key and --api-secret go together")
        }
        if let apiKey, apiKey.isEmpty { throw ValidationError("--api-key must not be empty") }
        guard walkIntervalMs > 0 else { throw ValidationError("--walk-interval-ms must be positive") }
        if let reason = SystemReason.unresolvable(host) { throw ValidationError("--host \(host): \(reason)") }
    }

    func run() async throws {
        // Catch SIGINT/SIGTERM/SIGHUP before anything starts: a signal that arrives while the
        // server starts, or right after it printed its URL, is kept for `wait()` below.
        let termination = TerminationSignals()
        var config = PaperExchange.Configuration(host: host, port: port)
        if let apiKey, let apiSecret { config.credentials = [APICredential(apiKey: apiKey, hmacSecret: apiSecret)] }
        if let scenario {
            let bytes: [UInt8]
            do { bytes = try readWholeFile(scenario, what: "scenario file") } catch {
                throw PaperStartError(message: error.message)
            }
            do { config.scenario = try Scenario(json: bytes) } catch {
                throw PaperStartError(message: "scenario file \(scenario): \(error.description)")
            }
        }
        if let walk { config.walk = RandomWalkSettings(seed: walk, intervalMs: walkIntervalMs) }
        config.statePath = state
        config.enforceRateLimits = !noRateLimits
        config.benchControls = benchControls
        let exchange: PaperExchange
        do {
            exchange = try await PaperExchange.start(config)
        } catch {
            // A system error (the port is taken, not allowed) is the address's; anything else
            // (a state file that cannot be opened) says what it is itself.
            guard SystemReason.hasErrno(error) else { throw PaperStartError(message: "cannot start: \(error)") }
            throw PaperStartError(message: "cannot serve on \(host):\(port): \(SystemReason.of(error))")
        }

        var banner = """
            bybit-lua paper: Bybit v5 paper exchange at \(exchange.baseURL)
              API key:    \(exchange.apiKey)

            """
        if apiSecret == nil {
            banner += "  API secret: \(exchange.apiSecret)   (random; choose with --api-key/--api-secret)\n"
        }
        banner += "  Controls:   \(exchange.baseURL)/paper/  (GET it for the list: mark-price, position, wallet, …)\n"
        banner += "Stop with Ctrl-C.\n"
        FileHandle.standardOutput.write(Data(banner.utf8))

        let signal = await termination.wait()
        FileHandle.standardError.write(Data("bybit-lua paper: \(signal), shutting down\n".utf8))
        await exchange.shutdown()
    }

    /// Parses `arguments` (those after `paper`) and serves until SIGINT/SIGTERM/SIGHUP, for a
    /// synchronous `main.swift`: blocks the calling (main) thread while the command runs on
    /// Swift's concurrency pool. Returns the exit status: 0, 2 for a usage error, 1 when the
    /// server cannot start (port taken, bad scenario or state file).
    static func runBlocking(arguments: [String]) -> Int32 {
        let status = StatusBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                var command = try parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                status.set(0)
            } catch let failure as PaperStartError {
                FileHandle.standardError.write(Data("bybit-lua paper: \(failure.message)\n".utf8))
                status.set(1)
            } catch {
                let code = exitCode(for: error)
                let message = fullMessage(for: error)
                if !message.isEmpty {
                    let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                    stream.write(Data((message + "\n").utf8))
                }
                // The runner's exit codes (README, "The runner"): 2 for a usage error.
                status.set(code == .validationFailure ? 2 : code.rawValue)
            }
            done.signal()
        }
        done.wait()
        return status.get()
    }
}

/// Why the server did not start, in one line, printed as `bybit-lua paper: …` (exit 1).
struct PaperStartError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// An exit status handed from the command's task to the blocked main thread.
private final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int32 = 0

    func set(_ v: Int32) {
        lock.lock()
        value = v
        lock.unlock()
    }
    func get() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
