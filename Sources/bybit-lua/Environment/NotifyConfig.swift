import BybitLua
import TOMLKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where a run's alerts go: the `[notify]` table of config.toml (or the chosen profile's
/// own `[profile.NAME.notify]`, which replaces it), plus each `--notify URL`.
///
/// ```toml
/// [notify]
/// webhook = "https://alerts.example.com/bybit"   # generic JSON POST
/// slack = "https://hooks.slack.com/services/…"
/// discord = "https://discord.com/api/webhooks/…"
/// telegram_token = "123456:ABC…"
/// telegram_chat_id = "-1001234567890"
/// stale_alert_after = 60                          # seconds a stream may stay stale
/// ```
///
/// URLs and the token are secrets: a bad one is refused naming its key (`[notify] slack`,
/// `--notify #2`), never quoting it. The file is read with the same permission checks as
/// for API secrets, whenever it exists (alerts matter most for runs without a profile).
struct NotifyConfig {
    var targets: [NotifyTarget] = []
    var staleAlertAfterSeconds = 60.0

    static let keys = [
        "webhook", "slack", "discord", "telegram_token", "telegram_chat_id", "stale_alert_after", "telegram_api",
    ]
    /// Telegram's Bot API; `telegram_api` points it at a local server for tests.
    static let telegramAPI = "https://api.telegram.org"

    /// Reads the file at `configPath` (when it exists) and adds `notifyURLs`.
    static func load(configPath: String?, profile: String?, notifyURLs: [String]) throws(RunOptions.UsageError)
        -> NotifyConfig
    {
        var config = NotifyConfig()
        if let path = configPath, access(path, F_OK) == 0 || errno != ENOENT {
            let table = try table(in: path, profile: profile)
            if let table { try config.read(table.values, label: table.label, path: path) }
        }
        for (i, url) in notifyURLs.enumerated() {
            switch NotifyTarget.make(.webhook, url: url, number: config.targets.count + 1) {
            case .success(let target): config.targets.append(target)
            case .failure(let problem): throw .init(message: "--notify #\(i + 1): the URL \(problem.reason)")
            }
        }
        return config
    }

    /// The profile's `notify` table when it has one, else the file's `[notify]`.
    private static func table(in path: String, profile: String?) throws(RunOptions.UsageError) -> (
        values: TOMLTable, label: String
    )? {
        let root: TOMLTable
        do {
            let bytes = try PrivateFile.read(path, holding: "API secrets and webhook URLs", limit: 1 << 20)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw RunOptions.UsageError(message: "\(path) is not UTF-8 text")
            }
            _ = try ConfigFile.parse(text, path: path)  // the whole file's rules, as for --profile
            root = try ConfigDocument.parse(text, path: path)
        } catch let e as RunOptions.UsageError {
            throw e
        } catch {
            throw .init(message: "\(error)")
        }
        if let profile, let own = root["profile"]?.table?[profile]?.table?["notify"] {
            guard let t = own.table else {
                throw .init(message: "\(path): [profile.\(profile).notify] must be a table")
            }
            return (t, "[profile.\(profile).notify]")
        }
        guard let top = root["notify"] else { return nil }
        guard let t = top.table else { throw .init(message: "\(path): [notify] must be a table") }
        return (t, "[notify]")
    }

    private mutating func read(_ t: TOMLTable, label: String, path: String) throws(RunOptions.UsageError) {
        func fail(_ why: String) -> RunOptions.UsageError { .init(message: "\(path): \(label) \(why)") }
        for key in t.keys.sorted() where !Self.keys.contains(key) {
            throw fail("has an unknown key '\(key)' (\(Self.keys.dropLast().joined(separator: ", ")))")
        }
        func string(_ key: String) throws(RunOptions.UsageError) -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else {
                throw fail(
                    "\(key) must be a string in quotes, but TOML reads it as \(ConfigFile.describe(v, reveal: false))")
            }
            return s
        }
        if let v = t["stale_alert_after"] {
            let seconds = v.int.map(Double.init) ?? v.double
            guard let seconds, seconds >= 1, seconds <= 86_400 else {
                throw fail("stale_alert_after must be a number of seconds from 1 to 86400 (like 60)")
            }
            staleAlertAfterSeconds = seconds
        }
        for kind in [NotifyTarget.Kind.webhook, .slack, .discord] {
            guard let url = try string(kind.rawValue) else { continue }
            switch NotifyTarget.make(kind, url: url, number: targets.count + 1) {
            case .success(let target): targets.append(target)
            case .failure(let problem): throw fail("\(kind.rawValue): the URL \(problem.reason)")
            }
        }
        let token = try string("telegram_token")
        // A chat id is a number; written without quotes it is still read as its digits.
        var chat = t["telegram_chat_id"]?.int.map { String($0) }
        if chat == nil { chat = try string("telegram_chat_id") }
        let api = try string("telegram_api")
        guard let token, let chat else {
            if token != nil || chat != nil || api != nil {
                throw fail("needs both telegram_token and telegram_chat_id for Telegram")
            }
            return
        }
        switch NotifyTarget.telegram(
            token: token, chatID: chat, base: api ?? Self.telegramAPI, number: targets.count + 1)
        {
        case .success(let target): targets.append(target)
        case .failure(let problem): throw fail(problem.reason)
        }
    }
}

extension SessionFactory {
    /// The run's notifier (nil when no webhook is configured) and its stale-stream limit.
    func makeNotifier() throws(RunOptions.UsageError) -> (Notifier?, Double) {
        guard sendsAlerts else { return (nil, 60) }
        let config = try NotifyConfig.load(
            configPath: ConfigFile.defaultPath, profile: options.profile, notifyURLs: options.notifyURLs)
        guard !config.targets.isEmpty else { return (nil, config.staleAlertAfterSeconds) }
        let context = NotifyContext(
            script: script, env: settings.environmentName, key: settings.signer?.keyFingerprint)
        let made = Notifier(targets: config.targets, context: context, verbose: options.verbose)
        notifier = made
        RunAlerts.sink = made
        return (made, config.staleAlertAfterSeconds)
    }
}

/// The run's alerts, for the exit status's own (a crash, a guard stop): `Runner.status`
/// decides the status where no session is at hand. One run per process sets it, before
/// any Lua runs.
enum RunAlerts {
    nonisolated(unsafe) static var sink: (any AlertSink)?
}
