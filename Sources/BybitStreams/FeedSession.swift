import BybitAPI
import Foundation
import Logging
import NIOConcurrencyHelpers
import WSClient

/// One connection attempt of a feed: connect, log in (private), subscribe, then read until
/// the connection ends; meanwhile ping and declare the connection dead when a pong is late.
final class FeedSession: Sendable {
    struct State {
        var ready = false
        var pingSentAtMs: Int64?
        var pings = 0
        var pending: [(id: String, topics: [String])] = []
        var failure: FeedFailure?
        var authRetried = false
    }

    let plan: FeedPlan
    let hub: StreamHub
    /// Set when the first handshake completes (nil on a reconnect).
    let firstHandshake: Latch<Result<Void, BybitError>>?
    let state = NIOLockedValueBox(State())

    init(plan: FeedPlan, hub: StreamHub, firstHandshake: Latch<Result<Void, BybitError>>?) {
        self.plan = plan
        self.hub = hub
        self.firstHandshake = firstHandshake
    }

    /// Whether the login and every subscription were acknowledged.
    var isReady: Bool { state.withLockedValue { $0.ready } }

    /// WSClient's logger: frames (the login among them) are never logged.
    static let quietLogger: Logger = {
        var logger = Logger(label: "bybit.streams.ws")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs the connection to its end; why it ended.
    func run() async -> FeedFailure {
        let wsLogger = Self.quietLogger
        let config = WebSocketClientConfiguration(
            maxFrameSize: 1 << 22, closeTimeout: .milliseconds(min(2_000, hub.timings.pongTimeoutMs)))
        let url = plan.url
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    let ws = WebSocketClient(
                        url: url, configuration: config, eventLoopGroup: FeedEventLoop.group, logger: wsLogger
                    ) {
                        inbound, outbound, _ in
                        try await self.serve(inbound, outbound)
                    }
                    try await ws.run()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(self.hub.timings.handshakeTimeoutMs))
                    if !self.isReady {
                        throw FeedFailure.unanswered(
                            "no answer to the login or subscription within \(self.hub.timings.handshakeTimeoutMs) ms")
                    }
                    return false
                }
                while let connectionEnded = try await group.next() {
                    if connectionEnded {
                        group.cancelAll()
                        return
                    }
                }
            }
            return state.withLockedValue { $0.failure } ?? .lost("the server closed the connection")
        } catch let failure as FeedFailure {
            return failure
        } catch is CancellationError {
            return .lost("stopped")
        } catch {
            return .lost(String(describing: error))
        }
    }

    private func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.heartbeat(outbound) }
            group.addTask { try await self.read(inbound, outbound) }
            try await group.next()
            group.cancelAll()
        }
    }

    private func read(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        if plan.isPrivate {
            try await login(outbound)
        } else {
            try await subscribe(outbound)
        }
        for try await message in inbound.messages(maxSize: 1 << 22) {
            guard case .text(let text) = message else { continue }
            if plan.isPrivate { hub.log.heard(feed: plan.name) }
            try await handle(FeedMessage(text), outbound)
        }
        throw FeedFailure.lost("the server closed the connection")
    }

    private func handle(_ message: FeedMessage, _ outbound: WebSocketOutboundWriter) async throws {
        switch message {
        case .pong:
            state.withLockedValue { $0.pingSentAtMs = nil }
        case .auth(let ok, let why):
            try await answered(login: ok, why: why, outbound)
        case .subscribed(let id, let ok, let why):
            try acknowledge(id: id, ok: ok, why: why)
        case .ticker(let symbol, let isSnapshot, let data, let pushedMs):
            hub.log.ticker(feed: plan.name, symbol: symbol, isSnapshot: isSnapshot, data: data, pushedMs: pushedMs)
        case .account(let events, let pushedMs):
            hub.log.append(events, pushedMs: pushedMs)
        case .malformed:
            hub.logger.debug("stream \(plan.name): ignored a frame that is not a Bybit message")
        case .other:
            break
        }
    }
}
