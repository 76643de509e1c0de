/// The config files and scripts the profile tests and the secret-file tests share.
extension ConfigHome {
    /// The script every such run carries where only starting matters: it prints only, so
    /// a refused run shows by `RAN`'s absence that no Lua ran, and nothing can reach an
    /// exchange even on code before a fix.
    static let printOnlyScript = ["-e", "io.write('RAN')"]

    /// A margin call that prints the position's `liqPrice`: the run reached the exchange
    /// and the profile's keys signed for it.
    static let addMarginScript = ["-e", "print(add_margin{symbol='BTCUSDT', margin='1'}.liqPrice)"]

    /// One `[profile.NAME]` table: `env`, `base_url`, the keys (`K` and `S` unless others
    /// are given; nil leaves one out) and an RSA key file, in that order, each when set.
    static func profile(
        _ name: String, env: String? = nil, baseURL: String? = nil, apiKey: String? = "K", apiSecret: String? = "S",
        rsaKeyFile: String? = nil
    ) -> String {
        let settings =
            [("env", env), ("base_url", baseURL), ("api_key", apiKey), ("api_secret", apiSecret)]
            + [("rsa_private_key_file", rsaKeyFile)]
        return ([("[profile.\(name)]")] + settings.compactMap { key, value in value.map { "\(key) = \"\($0)\"" } })
            .joined(separator: "\n") + "\n"
    }

    /// A config home holding `profiles` (each from ``profile(_:env:baseURL:apiKey:apiSecret:rsaKeyFile:)``).
    convenience init(profiles: String...) throws { try self.init(profiles.joined(separator: "\n")) }

    /// A config home whose one profile signs with `server`'s keys; `pointed`: it names the
    /// server as its `base_url` too.
    convenience init(profile name: String, signingFor server: PaperServer, pointed: Bool) throws {
        try self.init(
            Self.profile(
                name, baseURL: pointed ? server.url : nil, apiKey: server.apiKey, apiSecret: server.apiSecret))
    }
}
