import BybitAPI
import BybitStreams
import LuaKit

/// `bybit.events{…}`, the one event loop (a generic-for iterator over the streams and a
/// timer), and `bybit.stop()`. The Lua thread pulls: while a money call runs, ticks only
/// update the streams' state, and the loop gets the newest ticker once afterwards.
enum EventBindings {
    static func natives(_ session: BybitSession, symbols: SymbolCategories, streams: OpenStreams) -> [LuaNative] {
        let tickers = TickerTables()
        return [
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
                    let (subscription, everyMs) = try EventArguments.read(call, symbols: symbols)
                    let feed: EventFeed
                    if subscription.tickers.isEmpty && !subscription.needsPrivate {
                        // the script's clock (a replay's virtual one), held without the state
                        let clock = call.state.options.clock
                        let now: () -> Int64 = clock.map { c in { c.nowMs() } } ?? AuditLog.nowMilliseconds
                        feed = EventFeed(hub: nil, everyMs: everyMs, now: now, registry: streams)
                    } else {
                        let hub = try session.openStreams(subscription)
                        feed = EventFeed(hub: hub, everyMs: everyMs, now: try session.clientClock(), registry: streams)
                        feed.staleAlarm = session.options.alerts.map {
                            StaleAlarm(
                                alerts: $0, afterSeconds: session.options.staleAlertAfterSeconds,
                                subscription: subscription)
                        }
                    }
                    streams.add(feed)
                    call.push(.closure { call in try step(call, feed, tickers: tickers) })
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
    static func step(_ call: LuaCall, _ feed: EventFeed, tickers: TickerTables) throws -> Int32 {
        feed.stepBegins()
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
            feed.delivering(event)
            feed.staleAlarm?.observe(event)
            EventTables.push(call, event, tickers: tickers)
            return 1
        }
        if call.state.sleep(seconds: 0), feed.takeTimer() {
            feed.delivering(nil)
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
}
