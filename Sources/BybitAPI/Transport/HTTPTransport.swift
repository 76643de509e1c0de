import AsyncHTTPClient
import Dispatch
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// One async-http-client instance (one keep-alive pool) and a blocking `send`.
///
/// The Lua thread is a plain OS thread, so a call uses AHC's EventLoopFuture API and
/// blocks in `wait()`: no Task, no semaphore, no executor hop. Requests and their
/// delegates are pinned to one event loop (`delegateAndChannel`), so the connection,
/// the delegate callbacks and the promise all live on the same thread and the only
/// cross-thread step is the final wake-up of the waiting caller.
final class HTTPTransport: Transport {
    private let client: HTTPClient
    private let eventLoop: any EventLoop
    private let requestTimeout: TimeAmount
    private let baseURL: String
    /// `host:port` of the base URL, how failures name the server.
    let server: String
    let host: String
    /// The timeouts in ms, for the messages.
    let connectTimeoutMs, readTimeoutMs, requestTimeoutMs: Int64
    private let isShutDown = NIOLockedValueBox(false)

    init(configuration: BybitClientConfiguration) {
        HTTP1ClientMetadata.instantiate()  // before any connection is set up: see there
        var ahc = HTTPClient.Configuration(
            redirectConfiguration: .disallow,  // a signed request must never be replayed elsewhere
            timeout: .init(
                connect: .milliseconds(configuration.connectTimeout),
                read: .milliseconds(configuration.readTimeout)),
            decompression: .disabled)
        ahc.connectionPool.idleTimeout = .milliseconds(configuration.idleTimeout)
        // AHC would otherwise retry failed connects itself until the connect timeout;
        // the client's own bounded policy decides, and it needs to see each failure.
        ahc.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: ahc)
        eventLoop = client.eventLoopGroup.next()
        requestTimeout = .milliseconds(configuration.requestTimeout)
        baseURL = configuration.environment.baseURL
        (host, server) = Self.server(of: baseURL)
        connectTimeoutMs = configuration.connectTimeout
        readTimeoutMs = configuration.readTimeout
        requestTimeoutMs = configuration.requestTimeout
    }

    /// The host and `host:port` of `url` (`https://api.bybit.com` → `api.bybit.com:443`).
    private static func server(of url: String) -> (host: String, server: String) {
        let https = url.lowercased().hasPrefix("https://")
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPart = authority.split(separator: "@").last.map(String.init) ?? ""
        let hasPort = hostPart.hasPrefix("[") ? hostPart.contains("]:") : hostPart.contains(":")
        let host = hasPort ? String(hostPart[..<hostPart.lastIndex(of: ":")!]) : hostPart
        return (host, hasPort ? hostPart : "\(hostPart):\(https ? 443 : 80)")
    }

    /// Sends one request and blocks the calling thread until the reply or a failure.
    ///
    /// - Precondition: not called on an event-loop thread (NIO traps `wait()` there).
    func send(
        method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]?,
        interrupt: (@Sendable () -> Bool)?
    ) -> Result<RawResponse, TransportFailure> {
        let url = baseURL + target
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body.map { .bytes($0) })
        } catch {
            return .failure(TransportFailure(kind: .connect, requestSent: false, detail: "'\(url)' is not a valid URL"))
        }
        let collector = ResponseCollector()
        let task = client.execute(
            request: request, delegate: collector, eventLoop: .delegateAndChannel(on: eventLoop),
            deadline: .now() + requestTimeout)
        if let interrupt, Self.waitOrInterrupt(task, interrupt) {
            _ = try? task.wait()  // the cancelled request's end, so nothing outlives the call
            return .failure(
                TransportFailure(kind: .interrupted, requestSent: collector.requestHeadSent, detail: "interrupted"))
        }
        do {
            return .success(try task.wait())
        } catch {
            return .failure(classify(error, requestSent: collector.requestHeadSent))
        }
    }

    /// Waits for `task` in slices of 100 ms, asking `interrupt` between them; cancels the
    /// task and returns true when it says to stop.
    private static func waitOrInterrupt(_ task: HTTPClient.Task<RawResponse>, _ interrupt: @Sendable () -> Bool) -> Bool
    {
        let done = DispatchSemaphore(value: 0)
        task.futureResult.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if interrupt() {
                task.cancel()
                return true
            }
        }
        return false
    }

    /// Closes the pool. Blocks until every connection is closed. Idempotent.
    func shutdown() {
        guard
            isShutDown.withLockedValue({ (done: inout Bool) -> Bool in
                defer { done = true }
                return !done
            })
        else {
            return
        }
        try? client.syncShutdown()
    }

    deinit {
        // A client dropped without shutdown() must not trap (AHC asserts in debug builds)
        // or block whichever thread releases it last: close the pool in the background.
        if !isShutDown.withLockedValue({ $0 }) { client.shutdown { _ in } }
    }
}
