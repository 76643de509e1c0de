import BybitLua
import CoreMetrics
import NIOCore
import NIOPosix
import Prometheus

/// `--metrics HOST:PORT`: the run's metrics (``RunMetrics``) in Prometheus's text format at
/// `GET /metrics`, served from one event-loop thread of its own, so a scrape never waits
/// for the script and the script never waits for a scrape.
final class MetricsEndpoint {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port it listens on (the one asked for, or the one chosen for port 0).
    let port: Int

    /// Starts the endpoint when `address` is given (`MetricsSystem.bootstrap` happens only
    /// then, once per process); nil otherwise. A port in use is a usage error (exit 2).
    static func start(_ address: MetricsAddress?) throws(RunOptions.UsageError) -> MetricsEndpoint? {
        guard let address else { return nil }
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(factory)
        let metrics = RunMetrics.enable(factory: factory)
        let endpoint = try MetricsEndpoint(address, registry: registry, metrics: metrics)
        let where_ = "http://\(address.text(port: endpoint.port))/metrics"
        let exposed = address.isLoopback ? "" : " (not loopback: anyone who can reach \(address.host) can read it)"
        Console.error("bybit-lua: metrics at \(where_)\(exposed)")
        return endpoint
    }

    private init(_ address: MetricsAddress, registry: PrometheusCollectorRegistry, metrics: RunMetrics)
        throws(RunOptions.UsageError)
    {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScrapeHandler(registry: registry, metrics: metrics))
                }
            }
        do {
            channel = try bootstrap.bind(host: address.host, port: address.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw .init(message: "--metrics \(address.text(port: address.port)): cannot listen there (\(error))")
        }
        port = channel.localAddress?.port ?? address.port
    }

    /// The runner's handle: the endpoint when `--metrics` was given; nil (the reason reported
    /// on stderr) when it cannot listen, which ends the run with exit 2.
    static func forRun(_ address: MetricsAddress?) -> Running? {
        do { return Running(endpoint: try start(address)) } catch {
            Console.report(error.message)
            return nil
        }
    }

    /// A run's endpoint, if any; ``stop()`` at the end of the run.
    struct Running {
        let endpoint: MetricsEndpoint?
        func stop() { endpoint?.stop() }
    }

    /// Closes the port and ends the thread.
    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// One scrape: reads the request head (up to 8 KiB), answers `GET /metrics` with the
/// exposition and anything else with 404 or 405, then closes the connection.
private final class ScrapeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let registry: PrometheusCollectorRegistry
    let metrics: RunMetrics
    private var head: [UInt8] = []
    private var answered = false

    init(registry: PrometheusCollectorRegistry, metrics: RunMetrics) {
        self.registry = registry
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        var buffer = unwrapInboundIn(data)
        head += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let requestLine = Self.requestLine(head) else {
            if head.count > 8192 { answer(context, status: "431 Request Header Fields Too Large", body: []) }
            return
        }
        let parts = requestLine.split(separator: " ")
        let path = parts.count > 1 ? parts[1].split(separator: "?").first.map(String.init) ?? "" : ""
        if parts.first != "GET" {
            answer(context, status: "405 Method Not Allowed", body: Array("only GET /metrics\n".utf8))
        } else if path != "/metrics" {
            answer(context, status: "404 Not Found", body: Array("the metrics are at /metrics\n".utf8))
        } else {
            metrics.refresh()
            answer(context, status: "200 OK", body: registry.emitToBuffer())
        }
    }

    /// The first line, once the whole head (ending in an empty line) has arrived.
    static func requestLine(_ bytes: [UInt8]) -> String? {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4, (0...(bytes.count - 4)).contains(where: { Array(bytes[$0..<$0 + 4]) == end }),
            let cr = bytes.firstIndex(of: 13)
        else { return nil }
        return String(decoding: bytes[..<cr], as: UTF8.self)
    }

    private func answer(_ context: ChannelHandlerContext, status: String, body: [UInt8]) {
        answered = true
        let header = """
            HTTP/1.1 \(status)\r
            Content-Type: text/plain; version=0.0.4; charset=utf-8\r
            Content-Length: \(body.count)\r
            Connection: close\r
            \r

            """
        var out = context.channel.allocator.buffer(capacity: header.utf8.count + body.count)
        out.writeString(header)
        out.writeBytes(body)
        context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
