import BybitAPI
import BybitWire

extension StreamHub {
    /// See ``start(_:)``.
    func startFeeds(_ subscription: StreamSubscription) throws(BybitError) {
        let plans = try Self.plans(subscription, urls: StreamURLs(environment: client.environment), client: client)
        let fresh = self.subscription.withLockedValue { s -> Bool in
            defer { if s == nil { s = subscription } }
            return s == nil
        }
        guard fresh else {
            throw .validation("a StreamHub starts once; make another for another subscription", endpoint: "")
        }
        for (symbol, _) in subscription.tickers { log.expect(symbol: symbol) }
        let feeds = plans.map { FeedConnection(plan: $0, hub: self) }
        for feed in feeds {
            adopt(feed)
            feed.launch()
        }
        // Every feed's first handshake, bounded; a refusal (auth first) is the error.
        let deadline = Monotonic.nanoseconds() + UInt64(timings.handshakeTimeoutMs + 1_000) * 1_000_000
        var failures: [BybitError] = []
        for feed in feeds {
            switch feed.firstHandshake.wait(deadlineNs: deadline, stop: defaultStop) {
            case .success: continue
            case .failure(let error): failures.append(error)
            case nil where defaultStop():
                failures.append(
                    .network("interrupted while the streams were connecting; nothing was subscribed", endpoint: ""))
            case nil:
                failures.append(
                    .timeout(
                        "the \(feed.plan.name) stream (\(feed.plan.url)) did not answer within "
                            + "\(timings.handshakeTimeoutMs) ms", endpoint: feed.plan.url))
            }
        }
        if let first = failures.first(where: { $0.kind == "auth" }) ?? failures.first {
            stop()
            throw first
        }
        do { log.append(try readAccount()) } catch {
            stop()
            throw error
        }
        // A ticker feed is silent without ticks. The private feed pushes only when the account
        // changes, so its silence is counted over every frame, pongs included, and only past
        // a ping and its pong timeout: then its connection is down and not yet back.
        for plan in plans {
            let after =
                plan.isPrivate
                ? max(subscription.staleAfterMs, timings.pingIntervalMs + timings.pongTimeoutMs)
                : subscription.staleAfterMs
            log.watch(feed: plan.name, staleAfterMs: after)
        }
    }

    /// The most characters of subscribe args one public connection may carry (Bybit's limit,
    /// counted here as each topic quoted with its comma).
    static let maxPublicArgsLength = 21_000

    /// The connections `subscription` needs: one per ticker category, one private.
    static func plans(_ s: StreamSubscription, urls: StreamURLs, client: BybitClient) throws(BybitError) -> [FeedPlan] {
        guard !s.tickers.isEmpty || s.needsPrivate else {
            throw .validation("nothing to subscribe to: give tickers or an account topic", endpoint: "")
        }
        guard s.staleAfterMs > 0 else {
            throw .validation("staleAfterMs must be positive, got \(s.staleAfterMs)", endpoint: "")
        }
        var plans: [FeedPlan] = []
        for category in [Category.linear, .inverse] {
            var topics: [String] = []
            for (symbol, c) in s.tickers where c == category {
                let topic = "tickers." + symbol
                if !topics.contains(topic) { topics.append(topic) }
            }
            // Bybit caps the args of one public connection at 21,000 characters.
            let length = topics.reduce(0) { $0 + $1.utf8.count + 3 }
            guard length <= Self.maxPublicArgsLength else {
                throw .validation(
                    "too many \(category) tickers for one connection: \(topics.count) topics, \(length) characters "
                        + "of subscribe args, Bybit allows \(Self.maxPublicArgsLength)", endpoint: "")
            }
            if !topics.isEmpty, let url = urls.publicURL(category) {
                plans.append(FeedPlan(name: category.rawValue, url: url, topics: topics))
            }
        }
        for (symbol, category) in s.tickers {
            guard category == .linear || category == .inverse else {
                throw .validation(
                    "tickers stream for \(symbol): category must be linear or inverse, got '\(category)'",
                    endpoint: "")
            }
            do { try EndpointSpec.checkSymbol(symbol, name: "symbol") } catch {
                throw .validation("tickers stream: \(error.message)", endpoint: "")
            }
        }
        if s.needsPrivate {
            guard client.hasCredentials else {
                throw .validation(
                    "positions, wallet, orders and executions streams need API credentials; none are configured",
                    endpoint: urls.privateURL)
            }
            plans.append(FeedPlan(name: "private", url: urls.privateURL, topics: s.privateTopics))
        }
        return plans
    }

    /// Positions (linear USDT- and USDC-settled, inverse) and wallet read over REST, as
    /// events, for the subscribed ones: the state at start and after a reconnect.
    func readAccount() throws(BybitError) -> [StreamEvent] {
        guard let s = subscription.withLockedValue({ $0 }) else { return [] }
        return try Self.readAccount(client, positions: s.positions, wallet: s.wallet)
    }

    /// The positions (linear USDT- and USDC-settled, inverse) and wallet a subscription to
    /// them starts from, read over REST as events; also what a replay's feed starts from.
    public static func readAccount(_ client: BybitClient, positions: Bool, wallet: Bool) throws(BybitError)
        -> [StreamEvent]
    {
        var events: [StreamEvent] = []
        if positions {
            let reads = [
                PositionListRequest(category: .linear, settleCoin: "USDT", limit: 200),
                PositionListRequest(category: .linear, settleCoin: "USDC", limit: 200),
                PositionListRequest(category: .inverse, limit: 200),
            ]
            for request in reads {
                for p in try client.positions(request).positions { events.append(.position(p.raw)) }
            }
        }
        if wallet {
            for account in try client.walletBalance().accounts { events.append(.wallet(account.raw)) }
        }
        return events
    }
}
