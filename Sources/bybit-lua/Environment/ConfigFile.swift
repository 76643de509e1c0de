#if canImport(Glibc)
    import Glibc
#endif

/// `~/.config/bybit-lua/config.toml`: named profiles of an environment and its
/// credentials.
///
/// ```toml
/// [profile.desk]
/// env = "testnet"                 # or base_url = "https://…"
/// api_key = "…"
/// api_secret = "…"                # or rsa_private_key_file = "/path/key.pem"
/// ```
///
/// The text is read as TOML 1.0 (ConfigDocument.swift: TOMLKit); text that is not TOML is
/// an error naming the line, and TOML a profile has no use for is refused by name
/// (ConfigSchema.swift). The file holds secrets, so it is refused when anyone but its owner
/// could read or replace it (PrivateFile), and only the bytes read from the checked
/// descriptor are parsed.
struct ConfigFile {
    struct Profile: Equatable {
        var values: [String: String] = [:]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let path: String
    private(set) var profiles: [String: Profile] = [:]

    /// `$XDG_CONFIG_HOME/bybit-lua/config.toml`, else `~/.config/bybit-lua/config.toml`.
    static var defaultPath: String? {
        if let xdg = getenv("XDG_CONFIG_HOME"), xdg.pointee != 0 {
            return String(cString: xdg) + "/bybit-lua/config.toml"
        }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.config/bybit-lua/config.toml"
    }

    /// Reads and checks the file. The permission checks come first: a secret others
    /// could read or replace is refused before a byte of it is parsed.
    init(path: String) throws(Failure) {
        self.path = path
        let bytes: [UInt8]
        do { bytes = try PrivateFile.read(path, holding: "API secrets", limit: 1 << 20) } catch {
            throw Failure(description: error.description)
        }
        // TOML files are UTF-8; a replacement character would change a secret silently.
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "\(path) is not UTF-8 text")
        }
        profiles = try Self.parse(text, path: path)
    }
}
