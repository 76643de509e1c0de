import BybitAPI
import Dispatch
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

extension PaperExchange {
    /// Starts a paper exchange and returns once it is accepting connections.
    ///
    /// - Throws: ``ScenarioError`` for an unusable scenario, the bind error when the port
    ///   is taken, a state-file error when `statePath` cannot be opened.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> PaperExchange {
        let credentials =
            configuration.credentials.isEmpty
            ? [APICredential(apiKey: Credentials.randomKey(), hmacSecret: Credentials.randomSecret())]
            : configuration.credentials
        let book = try initialBook(configuration, credentials: credentials)
        let store = try configuration.statePath.map { try SQLiteStateStore(path: $0) }
        let startingBook = try store.flatMap { try $0.load(into: book, credentials: credentials) } ?? book
        try store?.saveAll(startingBook)
        let core = ExchangeCore(
            book: startingBook, clock: configuration.clock, enforceRateLimits: configuration.enforceRateLimits,
            store: store)
        let walk = configuration.walk.map(RandomWalk.init)
        let pricePath = configuration.scenario?.pricePath.map(PricePathPlayer.init)
        let control =
            configuration.controlEndpoints
            ? ControlRoutes(core: core, walk: walk, pricePath: pricePath, defaultApiKey: credentials[0].apiKey) : nil
        let responder = PaperResponder(
            core: core, control: control, maxBodyBytes: configuration.maxBodyBytes,
            bench: configuration.benchControls ? ReactionBenchRoutes(core: core) : nil)

        let started = StartupSignal()
        let app = Application(
            responder: responder,
            // The streams (/v5/public/linear, /v5/public/inverse, /v5/private) share the port.
            server: .http1WebSocketUpgrade(configuration: StreamRoutes.configuration) { request, socket, _ in
                StreamRoutes.upgrade(request, socket: socket, core: core)
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in started.succeed(channel.localAddress?.port ?? configuration.port) },
            logger: configuration.logger)
        // No signal handlers here: the host program owns SIGINT (the Lua runner uses it to
        // interrupt scripts); `bybit-lua paper` installs its own.
        var groupConfig = ServiceGroupConfiguration(services: [app], logger: configuration.logger)
        groupConfig.maximumGracefulShutdownDuration = .seconds(2)
        let group = ServiceGroup(configuration: groupConfig)
        let server = Task {
            do {
                try await group.run()
            } catch {
                started.fail(error)
            }
            started.fail(ServerStopped())
        }
        let port: Int
        do {
            port = try await started.wait()
        } catch {
            server.cancel()
            await server.value
            throw error
        }
        let exchange = PaperExchange(
            port: port, host: configuration.host, credential: credentials[0], core: core, walk: walk,
            pricePath: pricePath,
            responder: PaperResponder(core: core, control: nil, maxBodyBytes: configuration.maxBodyBytes),
            serviceGroup: group)
        exchange.adopt(server)
        if configuration.autoplay {
            if let walk {
                exchange.adopt(
                    Self.drive(every: walk.settings.intervalMs) {
                        _ = try walk.step(core)
                        return true
                    })
            }
            if let pricePath {
                exchange.adopt(Self.drive(every: pricePath.path.intervalMs) { try pricePath.step(core) != nil })
            }
        }
        return exchange
    }

    /// ``start(_:)`` for callers without an async context (a plain thread such as the Lua
    /// runner's). Blocks the calling thread until the server is up; never call it from a
    /// task on Swift's cooperative pool, which it could starve.
    public static func startBlocking(_ configuration: Configuration = Configuration()) throws -> PaperExchange {
        let box = NIOLockedValueBox<Result<PaperExchange, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let ex = try await start(configuration)
                box.withLockedValue { $0 = .success(ex) }
            } catch {
                box.withLockedValue { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return try box.withLockedValue { $0! }.get()
    }

    /// ``shutdown()`` for callers without an async context.
    public func shutdownBlocking() {
        let done = DispatchSemaphore(value: 0)
        Task {
            await shutdown()
            done.signal()
        }
        done.wait()
    }

    /// Calls `step` every `intervalMs` until it returns false, fails or is cancelled.
    private static func drive(every intervalMs: Int, _ step: @escaping @Sendable () throws -> Bool) -> Task<Void, Never>
    {
        Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .milliseconds(max(1, intervalMs)))
                    guard try step() else { return }
                } catch {
                    return
                }
            }
        }
    }

    /// The book a run starts from: the scenario's accounts, plus the default book for every
    /// configured key the scenario does not define.
    static func initialBook(_ configuration: Configuration, credentials: [APICredential]) throws -> Book {
        let scenario = configuration.scenario ?? Scenario()
        let now = configuration.clock.nowMs()
        var accounts = scenario.accounts.map { account -> Account in
            var a = account
            for var p in a.allPositions {
                p.createdTime = now
                p.updatedTime = now
                a.store(p)
            }
            a.updatedTime = now
            return a
        }
        for credential in credentials where !accounts.contains(where: { $0.apiKey == credential.apiKey }) {
            accounts.append(DefaultBook.account(for: credential, nowMs: now))
        }
        var book = Book(instruments: scenario.instruments, accounts: accounts)
        book.trading.terms = scenario.trading
        return book
    }
}

/// The server task finished before it ever reported a port.
struct ServerStopped: Error, CustomStringConvertible {
    var description: String { "the paper exchange server stopped before it started listening" }
}

/// Delivers the bound port (or the start-up error) to `start`, exactly once.
final class StartupSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case done(Result<Int, any Error>)
    }

    private let state = NIOLockedValueBox<State>(.waiting([]))

    func succeed(_ port: Int) { finish(.success(port)) }
    func fail(_ error: any Error) { finish(.failure(error)) }

    private func finish(_ result: Result<Int, any Error>) {
        let waiters: [CheckedContinuation<Int, any Error>] = state.withLockedValue { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLockedValue { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
