import NIOConcurrencyHelpers
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Plain HTTP/1.1 to a loopback exchange (the paper exchange, a local proxy) on a
/// blocking keep-alive socket owned by the calling thread for the whole request.
///
/// No event loop, no thread hop, no URL parsing per call: the request is serialised into
/// one buffer, written with one `send`, and the reply read and framed on the caller's
/// thread. async-http-client spends most of a loopback call on hops and state machines;
/// this is what lets a Lua loop run near the server's own speed.
///
/// Money safety matches ``HTTPTransport``: `requestSent` becomes true as soon as the
/// kernel accepted one byte of the request. A pooled connection that the peer closed
/// while idle is detected before use (`poll`), and one whose write fails before any byte
/// left is replaced once, so a stale keep-alive connection does not turn a request that
/// never left into an `outcome_unknown`.
final class LoopbackTransport: Transport {
    private let endpoint: LoopbackEndpoint
    private let connectTimeout: UInt64
    private let readTimeout: UInt64
    private let requestTimeout: UInt64
    private let idleTimeout: UInt64
    /// The timeouts in ms, for the messages.
    private let connectTimeoutMs, readTimeoutMs, requestTimeoutMs: Int64
    /// Idle connections; a connection is used by one request at a time, its ownership
    /// moving through this lock, so concurrent callers each get their own.
    private let idle = NIOLockedValueBox(Pool())

    private struct Pool {
        var sockets: [LoopbackSocket] = []
        var isShutDown = false
    }

    /// At most this many idle connections are kept.
    static let maxIdle = 4

    init(endpoint: LoopbackEndpoint, configuration: BybitClientConfiguration) {
        self.endpoint = endpoint
        connectTimeout = UInt64(max(configuration.connectTimeout, 1)) * 1_000_000
        readTimeout = UInt64(max(configuration.readTimeout, 1)) * 1_000_000
        requestTimeout = UInt64(max(configuration.requestTimeout, 1)) * 1_000_000
        idleTimeout = UInt64(max(configuration.idleTimeout, 0)) * 1_000_000
        connectTimeoutMs = max(configuration.connectTimeout, 1)
        readTimeoutMs = max(configuration.readTimeout, 1)
        requestTimeoutMs = max(configuration.requestTimeout, 1)
    }

