import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// Where a run trades and with which key, resolved from the command line, a
/// profile and the environment variables — before any Lua runs.
struct SessionSettings {
    enum Target {
        /// The built-in paper exchange, started in-process on first use.
        case paper
        case exchange(BybitEnvironment)
    }

    let target: Target
    /// Nil for paper (the paper exchange hands out its own key).
    let signer: Signer?

    /// Environment variables Lua must not see.
    static let secretVariables: Set<String> = ["BYBIT_API_SECRET", "BYBIT_RSA_PRIVATE_KEY_FILE"]

    var environmentName: String {
        switch target {
        case .paper: return "paper"
        case .exchange(let e): return e.name
        }
    }

    /// Resolves the target and credentials. A real environment without credentials
    /// is a usage error that says how to provide them; so is any disagreement between
    /// the command line and the profile (Destination.swift).
    static func resolve(_ o: SessionOptions, configPath: String? = ConfigFile.defaultPath) throws(RunOptions.UsageError)
        -> SessionSettings
    {
        var profile: NamedProfile?
        if let name = o.profile { profile = try NamedProfile.load(name, configPath: configPath) }
        let environment: BybitEnvironment
        switch try Destination.choose(o, profile: profile) {
        case .environment("paper"): return SessionSettings(target: .paper, signer: nil)
        case .environment("testnet"): environment = .testnet
        case .environment("demo"): environment = .demo
        case .environment("mainnet"): environment = .mainnet
        case .environment(let other):
            throw .init(
                message: "unknown environment '\(other)' (\(SessionOptions.environments.joined(separator: ", ")))")
        case .server(let url, let origin):
            do { environment = try .custom(baseURL: url) } catch { throw .init(message: "\(origin): \(error.message)") }
        }
        return SessionSettings(
            target: .exchange(environment), signer: try Credentials.signer(for: environment, profile: profile))
    }

    /// Removes the secrets from this process's environment, overwriting the bytes
    /// first: `unsetenv` alone leaves them in the original block that
    /// `/proc/self/environ` shows.
    static func scrubSecretsFromEnvironment() {
        for name in secretVariables {
            if let p = getenv(name) { memset(p, 0, strlen(p)) }
            unsetenv(name)
        }
    }
}
