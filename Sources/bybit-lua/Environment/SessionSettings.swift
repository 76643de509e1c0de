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
    /// is a usage error that says how to provide them.
    static func resolve(_ o: SessionOptions, configPath: String? = ConfigFile.defaultPath) throws(RunOptions.UsageError) -> SessionSettings {
        var profile = ConfigFile.Profile()
        if let name = o.profile {
            guard let path = configPath else { throw .init(message: "--profile needs a home directory for ~/.config/bybit-lua/config.toml") }
            let file: ConfigFile
            do { file = try ConfigFile(path: path) } catch { throw .init(message: error.description) }
            guard let p = file.profiles[name] else {
                let known = file.profiles.keys.sorted().joined(separator: ", ")
                throw .init(message: "no profile '\(name)' in \(path)\(known.isEmpty ? "" : " (profiles: \(known))")")
            }
            profile = p
            for key in p.values.keys where !["env", "base_url", "api_key", "api_secret", "rsa_private_key_file"].contains(key) {
                throw .init(message: "profile '\(name)' in \(path): unknown key '\(key)' (env, base_url, api_key, api_secret, rsa_private_key_file)")
            }
        }
        let baseURL = o.baseURL ?? profile.values["base_url"]
        let envName = o.env ?? profile.values["env"] ?? (baseURL == nil ? "paper" : "custom")
        if baseURL != nil && o.env != nil {
            throw .init(message: "--base-url chooses its own environment ('custom'); drop --env \(o.env!)")
        }
        let environment: BybitEnvironment
        switch envName {
        case "paper": return SessionSettings(target: .paper, signer: nil)
        case "testnet": environment = .testnet
        case "demo": environment = .demo
        case "mainnet": environment = .mainnet
        case "custom":
            do { environment = try .custom(baseURL: baseURL!) } catch { throw .init(message: "--base-url: \(error.message)") }
        default:
            throw .init(message: "profile env must be one of \(SessionOptions.environments.joined(separator: ", ")), got '\(envName)'")
        }
        return SessionSettings(target: .exchange(environment), signer: try makeSigner(for: environment, profile: profile))
    }

    private static func makeSigner(for env: BybitEnvironment, profile: ConfigFile.Profile) throws(RunOptions.UsageError) -> Signer {
        let key = profile.values["api_key"] ?? variable("BYBIT_API_KEY")
        let secret = profile.values["api_secret"] ?? variable("BYBIT_API_SECRET")
        let rsaFile = profile.values["rsa_private_key_file"] ?? variable("BYBIT_RSA_PRIVATE_KEY_FILE")
        guard let key, !key.isEmpty, secret != nil || rsaFile != nil else {
            throw .init(message: """
                \(env.name) needs API credentials: set BYBIT_API_KEY and BYBIT_API_SECRET \
                (or BYBIT_RSA_PRIVATE_KEY_FILE for an RSA key), or use --profile NAME with a \
                profile in ~/.config/bybit-lua/config.toml. Without --env, scripts run on the paper exchange.
                """)
        }
        if let secret {
            guard !secret.isEmpty else { throw .init(message: "the API secret is empty") }
            return Signer(apiKey: key, hmacSecret: secret)
        }
        let path = rsaFile!
        guard let pem = readSmallFile(path, limit: 64 * 1024) else { throw .init(message: "cannot read the RSA private key file \(path)") }
        do { return try Signer(apiKey: key, rsaPrivateKeyPEM: pem) } catch {
            throw .init(message: "\(path) is not an RSA private key in PEM form")
        }
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
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

extension BybitError {
    var message: String { description }
}
