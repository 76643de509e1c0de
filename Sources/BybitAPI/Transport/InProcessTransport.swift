import NIOCore
import NIOHTTP1

/// An exchange that answers in the caller's thread, with no socket or HTTP framing in
/// between: the replay's paper exchange. A client given one
/// (``BybitClientConfiguration/inProcessExchange``) signs, sends and reads exactly as
/// over HTTP; only the transport is skipped.
public protocol InProcessExchange: Sendable {
    /// Answers one request.
    /// - Parameters:
    ///   - method: `GET` or `POST`.
    ///   - target: the endpoint path and, for a GET, `?` and the query.
    ///   - headers: the request's headers (the signature's among them).
    ///   - body: the signed bytes of a POST; nil for a GET.
    func respond(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]?)
        -> InProcessReply
}

/// An in-process exchange's answer: what an HTTP reply would have carried.
public struct InProcessReply: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The reply's headers (content type, rate-limit status).
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A reply with this status, these headers and this body.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The ``Transport`` for an ``InProcessExchange``: a call into it. Nothing can be lost
/// on the way, so it never fails; a reply is checked against the same size cap.
final class InProcessTransport: Transport {
    private let exchange: any InProcessExchange

    init(_ exchange: any InProcessExchange) { self.exchange = exchange }

    func send(
        method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]?,
        interrupt: (@Sendable () -> Bool)?
    ) -> Result<RawResponse, TransportFailure> {
        let reply = exchange.respond(
            method: method.rawValue, target: target, headers: headers.map { ($0.name, $0.value) }, body: body)
        guard reply.body.count <= RawResponse.maxBodyBytes else {
            return .failure(
                TransportFailure(kind: .unreadableReply, requestSent: true, detail: RawResponse.tooLargeMessage))
        }
        return .success(
            RawResponse(status: reply.status, headers: HTTPHeaders(reply.headers), body: ByteBuffer(bytes: reply.body)))
    }

    func shutdown() {}
}
