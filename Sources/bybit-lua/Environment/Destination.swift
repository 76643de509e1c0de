#if canImport(Glibc)
    import Glibc
#endif

/// A `[profile.NAME]` of the config file, with where it came from for messages.
struct NamedProfile {
    let name: String
    let path: String
    let values: [String: String]

    /// The keys a profile may set.
    static let keys = ["env", "base_url", "api_key", "api_secret", "rsa_private_key_file"]

    /// `profile 'desk' in /home/me/.config/bybit-lua/config.toml`.
    var label: String { "profile '\(name)' in \(path)" }
    var env: String? { values["env"] }
    var baseURL: String? { values["base_url"] }

    /// Reads profile `name` from the config file at `configPath`; every failure is a
    /// usage error naming the file.
    static func load(_ name: String, configPath: String?) throws(RunOptions.UsageError) -> NamedProfile {
        guard let path = configPath else {
            throw .init(message: "--profile needs a home directory for ~/.config/bybit-lua/config.toml")
        }
        if access(path, F_OK) != 0 && errno == ENOENT {
            throw .init(
                message:
                    "--profile \(name): there is no config file \(path); create it with a [profile.\(name)] table and chmod 600 it"
            )
        }
        let file: ConfigFile
        do { file = try ConfigFile(path: path) } catch { throw .init(message: error.description) }
        guard let values = file.profiles[name]?.values else {
            let known = file.profiles.keys.sorted().joined(separator: ", ")
            throw .init(message: "no profile '\(name)' in \(path)\(known.isEmpty ? "" : " (profiles: \(known))")")
        }
        let profile = NamedProfile(name: name, path: path, values: values)
        for key in values.keys.sorted() where !keys.contains(key) {
            throw .init(message: "\(profile.label): unknown key '\(key)' (\(keys.joined(separator: ", ")))")
        }
        return profile
    }
}

/// Where a run trades, chosen from `--env`, `--base-url` and the profile by one rule: a
/// flag on the command line is never overridden by the file, nor the file by a flag. When
/// both name a place they must agree, or the run is a usage error before anything is
/// sent — a testnet profile's keys never go to mainnet, and a run pointed at a local
/// server never trades where the profile says.
enum Destination: Equatable {
    /// `paper`, `testnet`, `demo` or `mainnet`.
    case environment(String)
    /// Any server (`custom`); `origin` names where the URL came from, for messages.
    case server(url: String, origin: String)

    static func choose(_ o: SessionOptions, profile: NamedProfile?) throws(RunOptions.UsageError) -> Destination {
        func refuse(_ message: String) -> RunOptions.UsageError { .init(message: message) }
        if let env = o.env, o.baseURL != nil {
            throw refuse("--base-url chooses its own environment ('custom'); drop --env \(env)")
        }
        guard let p = profile else {
            if let url = o.baseURL { return .server(url: url, origin: "--base-url") }
            return .environment(o.env ?? "paper")
        }
        if let env = p.env, !SessionOptions.environments.contains(env) {
            if env == "custom" {
                throw refuse(
                    "\(p.label): env = \"custom\" is not an environment; name the server with base_url = \"https://…\" instead of env"
                )
            }
            throw refuse(
                "\(p.label): env must be one of \(SessionOptions.environments.joined(separator: ", ")), got '\(env)' (use base_url for any other server)"
            )
        }
        if let env = p.env, let url = p.baseURL {
            throw refuse("\(p.label) sets both env = \"\(env)\" and base_url = \"\(url)\"; keep one")
        }
        let fileChoice = p.env.map { "env = \"\($0)\"" } ?? p.baseURL.map { "base_url = \"\($0)\"" }
        if let url = o.baseURL {
            if let fileChoice {
                throw refuse(
                    "--base-url \(url) conflicts with \(p.label), which sets \(fileChoice); drop --base-url, or use a profile that holds only credentials"
                )
            }
            return .server(url: url, origin: "--base-url")
        }
        if let env = o.env {
            if let fileChoice, p.env != env {
                throw refuse(
                    "--env \(env) conflicts with \(p.label), which sets \(fileChoice); its keys are not for \(env). Drop --env, or use a \(env) profile"
                )
            }
            return .environment(env)
        }
        if let url = p.baseURL { return .server(url: url, origin: "\(p.label): base_url") }
        if let env = p.env { return .environment(env) }
        throw refuse(
            "\(p.label) names no environment: add env = \"testnet\" (or demo, mainnet, paper) or base_url = \"https://…\" to it, or pass --env"
        )
    }
}
