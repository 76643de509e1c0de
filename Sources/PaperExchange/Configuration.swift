public import Logging

extension PaperExchange {
    /// How to start a paper exchange. Every field has a default: `Configuration()` is an
    /// in-process exchange on 127.0.0.1, an ephemeral port, one random HMAC key and the
    /// default book.
    public struct Configuration: Sendable {
        /// Address to bind; loopback by default (it is unauthenticated for `/paper/`).
        public var host: String
        /// Port to bind; 0 picks a free one (read it back from ``PaperExchange/port``).
        public var port: Int
        /// API keys to accept. Empty: one random HMAC key/secret is made. The first is the
        /// one ``PaperExchange/apiKey`` reports.
        public var credentials: [APICredential]
        /// Accounts, instruments and price path; nil: the default book for every key.
        public var scenario: Scenario?
        /// A seeded random walk of the marks.
        public var walk: RandomWalkSettings?
        /// Whether the walk and the price path advance by themselves on their intervals.
        /// Off: they move only when stepped (``PaperExchange/stepWalk()``,
        /// ``PaperExchange/stepPricePath()`` or the `/paper/…/step` endpoints) — what
        /// deterministic tests want.
        public var autoplay: Bool
        /// SQLite file keeping the accounts across restarts; nil keeps state in memory.
        public var statePath: String?
        /// The wall clock (inject ``ManualPaperClock`` to test time windows without sleeping).
        public var clock: any PaperClock
        /// Refuse requests over Bybit's limits with 10006. Off: headers only (benchmarks).
        public var enforceRateLimits: Bool
        /// Largest accepted request body; larger ones get HTTP 413 with retCode 10001.
        public var maxBodyBytes: Int
        /// Serve the `/paper/` control endpoints.
        public var controlEndpoints: Bool
        /// Serve the reaction-time benchmark's `/paper/bench/` controls (`--bench-controls`);
        /// off by default, when they answer 403. Set only by `init` callers who mean it.
        public var benchControls = false
        /// Server log; quiet (warnings) by default so it does not interleave with a script.
        public var logger: Logger

        /// - Parameters: see the properties.
        public init(
            host: String = "127.0.0.1", port: Int = 0, credentials: [APICredential] = [], scenario: Scenario? = nil,
            walk: RandomWalkSettings? = nil, autoplay: Bool = true, statePath: String? = nil,
            clock: any PaperClock = SystemPaperClock(), enforceRateLimits: Bool = true, maxBodyBytes: Int = 64 * 1024,
            controlEndpoints: Bool = true, logger: Logger? = nil
        ) {
            self.host = host
            self.port = port
            self.credentials = credentials
            self.scenario = scenario
            self.walk = walk
            self.autoplay = autoplay
            self.statePath = statePath
            self.clock = clock
            self.enforceRateLimits = enforceRateLimits
            self.maxBodyBytes = maxBodyBytes
            self.controlEndpoints = controlEndpoints
            self.logger =
                logger
                ?? {
                    var l = Logger(label: "bybit-lua.paper")
                    l.logLevel = .warning
                    return l
                }()
        }

        /// One HMAC key pair and otherwise the defaults.
        public init(apiKey: String, apiSecret: String) {
            self.init(credentials: [APICredential(apiKey: apiKey, hmacSecret: apiSecret)])
        }
    }
}
