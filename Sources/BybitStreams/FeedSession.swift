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
    private let state = NIOLockedValueBox(State())

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
                    let ws = WebSocketClient(url: url, configuration: config, logger: wsLogger) {
                        inbound, outbound, _ in
                        try await self.serve(inbound, outbound)
                    }
                    try await ws.run()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(self.hub.timings.handshakeTimeoutMs))
                    if !self.isReady {
                        throw FeedFailure.lost("no answer within \(self.hub.timings.handshakeTimeoutMs) ms")
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
            try await handle(FeedMessage(text), outbound)
        }
        throw FeedFailure.lost("the server closed the connection")
    }

    private func handle(_ message: FeedMessage, _ outbound: WebSocketOutboundWriter) async throws {
        switch message {
        case .pong:
            state.withLockedValue { $0.pingSentAtMs = nil }
        case .auth(let ok, let why):
            if ok { return try await subscribe(outbound) }
            // Bybit answers every refusal alike ("Params Error"); an expiry behind a clock that
            // drifted is one of them, so the clock is measured once and the login sent again.
            guard !state.withLockedValue({ $0.authRetried }) else {
                throw FeedFailure.refused(
                    .auth("the exchange refused the API key on the private stream: \(why)", endpoint: "/v5/private"))
            }
            state.withLockedValue { $0.authRetried = true }
            let client = hub.client
            let synced = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                Thread.detachNewThread { done.resume(returning: (try? client.syncClock()) != nil) }
            }
            guard synced else {
                throw FeedFailure.refused(
                    .auth("the exchange refused the API key on the private stream: \(why)", endpoint: "/v5/private"))
            }
            try await login(outbound)
        case .subscribed(let id, let ok, let why):
            try acknowledge(id: id, ok: ok, why: why)
        case .ticker(let symbol, let isSnapshot, let data):
            hub.log.ticker(feed: plan.name, symbol: symbol, isSnapshot: isSnapshot, data: data)
        case .account(let events):
            hub.log.append(events)
        case .malformed:
            hub.logger.debug("stream \(plan.name): ignored a frame that is not a Bybit message")
        case .other:
            break
        }
    }

    /// Sends the login, signed now with a fresh expiry.
    private func login(_ outbound: WebSocketOutboundWriter) async throws {
        let frame: String
        do { frame = try hub.client.streamAuthFrame(validForMs: hub.timings.authExpiryMs) } catch {
            throw FeedFailure.refused(error)
        }
        try await outbound.write(.text(frame))
    }

    /// Subscribes in requests of at most 10 topics (Bybit's spot limit; harmless elsewhere).
    private func subscribe(_ outbound: WebSocketOutboundWriter) async throws {
        var requests: [(id: String, topics: [String])] = []
        var n = 0
        for start in stride(from: 0, to: plan.topics.count, by: 10) {
            n += 1
            requests.append(("\(plan.name)-\(n)", Array(plan.topics[start..<min(start + 10, plan.topics.count)])))
        }
        state.withLockedValue { $0.pending = requests }
        for r in requests {
            let request = JSONValue.object([
                ("req_id", .string(r.id)), ("op", .string("subscribe")),
                ("args", .array(r.topics.map(JSONValue.string))),
            ])
            try await outbound.write(.text(request.serialized))
        }
    }

    private func acknowledge(id: String?, ok: Bool, why: String) throws {
        let (topics, nowReady) = state.withLockedValue { s -> ([String], Bool) in
            let at = s.pending.firstIndex { $0.id == id } ?? (s.pending.isEmpty ? nil : 0)
            let topics = at.map { s.pending.remove(at: $0).topics } ?? []
            let nowReady = ok && s.pending.isEmpty && !s.ready
            if nowReady { s.ready = true }
            return (topics, nowReady)
        }
        guard ok else {
            let named = topics.isEmpty ? "" : " to \(topics.joined(separator: ", "))"
            throw FeedFailure.refused(
                .validation(
                    "the exchange refused the subscription\(named) (unknown symbol or topic?): \(why)",
                    endpoint: plan.url))
        }
        if nowReady { becameReady() }
    }

    private func becameReady() {
        if let firstHandshake {
            firstHandshake.set(.success(()))
            return
        }
        guard plan.isPrivate else {
            hub.log.append([.reconnected(feed: plan.name)])
            return
        }
        // The REST re-read blocks: on its own thread, never on an event loop.
        let hub = self.hub
        let name = plan.name
        Thread.detachNewThread {
            do {
                let seed = try hub.readAccount()
                hub.log.append(seed + [.reconnected(feed: name)])
            } catch {
                self.state.withLockedValue { $0.failure = .lost("re-reading positions and wallet failed: \(error)") }
            }
        }
    }

    /// Pings every ``StreamTimings/pingIntervalMs``; throws when a pong is later than
    /// ``StreamTimings/pongTimeoutMs`` (the connection is dead) or a re-read failed.
    private func heartbeat(_ outbound: WebSocketOutboundWriter) async throws {
        let t = hub.timings
        var nextPingMs = Monotonic.milliseconds() + t.pingIntervalMs
        while true {
            let now = Monotonic.milliseconds()
            let (failure, sentAt) = state.withLockedValue { ($0.failure, $0.pingSentAtMs) }
            if let failure { throw failure }
            if let sentAt, now - sentAt >= t.pongTimeoutMs {
                throw FeedFailure.lost("no pong within \(t.pongTimeoutMs) ms: the connection is dead")
            }
            if now >= nextPingMs {
                let n = state.withLockedValue { s -> Int in
                    s.pings += 1
                    if s.pingSentAtMs == nil { s.pingSentAtMs = now }
                    return s.pings
                }
                try await outbound.write(.text(#"{"req_id":"ping-\#(n)","op":"ping"}"#))
                nextPingMs = now + t.pingIntervalMs
            }
            var wake = nextPingMs
            if let sentAt = state.withLockedValue({ $0.pingSentAtMs }) { wake = min(wake, sentAt + t.pongTimeoutMs) }
            // A failed re-read is noticed within 250 ms.
            try await Task.sleep(for: .milliseconds(max(1, min(wake - Monotonic.milliseconds(), 250))))
        }
    }
}