    func send(
        method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]?,
        interrupt: (@Sendable () -> Bool)?
    ) -> Result<RawResponse, TransportFailure> {
        let deadline = Monotonic.now() + requestTimeout
        guard
            let request = RequestSerializer.serialize(
                method: method, target: endpoint.prefix + target, host: endpoint.host, headers: headers, body: body)
        else {
            return .failure(notSent(.connect, "a request line or header contains a control character"))
        }
        var socket: LoopbackSocket
        var reused = false
        if let pooled = takeIdle() {
            socket = pooled
            reused = true
        } else {
            switch connect(deadline: deadline) {
            case .success(let s): socket = s
            case .failure(let f): return .failure(f)
            }
        }
        var written = 0
        var failure = write(request, on: socket, written: &written, deadline: deadline)
        if failure != nil && written == 0 && reused {
            // The idle connection died between the staleness check and the write, and
            // nothing of the request left: a fresh connection carries it instead.
            socket.close()
            switch connect(deadline: deadline) {
            case .success(let s): socket = s
            case .failure(let f): return .failure(f)
            }
            failure = write(request, on: socket, written: &written, deadline: deadline)
        }
        if let failure {
            socket.close()
            let kind: TransportFailure.Kind = failure.timedOut ? .timeout : (written == 0 ? .connect : .io)
            let detail =
                failure.timedOut
                ? "\(endpoint.host) did not take the request within \(FailureText.seconds(readTimeoutMs))"
                : written == 0
                    ? FailureText.cannotConnect(endpoint.host, FailureText.reason(errno: failure.code))
                    : FailureText.connectionFailed(endpoint.host, FailureText.reason(errno: failure.code))
            return .failure(TransportFailure(kind: kind, requestSent: written > 0, detail: detail))
        }
        return readReply(on: socket, deadline: deadline, interrupt: interrupt)
    }

    func shutdown() {
        let sockets = idle.withLockedValue { pool -> [LoopbackSocket] in
            pool.isShutDown = true
            defer { pool.sockets = [] }
            return pool.sockets
        }
        for socket in sockets { socket.close() }
    }

    deinit { shutdown() }

    // MARK: - Steps

    private func connect(deadline: UInt64) -> Result<LoopbackSocket, TransportFailure> {
        if idle.withLockedValue({ $0.isShutDown }) {
            return .failure(notSent(.connect, "the client was shut down"))
        }
        switch LoopbackSocket.connect(to: endpoint, deadline: min(deadline, Monotonic.now() + connectTimeout)) {
        case .success(let socket): return .success(socket)
        case .failure(let f) where f.timedOut:
            return .failure(notSent(.timeout, FailureText.connectTimedOut(endpoint.host, ms: connectTimeoutMs)))
        case .failure(let f):
            return .failure(
                notSent(.connect, FailureText.cannotConnect(endpoint.host, FailureText.reason(errno: f.code))))
        }
    }

    private func write(_ request: [UInt8], on socket: LoopbackSocket, written: inout Int, deadline: UInt64)
        -> LoopbackSocket.Failure?
    {
        let writeDeadline = min(deadline, Monotonic.now() + readTimeout)
        return request.withUnsafeBytes { socket.write($0, written: &written, deadline: writeDeadline) }
    }

    /// Reads and frames the reply. The request deadline is checked before every read, not
    /// only when the socket is silent, so a server that keeps sending cannot hold the
    /// call past it; ``ReplyParser`` bounds every part of what it sends (``ReplyLimits``).
    private func readReply(on socket: LoopbackSocket, deadline: UInt64, interrupt: (@Sendable () -> Bool)?)
        -> Result<RawResponse, TransportFailure>
    {
        var parser = ReplyParser()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        func fail(_ kind: TransportFailure.Kind, _ detail: String) -> Result<RawResponse, TransportFailure> {
            socket.close()
            return .failure(TransportFailure(kind: kind, requestSent: true, detail: detail))
        }
        while true {
            let now = Monotonic.now()
            guard now < deadline else {
                return fail(.timeout, FailureText.requestDeadline(endpoint.host, ms: requestTimeoutMs))
            }
            if let interrupt, interrupt() { return fail(.interrupted, "interrupted") }
            // The read timeout bounds each silence; the request deadline bounds the whole.
            let readDeadline = min(deadline, now + readTimeout)
            switch socket.read(into: &buffer, deadline: readDeadline, interrupt: interrupt) {
            case .failure(let f) where f.interrupted:
                return fail(.interrupted, "interrupted")
            case .failure(let f) where f.timedOut:
                return fail(
                    .timeout,
                    readDeadline == deadline
                        ? FailureText.requestDeadline(endpoint.host, ms: requestTimeoutMs)
                        : FailureText.noReply(endpoint.host, ms: readTimeoutMs))
            case .failure(let f) where f.code == ECONNRESET:
                return fail(.io, FailureText.closed(endpoint.host, "reset"))
            case .failure(let f):
                return fail(.io, FailureText.connectionFailed(endpoint.host, FailureText.reason(errno: f.code)))
            case .success(let n):
                switch parser.parse(buffer, atEOF: n == 0) {
                case .needMore:
                    continue
                case .cutShort:
                    return fail(.io, FailureText.closed(endpoint.host))
                case .malformed(let why):
                    return fail(.unreadableReply, why)
                case .complete(let reply, let reusable):
                    if reusable { release(socket) } else { socket.close() }
                    return .success(reply)
                }
            }
        }
    }

    /// An idle connection that is still open and not past the idle timeout.
    private func takeIdle() -> LoopbackSocket? {
        while let socket = idle.withLockedValue({ $0.sockets.popLast() }) {
            if Monotonic.now() - socket.idleSince <= idleTimeout && !socket.isStale { return socket }
            socket.close()
        }
        return nil
    }

    private func release(_ socket: LoopbackSocket) {
        socket.idleSince = Monotonic.now()
        let kept = idle.withLockedValue { pool -> Bool in
            guard !pool.isShutDown, pool.sockets.count < Self.maxIdle else { return false }
            pool.sockets.append(socket)
            return true
        }
        if !kept { socket.close() }
    }

    private func notSent(_ kind: TransportFailure.Kind, _ detail: String) -> TransportFailure {
        TransportFailure(kind: kind, requestSent: false, detail: detail)
    }
}
