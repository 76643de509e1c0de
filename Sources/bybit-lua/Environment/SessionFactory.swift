import BybitAPI
import BybitLua
import LuaKit
import PaperExchange

/// Builds a run's `BybitSession`: the paper exchange started in-process on first
/// use (same client, same signing, same HTTP as a real environment), or a client for
/// the chosen environment; the audit log; the start-up line.
final class SessionFactory {
    let settings: SessionSettings
    let options: SessionOptions
    private(set) var paperExchange: PaperExchange?

    /// The script run (for its state file's name); nil for `-e`, the REPL and tests.
    let script: String?

    init(settings: SessionSettings, options: SessionOptions, script: String? = nil) {
        self.settings = settings
        self.options = options
        self.script = script
    }

    /// The audit log: `--audit-log PATH`, else for real environments
    /// `$XDG_STATE_HOME/bybit-lua/audit.jsonl`; off for paper unless asked.
    func auditLog() throws(RunOptions.UsageError) -> AuditLog? {
        let path: String
        if let p = options.auditLog {
            path = p
        } else if case .exchange = settings.target, let state = LineEditor.stateDirectory() {
            path = state + "/audit.jsonl"
        } else {
            return nil
        }
        do { return try AuditLog(path: path) } catch { throw .init(message: "--audit-log: \(error.message)") }
    }

    func makeSession() throws(RunOptions.UsageError) -> BybitSession {
        var o = BybitSession.Options(environment: settings.environmentName)
        replay?.configure(&o)
        o.dryRun = options.dryRun
        o.marginCaps = options.marginCaps
        o.allowOpenOrders = options.allowOpenOrders
        o.state = try stateStore()
        o.log = options.log
        o.auditLog = try auditLog()
        try checkMarginWindow(o.auditLog)
        o.auditLog?.identity = auditIdentity
        auditLogForPaper = o.auditLog
        (o.alerts, o.staleAlertAfterSeconds) = try makeNotifier()
        if case .exchange(let env) = settings.target { announce(env) }
        let session = BybitSession(options: o) { [self] in try connect() }
        do { try session.prepareMarginWindow() } catch { throw .init(message: error.message) }
        return session
    }

    /// `--max-margin-window` counts earlier runs from the audit log, so it needs one, and caps.
    private func checkMarginWindow(_ log: AuditLog?) throws(RunOptions.UsageError) {
        guard let window = options.marginCaps.windowText else { return }
        if options.marginCaps.isEmpty {
            throw .init(message: "--max-margin-window \(window) needs --max-margin (what to cap per \(window))")
        }
        if log == nil {
            throw .init(
                message: "--max-margin-window needs an audit log (earlier runs' adds are counted from it): "
                    + "give --audit-log PATH")
        }
    }

    /// Who acts, on every audit line; a paper run's URL and key are filled in when its exchange starts.
    private var auditIdentity: AuditLog.Identity {
        var id = AuditLog.Identity(profile: options.profile, key: settings.signer?.keyFingerprint)
        if case .exchange(let env) = settings.target { id.baseUrl = env.baseURL }
        return id
    }

    /// The run's audit log, told the paper exchange's URL and key when it starts.
    private var auditLogForPaper: AuditLog?

    private func connect() throws -> (BybitClient, PaperControl?) {
        if let replay { return (replay.client(clientConfiguration(try replay.environment())), nil) }
        switch settings.target {
        case .exchange(let env):
            return (BybitClient(configuration: clientConfiguration(env), signer: settings.signer), nil)
        case .paper:
            var configuration = PaperExchange.Configuration()
            if let scenario = paperScenario {
                configuration.scenario = scenario
                // trade on the scenario's first account (its key), not a fresh default book
                if let first = scenario.accounts.first { configuration.credentials = [first.credential] }
            }
            let exchange = try PaperExchange.startBlocking(configuration)
            paperExchange = exchange
            auditLogForPaper?.identity.baseUrl = exchange.baseURL
            let env = try BybitEnvironment.custom(baseURL: exchange.baseURL, name: "paper")
            let signer = Signer(apiKey: exchange.apiKey, hmacSecret: exchange.apiSecret)
            auditLogForPaper?.identity.key = signer.keyFingerprint
            if options.verbose || !quietPaper {
                Console.error("bybit-lua: paper exchange at \(exchange.baseURL) (in-process; simulated money)")
            }
            return (BybitClient(configuration: clientConfiguration(env), signer: signer), PaperAdapter(exchange))
        }
    }

    /// The client's log goes to stderr at `error` (waits and retries are normal), or
    /// at `debug` with --verbose. It never carries a secret or a signature.
    private func clientConfiguration(_ env: BybitEnvironment) -> BybitClientConfiguration {
        var c = BybitClientConfiguration(environment: env)
        c.logger.logLevel = options.verbose ? .debug : .error
        // Ctrl-C, SIGTERM or SIGHUP (counted by the run's handler, limits.c) ends a read's
        // wait and any wait between attempts; a sent mutation is still waited for and audited.
        c.interruptRequested = { StopSignals.receivedCount > 0 }
        // --timeout and --max-memory bound the host calls too: a read stops waiting at the
        // run's deadline, and a reply must fit in the memory the script has left (state.c).
        c.runDeadline = { RunningScript.deadlineNanoseconds }
        c.replyMemoryAdmits = { RunningScript.memoryAdmits($0) }
        if let s = options.readTimeoutSeconds {
            c.readTimeout = Int64(s * 1000)
            c.requestTimeout = max(c.requestTimeout, c.readTimeout)
        }
        return c
    }

    /// `bybit-lua replay`: the session trades on the replay's exchange, on its clocks.
    var replay: ReplaySetup?
    /// `bybit-lua test` starts a paper exchange per spec file: no line for each.
    var quietPaper = false
    /// The run's alerts ([notify], --notify): built in makeSession, drained in shutdown.
    var notifier: Notifier?
    /// False for `bybit-lua test`: spec files send no alerts.
    var sendsAlerts = true
    /// `bybit-lua test --scenario`: the in-process exchange starts from this scenario.
    var paperScenario: Scenario?
    /// Where `bybit.state` lives when no `--state-file` says (`bybit-lua test`: in memory).
    var stateLocation: ScriptStateStore.Location?

    private func announce(_ env: BybitEnvironment) {
        if env.name == "mainnet" {
            Console.error("bybit-lua: *** MAINNET *** \(env.baseURL) — real money\(guardSummary)")
        } else {
            Console.error("bybit-lua: \(env.name) at \(env.baseURL)\(guardSummary)")
        }
    }

    private var guardSummary: String {
        var parts: [String] = []
        if options.dryRun { parts.append("dry run: nothing is sent") }
        if !options.marginCaps.isEmpty { parts.append(options.marginCaps.summary) }
        if options.allowOpenOrders { parts.append("orders may open positions") }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))"
    }

    /// Stops the in-process paper exchange, if one was started.
    func shutdown(_ session: BybitSession?) {
        notifier?.shutdown(within: 3)  // alerts of the run's last moments, bounded (a receiver may hang)
        session?.close()
        paperExchange?.shutdownBlocking()
        paperExchange = nil
    }
}

/// The paper exchange's in-process controls, as the bindings see them.
final class PaperAdapter: PaperControl {
    let exchange: PaperExchange
    init(_ exchange: PaperExchange) { self.exchange = exchange }

    func setMarkPrice(symbol: String, _ price: ExactDecimal) throws {
        _ = try exchange.setMarkPrice(symbol: symbol, price)
    }

    func markPrice(symbol: String) -> ExactDecimal? {
        exchange.markPrice(symbol: symbol)
    }
}
