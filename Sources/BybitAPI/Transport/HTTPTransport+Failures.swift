import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What async-http-client's and NIO's errors mean for the retry policy, and how to say
/// them to the user (``FailureText``) instead of in the libraries' words.
extension HTTPTransport {
    /// Maps AHC/NIO errors onto the outcomes the retry policy distinguishes, with a text
    /// in the user's terms (``FailureText``) instead of the library's.
    func classify(_ error: any Error, requestSent: Bool) -> TransportFailure {
        func failure(_ kind: TransportFailure.Kind, _ detail: String) -> TransportFailure {
            TransportFailure(kind: kind, requestSent: requestSent, detail: detail)
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return failure(.timeout, FailureText.connectTimedOut(server, ms: connectTimeoutMs))
            case .readTimeout, .writeTimeout:
                return failure(.timeout, FailureText.noReply(server, ms: readTimeoutMs))
            case .deadlineExceeded:
                return failure(.timeout, FailureText.requestDeadline(server, ms: requestTimeoutMs))
            case .remoteConnectionClosed, .uncleanShutdown:
                return failure(.io, FailureText.closed(server))
            case .cancelled:
                return failure(.io, "the request was cancelled")
            default:
                return failure(requestSent ? .unreadableReply : .connect, "\(e)")
            }
        }
        if error is ResponseCollector.BodyTooLarge { return failure(.unreadableReply, RawResponse.tooLargeMessage) }
        if let e = error as? HTTPParserError {
            // NIO's decoder refuses a head or trailer section past its 80 KiB.
            let why = e == .headerOverflow ? "its head or trailers exceed 80 KiB" : "\(e)"
            return failure(.unreadableReply, "the reply is not valid HTTP: \(why)")
        }
        if let reason = Self.connectReason(error) {
            if case .unknownHost(let why) = reason {
                // getaddrinfo's EAI_NONAME: the name does not exist; anything else: the lookup failed.
                return failure(
                    .connect, why == nil ? FailureText.unknownHost(host) : FailureText.lookupFailed(host, why!))
            }
            if case .errno(let code) = reason {
                let text = FailureText.reason(errno: code)
                if requestSent {
                    return code == ECONNRESET
                        ? failure(.io, FailureText.closed(server, "reset"))
                        : failure(.io, FailureText.connectionFailed(server, text))
                }
                return failure(.connect, FailureText.cannotConnect(server, text))
            }
        }
        // Before the head was handed over, any failure is a failure to connect (TLS, …):
        // nothing of the request exists outside this process.
        let reason = Self.tlsReason(error) ?? "\(error)"
        return requestSent
            ? failure(.io, FailureText.connectionFailed(server, reason))
            : failure(.connect, FailureText.cannotConnect(server, reason))
    }

    /// A TLS failure in a few words — BoringSSL's reason (`WRONG_VERSION_NUMBER` → "TLS
    /// handshake failed: wrong version number") — instead of NIOSSL's dump with a source
    /// path; nil for an error that is not NIOSSL's. (BybitAPI does not link NIOSSL itself,
    /// so the error is known by its type's module.)
    static func tlsReason(_ error: any Error) -> String? {
        guard String(reflecting: type(of: error)).hasPrefix("NIOSSL.") else { return nil }
        let text = "\(error)"
        if text.contains("failedToValidateHostname") { return "its TLS certificate is not for this host" }
        guard let marker = text.range(of: "OPENSSL_internal:") else { return "TLS handshake failed" }
        let reason = text[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return "TLS handshake failed: " + String(reason.lowercased().map { $0 == "_" ? " " : $0 })
    }

    private enum ConnectReason {
        /// The name did not resolve: nil when it does not exist, else why the lookup failed.
        case unknownHost(String?)
        case errno(Int32)
    }

    /// The cause under NIO's connection errors: a name that does not resolve, or the
    /// socket's `errno`.
    private static func connectReason(_ error: any Error) -> ConnectReason? {
        switch error {
        case let e as SocketAddressError.UnknownHost:
            return .unknownHost(e.errorCode == Int(EAI_NONAME) ? nil : e.errorDescription.lowercased())
        case let e as SocketAddressError:
            if case .unknown = e { return .unknownHost(nil) }
            return nil
        case let e as IOError: return .errno(e.errnoCode)
        case let e as NIOConnectionError:
            if let dns = e.dnsAError ?? e.dnsAAAAError, let reason = connectReason(dns) { return reason }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return .unknownHost(nil) }
            return e.connectionErrors.lazy.compactMap { connectReason($0.error) }.first
        default: return nil
        }
    }
}
