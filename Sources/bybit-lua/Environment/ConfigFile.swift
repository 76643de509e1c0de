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
/// Only this subset of TOML is read (tables, `key = "string"`, comments); anything
/// else is an error that names the line. The file holds secrets, so it is refused
/// when group or others can read it.
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

    /// Reads and checks the file. The permission check comes first: a readable
    /// secret is refused before a byte of it is parsed.
    init(path: String) throws(Failure) {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        if st.st_mode & (S_IRWXG | S_IRWXO) != 0 {
            let mode = String(st.st_mode & 0o777, radix: 8)
            throw Failure(description: "\(path) is readable by others (mode \(mode)); it holds API secrets. Run: chmod 600 \(path)")
        }
        guard let text = readSmallFile(path) else {
            throw Failure(description: "cannot read \(path) (or it is larger than 1 MiB)")
        }
        profiles = try Self.parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(Failure) -> [String: Profile] {
        var profiles: [String: Profile] = [:]
        var current: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(raw).trimmed
            if line.isEmpty { continue }
            func fail(_ why: String) -> Failure { Failure(description: "\(path):\(n + 1): \(why)") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.hasPrefix("[profile.") else {
                    throw fail("expected a [profile.NAME] table")
                }
                let name = String(line.dropFirst("[profile.".count).dropLast()).trimmed
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw fail("profile names use letters, digits, '_' and '-'")
                }
                current = name
                profiles[name, default: Profile()] = profiles[name] ?? Profile()
                continue
            }
            guard let profile = current else { throw fail("a key outside any [profile.NAME] table") }
            guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = \"value\"") }
            let key = String(line[..<eq]).trimmed
            let value = String(line[line.index(after: eq)...]).trimmed
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\""),
                  !value.dropFirst().dropLast().contains("\"") else {
                throw fail("the value of '\(key)' must be a double-quoted string")
            }
            profiles[profile]!.values[key] = String(value.dropFirst().dropLast())
        }
        return profiles
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var inString = false
        for i in line.indices {
            if line[i] == "\"" { inString.toggle() }
            if line[i] == "#" && !inString { return line[..<i] }
        }
        return line
    }
}

extension StringProtocol {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
