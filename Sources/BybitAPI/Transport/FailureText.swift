#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The words a transport failure shows the user: what happened, named by the server the
/// user configured — never a library's type name, an errno number or a call name.
///
/// Each text is one clause; the client adds what it means for the request ("…; nothing
/// was sent", "…; it may have executed").
enum FailureText {
    /// `cannot connect to 127.0.0.1:1 (connection refused)`.
    static func cannotConnect(_ server: String, _ reason: String) -> String {
        "cannot connect to \(server) (\(reason))"
    }

    /// `unknown host 'nope.invalid'`.
    static func unknownHost(_ host: String) -> String { "unknown host '\(host)'" }

    /// A name lookup that failed for another reason than the name not existing.
    static func lookupFailed(_ host: String, _ reason: String) -> String {
        "cannot look up host '\(host)' (\(reason))"
    }

    /// A connection that was not made within the connect timeout.
    static func connectTimedOut(_ server: String, ms: Int64) -> String {
        cannotConnect(server, "no answer within \(seconds(ms))")
    }

    /// A reply silent for the whole read timeout.
    static func noReply(_ server: String, ms: Int64) -> String {
        "no reply from \(server) within \(seconds(ms))"
    }

    /// A reply still incomplete when the request's own time limit passed.
    static func requestDeadline(_ server: String, ms: Int64) -> String {
        "no complete reply from \(server) within the request's \(seconds(ms)) limit"
    }

    /// The server closed or reset the connection before the reply was complete.
    static func closed(_ server: String, _ how: String = "closed") -> String {
        "\(server) \(how) the connection before the reply was complete"
    }

    /// A socket error after the request was handed over.
    static func connectionFailed(_ server: String, _ reason: String) -> String {
        "the connection to \(server) failed (\(reason))"
    }

    /// An `errno` in words: the common network ones in the user's terms, any other as
    /// the C library says it.
    static func reason(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ECONNRESET: "connection reset"
        case ETIMEDOUT: "timed out"
        case EHOSTUNREACH: "host unreachable"
        case ENETUNREACH: "network unreachable"
        case EADDRNOTAVAIL: "address not available"
        case EPIPE: "connection closed"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// `10 s`, `1.5 s`, `0.25 s`.
    static func seconds(_ ms: Int64) -> String {
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        var fraction = String(ms % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(ms / 1000).\(fraction) s"
    }
}
