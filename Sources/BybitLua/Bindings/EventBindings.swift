import BybitAPI
import BybitStreams
import LuaKit

/// `bybit.events{…}`, the one event loop (a generic-for iterator over the streams and a
/// timer), and `bybit.stop()`. The Lua thread pulls: while a money call runs, ticks only
/// update the streams' state, and the loop gets the newest ticker once afterwards.
enum EventBindings {
    static let fields = ["tickers", "positions", "wallet", "orders", "executions", "every", "stale_after"]

    static func natives(_ session: BybitSession, symbols: SymbolCategories, streams: OpenStreams) -> [LuaNative] {
        [
            LuaNative(
                "events",
                LuaSignature(
                    """
                    The event loop: `for ev in bybit.events{tickers = {"BTCUSDT"}, positions = true, every = 5} do`.
                    ev.type is "ticker" (symbol, markPrice, ticker, skipped), "position", "wallet", "order",
                    "execution", "timer" (every `every` seconds), "reconnected" (feed) or "stale" (feed, silent_ms).
                    Ends on bybit.stop(), break, Ctrl-C, SIGTERM or --timeout; the streams close with it.
                    """,
                    parameters: [
                        .init(
                            "args",
                            "{tickers?: string[], positions?: boolean, wallet?: boolean, orders?: boolean, executions?: boolean, every?: number, stale_after?: number}"
                        )
                    ],
                    returns: ["fun(): bybit.Event?", "nil", "nil", "any"]),
                .closure { call in
                    let (subscription, everyMs) = try readSubscription(call, symbols: symbols)
                    let feed: EventFeed
                    if subscription.tickers.isEmpty && !subscription.needsPrivate {
                        feed = EventFeed(hub: nil, everyMs: everyMs, now: AuditLog.nowMilliseconds, registry: streams)
                    } else {
                        let hub = try session.openStreams(subscription)
                        feed = EventFeed(hub: hub, everyMs: everyMs, now: try session.clientClock(), registry: streams)
                    }
                    streams.add(feed)
                    call.push(.closure { call in try step(call, feed) })
                    call.pushNil()
                    call.pushNil()
                    pushCloser(call, feed)
                    return 4
                }),
            LuaNative(
                "stop",
                LuaSignature(
                    "Ends the running bybit.events loops (and bybit.run) at their next step; false when none runs.",
                    returns: ["boolean"]),
                .closure { call in
                    call.push(streams.stopAll())
                    return 1
                }),
        ]
    }

    /// `bybit.on`, `bybit.every`, `bybit.run`, `bybit.watch`: the stdlib's `bybit.events`
    /// module over this loop, loaded on first use (a script that never calls them pays nothing).
    static func installSugar(in state: LuaState) throws(LuaError) {
        try state.run(
            """
            local require, m = require, require "bybit"
            for _, name in ipairs { "on", "every", "run", "watch" } do
              m[name] = function(...) return require("bybit.events")[name](...) end
            end
            """, chunkName: "=(bybit.events)")
    }

    /// One turn of the loop: the next event, the timer when it is due, or nil when the loop
    /// ends (bybit.stop(), the streams closed, or a stop signal or --timeout, which the
    /// count hook then raises at the script's next instruction).
    static func step(_ call: LuaCall, _ feed: EventFeed) throws -> Int32 {
        if feed.stopping { feed.close() }
        if feed.closed {
            call.pushNil()
            return 1
        }
        var event: StreamEvent?
        if let hub = feed.hub {
            event = hub.next(deadlineMs: feed.timerDueMs)
        } else if let due = feed.timerDueMs {
            _ = call.state.sleep(seconds: max(0, Double(due - feed.now()) / 1000))
        }
        if let event {
            EventTables.push(call, event)
            return 1
        }
        if call.state.sleep(seconds: 0), feed.takeTimer() {
            call.newTable(record: 1)
            call.push("timer")
            call.setField(-2, "type")
            return 1
        }
        // Stopped (Ctrl-C, a stop signal, --timeout), or the streams were closed.
        feed.close()
        call.pushNil()
        return 1
    }

    /// The generic for's to-be-closed value: its `__close` stops the streams however the
    /// loop ends (a `break`, an error, a return from inside it).
    private static func pushCloser(_ call: LuaCall, _ feed: EventFeed) {
        call.newTable()
        call.newTable(record: 2)
        call.push(
            .closure { _ in
                feed.close()
                return 0
            })
        call.setField(-2, "__close")
        call.push("bybit.events")
        call.setField(-2, "__metatable")
        call.setMetatable(-2)
    }

    /// Reads `bybit.events`'s argument table into a subscription and the timer period.
    static func readSubscription(_ call: LuaCall, symbols: SymbolCategories) throws -> (StreamSubscription, Int64?) {
        let a = try ArgumentTable(call, 1, fields: fields)
        var s = StreamSubscription()
        for symbol in try tickerList(call) {
            let category = try symbols.resolve(symbol, given: nil, argument: 1, field: "tickers")
            guard !s.tickers.contains(where: { $0.symbol == symbol }) else { continue }
            s.tickers.append((symbol: symbol, category: category))
        }
        s.positions = try a.flag("positions", required: false) ?? false
        s.wallet = try a.flag("wallet", required: false) ?? false
        s.orders = try a.flag("orders", required: false) ?? false
        s.executions = try a.flag("executions", required: false) ?? false
        let every = try seconds(call, "every")
        if let stale = try seconds(call, "stale_after") { s.staleAfterMs = stale }
        if s.tickers.isEmpty && !s.needsPrivate && every == nil {
            throw LuaArgumentError(
                1, "nothing to wait for: give tickers, positions, wallet, orders, executions or every")
        }
        return (s, every)
    }

    /// `tickers`: a list of symbols (a single string is taken as a list of one).
    private static func tickerList(_ call: LuaCall) throws(LuaArgumentError) -> [String] {
        call.rawField(1, "tickers")
        defer { call.pop() }
        let t = call.top
        if call.isNoneOrNil(t) { return [] }
        if call.type(t) == LuaType.string, let one = call.string(t) { return [one] }
        guard call.type(t) == LuaType.table else {
            throw LuaArgumentError(1, "field 'tickers': list of symbols expected, got \(call.typeName(t))")
        }
        let count = call.rawLength(t)
        guard call.keys(t).count == count else {
            throw LuaArgumentError(1, "field 'tickers': a list of symbols expected (not a table with keys)")
        }
        var out: [String] = []
        for i in stride(from: 1, through: count, by: 1) {
            call.pushRawIndex(t, Int64(i))
            defer { call.pop() }
            guard call.type(-1) == LuaType.string, let s = call.string(-1), !s.isEmpty else {
                throw LuaArgumentError(
                    1, "field 'tickers': item \(i) must be a symbol (string), got \(call.typeName(-1))")
            }
            out.append(s)
        }
        return out
    }

    /// A positive number of seconds (at most a day), in ms.
    private static func seconds(_ call: LuaCall, _ name: String) throws(LuaArgumentError) -> Int64? {
        call.rawField(1, name)
        defer { call.pop() }
        if call.isNoneOrNil(-1) { return nil }
        guard call.type(-1) == LuaType.number, let s = call.number(-1) else {
            throw LuaArgumentError(1, "field '\(name)': number of seconds expected, got \(call.typeName(-1))")
        }
        guard s.isFinite, s > 0, s <= 86_400 else {
            throw LuaArgumentError(1, "field '\(name)': seconds above 0 and at most 86400 expected, got \(s)")
        }
        return max(1, Int64((s * 1000).rounded()))
    }
}
