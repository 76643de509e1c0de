import BybitWire
import Crypto
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// A Bybit stream server on loopback (port 0) whose behaviour a test scripts: it speaks
/// Bybit's v5 messages (auth with the HMAC checked, per-channel pongs, subscribe replies
/// echoing `req_id`, a ticker snapshot after each subscribe), serves the REST reads the hub
/// makes (position list, wallet balance), and records what it saw.
final class ScriptedStreamServer: Sendable {
    static let apiKey = "streamkey"
    static let secret = "stream-secret-6f1d2c"

    let port: Int
    let state: ScriptedState
    private let group: ServiceGroup

    private init(port: Int, state: ScriptedState, group: ServiceGroup) {
        self.port = port
        self.state = state
        self.group = group
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> ScriptedStreamServer {
        let state = ScriptedState()
        var quiet = Logger(label: "scripted-server")
        quiet.logLevel = .critical
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: ScriptedREST.router(state),
            server: .http1WebSocketUpgrade { request, channel, _ in
                let path = request.path ?? ""
                guard ["/v5/public/linear", "/v5/public/inverse", "/v5/private"].contains(path),
                    !state.behaviour.refuseUpgrades
                else {
                    return .dontUpgrade
                }
                return .upgrade([:]) { inbound, outbound, _ in
                    await serve(path: path, channel: channel, state: state, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: quiet)
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        Task { try? await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return ScriptedStreamServer(port: port, state: state, group: group)
    }

    func shutdown() async { await group.triggerGracefulShutdown() }

    /// Sends `text` on every open connection of `path`.
    func push(_ path: String, _ text: String) {
        for c in state.connections(path) { c.outbound.yield(text) }
    }

    /// A ticker delta for `symbol` on the linear channel.
    func pushDelta(_ symbol: String, _ fields: [(String, String)], path: String = "/v5/public/linear") {
        let data = JSONValue.object([("symbol", .string(symbol))] + fields.map { ($0.0, JSONValue.string($0.1)) })
        let message = JSONValue.object([
            ("topic", .string("tickers." + symbol)), ("type", .string("delta")), ("data", data), ("cs", .int(1)),
            ("ts", .int(1)),
        ])
        push(path, message.serialized)
    }

    /// An account push `{"id","topic","creationTime","data":[...]}` on the private channel.
    func pushAccount(_ topic: String, _ rows: [JSONValue], id: String) {
        let message = JSONValue.object([
            ("id", .string(id)), ("topic", .string(topic)), ("creationTime", .int(1)), ("data", .array(rows)),
        ])
        push("/v5/private", message.serialized)
    }

    /// Closes every connection of `path` without a close frame (a network drop).
    func drop(_ path: String) {
        for c in state.connections(path) { c.channel.close(promise: nil) }
    }

    private static func serve(
        path: String, channel: any Channel, state: ScriptedState, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async {
        let (texts, sink) = AsyncStream<String>.makeStream()
        let connection = ScriptedState.Connection(path: path, outbound: sink, channel: channel)
        state.register(connection)
        defer { state.unregister(connection) }
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in texts { try await outbound.write(.text(text)) }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    for reply in ScriptedReplies.answer(
                        text, path: path, connection: connection.number.withLockedValue { $0 }, state: state)
                    { sink.yield(reply) }
                }
            }
            _ = try? await group.next()
            group.cancelAll()
        }
    }

    /// Bybit's HMAC signature of the stream login (to check what the client sent).
    static func signature(expires: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(("GET/realtime" + expires).utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}
