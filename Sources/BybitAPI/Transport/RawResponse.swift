import NIOCore
import NIOHTTP1

/// A complete HTTP reply as received: status, headers and the body bytes.
struct RawResponse: Sendable {
    /// Replies larger than this are abandoned by either transport: no v5 reply this client
    /// asks for comes near it, and a runaway body must not grow the Lua host without bound.
    static let maxBodyBytes = 16 * 1024 * 1024
    /// What a transport says when a reply passes ``maxBodyBytes``.
    static let tooLargeMessage = "the reply body exceeds \(maxBodyBytes) bytes"

    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// Why an attempt produced no reply, and whether any of the request may have left.
///
/// `requestSent` is the money-safety bit: it is false only when AHC never handed the
/// request head to a connection (so not one byte of it can have reached the exchange);
/// after that point a failure means the exchange may have executed it.
struct TransportFailure: Error, Sendable {
    enum Kind: Sendable {
        /// The connection could not be made (refused, unreachable, host not found).
        case connect
        /// A connect, read or overall deadline passed.
        case timeout
        /// The connection closed or reset, or any other I/O failure.
        case io
        /// A reply arrived but cannot be read: it breaks HTTP, or passes one of the
        /// ``ReplyLimits`` (an endless head, interim replies, trailers, …).
        case unreadableReply
        /// ``BybitClientConfiguration/interruptRequested`` said to stop waiting for the
        /// reply to a read.
        case interrupted
    }

    var kind: Kind
    var requestSent: Bool
    /// What happened, in the user's terms (``FailureText``): one clause naming the server,
    /// never a library's type name; it carries no request data.
    var detail: String
}
