// swift-tools-version:6.1
// bybit-lua: conditional margin logic for Bybit, written in Lua, run by a Swift host.
//
// Dependencies point one way:
//   bybit-lua -> {BybitLua, BybitReplay, BybitStdlib, PaperExchange, LuaKit, BybitAPI, CEditLine}
//   BybitReplay -> {BybitStreams, PaperExchange, BybitAPI, BybitWire}
//   BybitLua -> {LuaKit, BybitAPI};  BybitStdlib -> LuaKit
//   PaperExchange -> {BybitAPI, BybitWire, CSQLite};  BybitAPI -> BybitWire
//   LuaKit -> CLuaShim -> {CLua, CExactDecimal};  BybitWire -> CExactDecimal
//   LuaKit and BybitAPI never import each other; BybitWire imports neither them nor Lua.
//   CExactDecimal (C, no dependencies) owns ExactDecimal's bytes and exact kernels.
import PackageDescription

let package = Package(
    name: "bybit-lua",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bybit-lua", targets: ["bybit-lua"]),
        .library(name: "LuaKit", targets: ["LuaKit"]),
        .library(name: "BybitAPI", targets: ["BybitAPI"]),
        .library(name: "PaperExchange", targets: ["PaperExchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Bybit's v5 streams: the client (WSClient, over NIO's WebSocket codec, TLS for the
        // real environments) and the paper exchange's server side (the upgrade in Hummingbird).
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // Both come with hummingbird; named here because the paper exchange imports them
        // itself (HTTP field types, the service group it runs in). No traits, as hummingbird.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // config.toml: toml++ (TOML 1.0) behind a Swift API.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // --metrics HOST:PORT: counters and gauges (swift-metrics) exposed in Prometheus's
        // text format (swift-prometheus) by the runner.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Tests only: seeded property-based checks of hostile input (HostileInputTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: Lua host
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(name: "CLuaShim", dependencies: ["CLua", "CExactDecimal"]),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "LuaKit", dependencies: ["CLuaShim", "CLua"]),
        // stdlib/*.lua compiled into the binary
        .executableTarget(name: "embed-lua", path: "Sources/embed-lua"),
        .plugin(name: "EmbedLuaPlugin", capability: .buildTool(), dependencies: ["embed-lua"]),
        .target(name: "BybitStdlib", dependencies: ["LuaKit"], plugins: ["EmbedLuaPlugin"]),

        // MARK: The wire format both sides speak (JSON, envelopes, query strings, decimals)
        // ExactDecimal's layout and the kernels of the C fast paths, shared with CLuaShim.
        .target(name: "CExactDecimal"),
        .target(name: "BybitWire", dependencies: ["CExactDecimal"]),

        // MARK: Bybit v5 client (knows nothing about Lua)
        .target(
            name: "BybitAPI",
            dependencies: [
                "BybitWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // HTTPHeaders/HTTPMethod in AHC's API, and a lock for the client's shared state.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // NIOConnectionError: why async-http-client could not connect, in the user's words.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: Paper exchange (a Bybit-compatible server on loopback)
        // The system SQLite 3, for the paper exchange's --state file.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "PaperExchange",
            dependencies: [
                "BybitWire",
                "BybitAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The streams on the same port as the REST API (/v5/public/…, /v5/private).
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                // HMAC and RSA verification of requests.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                // Channels (dropped-connection fault) and the locks around the book.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // --state FILE: the system SQLite.
                "CSQLite",
            ]
        ),

        // MARK: Lua bindings and the runner
        // MARK: Bybit v5 WebSocket streams (the client; knows nothing about Lua)
        .target(
            name: "BybitStreams",
            dependencies: [
                "BybitWire",
                "BybitAPI",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(
            name: "BybitLua",
            dependencies: [
                "LuaKit", "BybitAPI", "BybitStreams",
                // bybit.state: a script's durable key-value store in the system SQLite.
                "CSQLite",
                // What a run counts (mutations, margin per coin, errors, stream health);
                // the runner chooses where it goes (--metrics), a no-op otherwise.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // Webhook alerts (bybit.notify) are posted on a background queue.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // The alerts' request headers and per-post deadlines (Notify/).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // MARK: Replay (a script against a price history on a virtual clock)
        .target(
            name: "BybitReplay",
            dependencies: [
                "BybitWire", "BybitAPI", "BybitStreams", "PaperExchange",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "bybit-lua",
            dependencies: [
                "LuaKit",
                "BybitStdlib",
                "BybitAPI",
                "BybitLua",
                "BybitReplay",
                "PaperExchange",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                // --metrics: the Prometheus text exposition on a loopback port.
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: Tests
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit", "CLuaShim", "CLua"]),
        // The Lua decimal binding: the C fast paths against ExactDecimal and the Swift path.
        .testTarget(
            name: "BybitLuaTests",
            dependencies: [
                "BybitLua", "BybitAPI", "BybitWire", "LuaKit", "CLuaShim", "CLua", "CExactDecimal",
                // NotifierTests: a loopback webhook receiver, and stream events for the stale alarm
                "LoopbackSupport", "BybitStreams",
            ]),
        // The socket plumbing of the raw loopback servers BybitAPITests and EndToEndTests use.
        .target(name: "LoopbackSupport", path: "Tests/LoopbackSupport"),
        // Headless Chromium and the screenshot's decoder, for the report's rendering checks.
        .target(name: "BrowserSupport", path: "Tests/BrowserSupport"),
        .testTarget(
            name: "BybitAPITests",
            dependencies: [
                "BybitAPI", "LoopbackSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // The test exchange verifies HMACs itself and guards its state with a lock.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PaperExchangeTests",
            dependencies: [
                "PaperExchange", "BybitAPI", "BybitWire",
                // A real client over loopback, signing what it sends.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // A raw WebSocket client for the paper exchange's streams (Streams/ tests).
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
        // The replay engine, its price inputs and its report.
        .testTarget(
            name: "BybitReplayTests", dependencies: ["BybitReplay", "BybitWire", "PaperExchange", "BrowserSupport"]),
        .testTarget(name: "BybitWireTests", dependencies: ["BybitWire", "CExactDecimal"]),
        // The streams client against a scripted Bybit stream server (Hummingbird) and the paper exchange.
        .testTarget(
            name: "BybitStreamsTests",
            dependencies: [
                "BybitStreams", "BybitAPI", "BybitWire", "PaperExchange",
                // RefusedPort: a port nothing can answer on while a test holds it.
                "LoopbackSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The tests run the built binary as a subprocess: depending on it makes even a
        // filtered `swift test` build it first, so they never run a stale one.
        .testTarget(
            name: "EndToEndTests", dependencies: ["bybit-lua", "BybitWire", "LoopbackSupport", "BrowserSupport"]),
        // Random, truncated and mutated input for the decimal parser, the reply decoder and
        // the paper exchange's request parsing: errors, never a crash or a hang.
        .testTarget(
            name: "HostileInputTests",
            dependencies: [
                "BybitWire", "BybitAPI", "PaperExchange",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Mutated, correctly signed requests to a real paper exchange on loopback.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // HTTPFields for the authenticator.
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)

// scripts/fuzz only (BYBIT_LUA_FUZZ=1): the libFuzzer harness over the hostile-input
// oracles, built with AddressSanitizer and coverage instrumentation into .build-asan.
// It is not part of the normal build: it links libFuzzer's runtime, which only that
// script passes to the linker.
if Context.environment["BYBIT_LUA_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "FuzzHostile",
            dependencies: [
                "BybitWire", "BybitAPI", "PaperExchange",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/FuzzHostile"
        ))
}
