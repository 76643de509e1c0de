import BybitAPI
import BybitLua

/// The options that choose the exchange and guard what a run may do:
/// `--env`, `--base-url`, `--profile`, `--dry-run`, `--max-margin`, `--allow-open-orders`, `--audit-log`,
/// `--verbose`, `--read-timeout`. Shared by `run` and `repl`.
struct SessionOptions: Equatable {
    var env: String?
    var baseURL: String?
    var profile: String?
    var dryRun = false
    /// `--max-margin` (repeatable, per coin) and `--max-margin-window`.
    var marginCaps = MarginCaps()
    /// `--allow-open-orders`: orders that can open or increase a position may be sent.
    var allowOpenOrders = false
    var auditLog: String?
    /// `--state-file PATH`: where `bybit.state` keeps its keys (default: one file per script).
    var stateFile: String?
    var verbose = false
    /// How long a reply may be silent once a request is written (default 10 s).
    var readTimeoutSeconds: Double?
    /// `--notify URL` (repeatable): a generic webhook for this run's alerts (NotifyConfig).
    var notifyURLs: [String] = []

    /// `--log-format`, `--log-level`: how `bybit.log` lines look and which are written.
    var log = LogSettings()
    /// `--metrics HOST:PORT`: where the Prometheus endpoint listens (MetricsEndpoint).
    var metrics: MetricsAddress?

    static let environments = ["paper", "testnet", "demo", "mainnet"]

    /// Parses one long option; false when `name` is not a session option.
    mutating func parse(_ name: String, value: () throws(RunOptions.UsageError) -> String) throws(RunOptions.UsageError)
        -> Bool
    {
        switch name {
        case "env":
            let v = try value()
            guard Self.environments.contains(v) else {
                throw RunOptions.UsageError(
                    message:
                        "--env must be one of \(Self.environments.joined(separator: ", ")), got '\(v)' (use --base-url for any other server)"
                )
            }
            env = v
        case "base-url":
            let v = try value()
            guard !v.isEmpty else { throw RunOptions.UsageError(message: "--base-url needs a URL") }
            baseURL = v
        case "profile":
            let v = try value()
            guard !v.isEmpty else { throw RunOptions.UsageError(message: "--profile needs a NAME") }
            profile = v
        case "dry-run": dryRun = true
        case "notify":
            let v = try value()
            guard !v.isEmpty else { throw RunOptions.UsageError(message: "--notify needs a URL") }
            notifyURLs.append(v)
        case "allow-open-orders": allowOpenOrders = true
        case "verbose": verbose = true
        case "state-file":
            let v = try value()
            guard !v.isEmpty else { throw RunOptions.UsageError(message: "--state-file needs a PATH") }
            stateFile = v
        case "audit-log":
            let v = try value()
            guard !v.isEmpty else { throw RunOptions.UsageError(message: "--audit-log needs a PATH") }
            auditLog = v
        case "read-timeout":
            let v = try value()
            guard let s = Double(v), s > 0, s <= 600 else {
                throw RunOptions.UsageError(
                    message: "--read-timeout needs seconds more than 0 and at most 600 (like 0.5 or 30), got '\(v)'")
            }
            readTimeoutSeconds = s
        case "max-margin":
            let v = try value()
            do { try marginCaps.add(v) } catch { throw RunOptions.UsageError(message: error.message) }
        case "max-margin-window":
            let v = try value()
            do { try marginCaps.setWindow(v) } catch { throw RunOptions.UsageError(message: error.message) }
        case "log-format":
            let v = try value()
            guard let f = LogSettings.Format(rawValue: v) else {
                throw RunOptions.UsageError(message: "--log-format must be logfmt or json, got '\(v)'")
            }
            log.format = f
        case "log-level":
            let v = try value()
            guard let l = LogLevel(name: v) else {
                throw RunOptions.UsageError(message: "--log-level must be debug, info, warn or error, got '\(v)'")
            }
            log.level = l
        case "metrics": metrics = try MetricsAddress(parsing: value())
        default:
            return false
        }
        return true
    }
}
