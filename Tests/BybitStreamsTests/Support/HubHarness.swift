import BybitAPI
import BybitStreams
import Logging
import NIOConcurrencyHelpers

/// A swift-log handler keeping every line, so a test can search all produced text.
struct CapturedLog: LogHandler {
    final class Lines: Sendable {
        private let box = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        var all: [String] { box.withLockedValue { $0 } }
    }

    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
    }
}

/// A hub on a client of `baseURL`, with short intervals and every log line captured.
struct HubHarness {
    let client: BybitClient
    let hub: StreamHub
    let log = CapturedLog.Lines()

    /// Ping every 100 ms, reconnects after 20-200 ms. The pong timeout and the handshake
    /// bound stay generous: the whole suite runs in parallel on two loaded cores, where a
    /// 400 ms pong bound declared live connections dead (even during `start`). Tests of a
    /// dead connection wait the 5 s, or pass their own timings.
    static let fast: StreamTimings = {
        var t = StreamTimings()
        t.pingIntervalMs = 100
        t.pongTimeoutMs = 5_000
        t.handshakeTimeoutMs = 10_000
        t.initialBackoffMs = 20
        t.maxBackoffMs = 200
        return t
    }()

    init(
        baseURL: String, timings: StreamTimings = HubHarness.fast, apiKey: String = ScriptedStreamServer.apiKey,
        secret: String = ScriptedStreamServer.secret, interrupt: (@Sendable () -> Bool)? = nil,
        clock: BybitClock = .system
    ) throws {
        var config = BybitClientConfiguration(environment: try .custom(baseURL: baseURL, name: "test"))
        config.clock = clock
        let lines = log
        config.logger = Logger(label: "streams-test") { _ in CapturedLog(lines: lines) }
        config.interruptRequested = interrupt
        client = BybitClient(configuration: config, signer: Signer(apiKey: apiKey, hmacSecret: secret))
        hub = StreamHub(client: client, timings: timings)
    }

    /// `start` on a plain thread.
    func start(_ s: StreamSubscription) async -> Result<Void, BybitError> {
        let hub = self.hub
        return await onThread {
            do throws(BybitError) {
                try hub.start(s)
                return .success(())
            } catch { return .failure(error) }
        }
    }

    /// The next event within `ms` (on a plain thread).
    func next(within ms: Int64 = 20_000) async -> StreamEvent? {
        let hub = self.hub
        let clock = client.configuration.clock
        return await onThread { hub.next(deadlineMs: clock.now() + ms) }
    }

    /// Events until `done` says the list is complete (each within `ms`); stops at a nil.
    func events(within ms: Int64 = 20_000, until done: ([StreamEvent]) -> Bool) async -> [StreamEvent] {
        var out: [StreamEvent] = []
        while !done(out) {
            guard let e = await next(within: ms) else { break }
            out.append(e)
        }
        return out
    }

    func close() {
        hub.stop()
        client.shutdown()
    }
}

extension StreamEvent {
    /// A short label for assertions: `ticker BTCUSDT`, `position`, `reconnected private`...
    var label: String {
        switch self {
        case .ticker(let s, _, _): "ticker \(s)"
        case .position: "position"
        case .wallet: "wallet"
        case .order: "order"
        case .execution: "execution"
        case .reconnected(let f): "reconnected \(f)"
        case .stale(let f, _): "stale \(f)"
        }
    }

    /// The payload of an account event.
    var payload: JSONValue? {
        switch self {
        case .position(let v), .wallet(let v), .order(let v), .execution(let v): v
        default: nil
        }
    }
}
