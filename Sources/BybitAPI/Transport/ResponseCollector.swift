import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// An AHC delegate that gathers one reply and remembers whether the request head was
/// ever handed to a connection.
///
/// AHC calls `didSendRequestHead` as soon as the head is written to the channel, so
/// "never called" proves that not one byte of this request left the process: that is
/// the only state in which a mutation may be retried after a transport error.
final class ResponseCollector: HTTPClientResponseDelegate {
    typealias Response = RawResponse

    /// The error a too-large reply fails with.
    struct BodyTooLarge: Error, CustomStringConvertible {
        var description: String { RawResponse.tooLargeMessage }
    }

    /// The reply parts are touched only on the task's event loop (AHC calls every
    /// delegate method there, one at a time); the lock exists because the flag is read
    /// by the Lua thread after the future fails, and Swift 6 wants that proven.
    private struct State {
        var headSent = false
        var status = 0
        var headers = HTTPHeaders()
        var body: ByteBuffer?
    }
    private let state = NIOLockedValueBox(State())

    /// Whether the request head was handed to a connection.
    var requestHeadSent: Bool { state.withLockedValue { $0.headSent } }

    func didSendRequestHead(task: HTTPClient.Task<RawResponse>, _ head: HTTPRequestHead) {
        state.withLockedValue { $0.headSent = true }
    }

    func didReceiveHead(task: HTTPClient.Task<RawResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        state.withLockedValue {
            $0.status = Int(head.status.code)
            $0.headers = head.headers
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<RawResponse>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let tooLarge = state.withLockedValue { s -> Bool in
            var part = buffer
            if s.body == nil { s.body = part } else { s.body!.writeBuffer(&part) }
            return s.body!.readableBytes > RawResponse.maxBodyBytes
        }
        return tooLarge ? task.eventLoop.makeFailedFuture(BodyTooLarge()) : task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<RawResponse>) throws -> RawResponse {
        state.withLockedValue { s in
            RawResponse(status: s.status, headers: s.headers, body: s.body ?? ByteBuffer())
        }
    }
}
