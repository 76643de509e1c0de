/// Where requests go: one of Bybit's environments, or any base URL (the paper exchange,
/// a proxy, a regional host).
///
/// API keys are per environment (Bybit's 10003 text: "there are 4 env: mainnet,
/// testnet, mainnet-demo, testnet-demo"), so the environment is always chosen explicitly.
/// Plain `http` is accepted only for loopback hosts: a signed request over cleartext to
/// another machine would expose the key and let anyone replay it inside the recv window.
public struct BybitEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// `"mainnet"`, `"testnet"`, `"demo"`, or the name given to ``custom(baseURL:name:)``
    /// (default `"custom"`; the runner uses `"paper"` for its in-process exchange).
    public let name: String
    /// The base URL without a trailing slash, e.g. `https://api.bybit.com`;
    /// endpoint paths (`/v5/...`) are appended to it.
    public let baseURL: String

    private init(name: String, baseURL: String) {
        self.name = name
        self.baseURL = baseURL
    }

    /// Bybit mainnet, `https://api.bybit.com`.
    public static let mainnet = BybitEnvironment(name: "mainnet", baseURL: "https://api.bybit.com")
    /// Bybit testnet, `https://api-testnet.bybit.com`.
    public static let testnet = BybitEnvironment(name: "testnet", baseURL: "https://api-testnet.bybit.com")
    /// Demo trading on mainnet, `https://api-demo.bybit.com`.
    public static let demo = BybitEnvironment(name: "demo", baseURL: "https://api-demo.bybit.com")

    /// Any base URL: `https://host[:port][/prefix]`, or `http://` for a loopback host
    /// (`127.0.0.0/8`, `::1`, `localhost`).
    ///
    /// - Throws: a `validation` ``BybitError`` naming the problem: not http(s), no host,
    ///   credentials, a query or fragment in the URL, or `http` to a non-loopback host.
    public static func custom(baseURL: String, name: String = "custom") throws(BybitError) -> BybitEnvironment {
        func invalid(_ why: String) -> BybitError {
            .validation("invalid base URL '\(baseURL)': \(why)", endpoint: "")
        }
        let parts = try URLParts(baseURL, invalid: invalid)
        if parts.scheme == "http" && !Self.isLoopback(parts.host) {
            throw invalid("http is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https")
        }
        var normalized = "\(parts.scheme)://\(parts.authority)\(parts.path)"
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return BybitEnvironment(name: name, baseURL: normalized)
    }

    /// Whether `host` (brackets stripped for IPv6) names the loopback interface.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { o in
            !o.isEmpty && o.count <= 3 && o.allSatisfy(\.isASCII) && o.allSatisfy(\.isNumber) && Int(o)! <= 255
        }
    }

    /// `name (baseURL)`.
    public var description: String { "\(name) (\(baseURL))" }
}

/// The pieces of a base URL, split by hand so the rules above are explicit rather than
/// whatever a URL parser happens to accept.
private struct URLParts {
    let scheme: String
    let authority: String
    let host: String
    let path: String

    init(_ text: String, invalid: (String) -> BybitError) throws(BybitError) {
        guard let sep = text.range(of: "://") else { throw invalid("expected scheme://host") }
        scheme = text[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("the scheme must be http or https") }
        let rest = text[sep.upperBound...]
        if rest.contains("?") || rest.contains("#") { throw invalid("no query or fragment allowed") }
        if rest.contains(where: { $0.isWhitespace }) { throw invalid("whitespace in URL") }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        authority = String(rest[..<slash])
        path = String(rest[slash...])
        if authority.contains("@") { throw invalid("credentials in the URL are not allowed") }
        guard !authority.isEmpty else { throw invalid("no host") }
        var hostPart = Substring(authority)
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            let after = hostPart[hostPart.index(after: close)...]
            try Self.checkPort(after, invalid: invalid)
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.firstIndex(of: ":") {
            try Self.checkPort(hostPart[colon...], invalid: invalid)
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw invalid("no host") }
        host = String(hostPart)
    }

    /// Accepts nothing or `:port` with a port in 1...65535.
    static func checkPort(_ s: Substring, invalid: (String) -> BybitError) throws(BybitError) {
        if s.isEmpty { return }
        let digits = s.dropFirst()
        guard s.first == ":", !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(digits), (1...65535).contains(port)
        else {
            throw invalid("invalid port")
        }
    }
}
