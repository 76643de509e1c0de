import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Bybit's stream endpoints on the same port as the REST API: a WebSocket upgrade request
/// for `/v5/public/linear`, `/v5/public/inverse` or `/v5/private` becomes a
/// ``StreamConnection``; every other request (an upgrade of another path included) goes to
/// the REST responder unchanged.
enum StreamRoutes {
    /// The WebSocket side of the server: client frames up to 64 KiB (Bybit's requests are
    /// small), the library's control-frame ping/pong as Bybit's servers do.
    static let configuration = HTTP1WebSocketUpgradeChannel.Configuration(ws: .init(maxFrameSize: 1 << 16))

    /// Whether `request` is a stream upgrade, and then the connection serving it.
    static func upgrade(_ request: HTTPRequest, socket: any Channel, core: ExchangeCore)
        -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
    {
        guard let channel = StreamChannel(path: request.path ?? "") else { return .dontUpgrade }
        let connection = StreamConnection(channel: channel, core: core, socket: socket)
        return .upgrade([:]) { inbound, outbound, _ in
            await connection.run(inbound: inbound, outbound: outbound)
        }
    }
}
