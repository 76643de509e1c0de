import BybitAPI

#if canImport(Glibc)
    import Glibc
#endif

/// The API key and its secret (HMAC) or RSA private key, from one place only: the
/// profile when it sets any credential, else the environment variables. The two are
/// never mixed (a profile's key with a variable's secret), and a source that gives both a
/// secret and an RSA key is refused rather than one of them silently preferred.
enum Credentials {
    static func signer(for env: BybitEnvironment, profile: NamedProfile?) throws(RunOptions.UsageError) -> Signer {
        let key: String?
        let secret: String?
        let rsaFile: String?
        let fromProfile =
            profile.map { p in ["api_key", "api_secret", "rsa_private_key_file"].contains { p.values[$0] != nil } }
            ?? false
        if fromProfile, let p = profile {
            (key, secret, rsaFile) = (p.values["api_key"], p.values["api_secret"], p.values["rsa_private_key_file"])
            guard let key, !key.isEmpty, secret != nil || rsaFile != nil else {
                throw .init(
                    message:
                        "\(env.name) needs API credentials: \(p.label) must set api_key and api_secret (or rsa_private_key_file)"
                )
            }
            if secret != nil && rsaFile != nil {
                throw .init(message: "\(p.label) sets both api_secret and rsa_private_key_file; keep one")
            }
        } else {
            (key, secret, rsaFile) = (
                variable("BYBIT_API_KEY"), variable("BYBIT_API_SECRET"), variable("BYBIT_RSA_PRIVATE_KEY_FILE")
            )
            guard let key, !key.isEmpty, secret != nil || rsaFile != nil else {
                throw .init(
                    message: """
                        \(env.name) needs API credentials: set BYBIT_API_KEY and BYBIT_API_SECRET \
                        (or BYBIT_RSA_PRIVATE_KEY_FILE for an RSA key), or use --profile NAME with a \
                        profile in ~/.config/bybit-lua/config.toml. Without --env, scripts run on the paper exchange.
                        """)
            }
            if secret != nil && rsaFile != nil {
                throw .init(message: "both BYBIT_API_SECRET and BYBIT_RSA_PRIVATE_KEY_FILE are set; unset one")
            }
        }
        if let secret {
            guard !secret.isEmpty else { throw .init(message: "the API secret is empty") }
            return Signer(apiKey: key!, hmacSecret: secret)
        }
        let path = rsaFile!
        let bytes: [UInt8]
        do { bytes = try PrivateFile.read(path, holding: "an RSA private key", limit: 64 * 1024) } catch {
            throw .init(message: error.description)
        }
        do { return try Signer(apiKey: key!, rsaPrivateKeyPEM: String(decoding: bytes, as: UTF8.self)) } catch {
            throw .init(message: "\(path) is not an RSA private key in PEM form")
        }
    }

    /// An environment variable; an empty one counts as unset.
    private static func variable(_ name: String) -> String? {
        guard let v = getenv(name), v.pointee != 0 else { return nil }
        return String(cString: v)
    }
}
