#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where a ``LoopbackTransport`` connects: a loopback address and port parsed once from
/// an `http://` base URL, the `Host` header and the path prefix.
struct LoopbackEndpoint: Sendable, Equatable {
    /// IPv4 (`127.x.y.z`) or IPv6 (`::1`).
    enum Address: Sendable, Equatable {
        case v4(UInt32)  // network byte order
        case v6
    }

    /// Addresses to try in order (`localhost` gives both).
    let addresses: [Address]
    let port: UInt16
    /// The URL's authority, sent as `Host`.
    let host: String
    /// The base URL's path (`""` or `/prefix`), put before every endpoint path.
    let prefix: String

    /// Parses `http://host[:port][/prefix]` where host is `127.0.0.0/8`, `[::1]` or
    /// `localhost`; nil for anything else (https, another host), which the caller sends
    /// through async-http-client instead.
    init?(baseURL: String) {
        guard baseURL.hasPrefix("http://") else { return nil }
        let rest = baseURL.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        prefix = String(rest[slash...])
        host = String(authority)

        var name = Substring(authority)
        var portText: Substring? = nil
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return nil }
            let after = name[name.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
            name = name[name.index(after: name.startIndex)..<close]
        } else if let colon = name.lastIndex(of: ":") {
            portText = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        if let portText {
            guard let p = UInt16(portText), p > 0 else { return nil }
            port = p
        } else {
            port = 80
        }
        switch name.lowercased() {
        case "localhost": addresses = [.v4(Self.v4(127, 0, 0, 1)), .v6]
        case "::1", "0:0:0:0:0:0:0:1": addresses = [.v6]
        default:
            var raw = in_addr()
            guard inet_pton(AF_INET, String(name), &raw) == 1,
                UInt32(bigEndian: raw.s_addr) >> 24 == 127
            else { return nil }
            addresses = [.v4(raw.s_addr)]
        }
    }

    private static func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 {
        (a << 24 | b << 16 | c << 8 | d).bigEndian
    }
}
