import BybitAPI
import LuaKit

/// `bybit.guard()`: what this run's guards allow, so a script can size its adds to what is
/// left instead of meeting a `guard` error.
public enum GuardBindings {
    /// The LuaLS classes of the table it returns, for `bybit-lua types`.
    public static let types = """
        ---What `bybit.guard()` returns: the guards this run has.
        ---@class bybit.Guard
        ---@field margin table<string, bybit.MarginAllowance> per capped coin (empty: no --max-margin)
        ---@field capped boolean true when any --max-margin is set: an add in a coin not in `margin` is then refused
        ---@field window string? --max-margin-window as given ("24h"); nil: the caps count this run only
        ---@field dryRun boolean --dry-run: nothing is sent
        ---@field allowOpenOrders boolean --allow-open-orders: orders may open or increase a position

        ---One coin's --max-margin: what is counted against it now and what may still be added.
        ---@class bybit.MarginAllowance
        ---@field cap Decimal the cap
        ---@field used Decimal added by this run (and, with a window, by this key's runs within it, from the audit log)
        ---@field left Decimal cap - used, never below 0

        """

    static func native(_ session: BybitSession) -> LuaNative {
        LuaNative(
            "guard",
            LuaSignature(
                """
                What this run's guards allow now: per coin capped by --max-margin, the `cap`, what is
                `used` (this run's adds, plus with --max-margin-window what this key's runs added within
                the window, read again from the audit log at each call) and what is `left`. Raises
                `audit` when the window cannot be read from the audit log.
                """, returns: ["bybit.Guard"]),
            .closure { call in
                let allowances: [BybitSession.MarginAllowance]
                do throws(BybitError) { allowances = try session.marginAllowances() } catch {
                    throw ScriptError(kind: "audit", message: error.message, endpoint: "")
                }
                push(call, session.options, allowances)
                return 1
            })
    }

    private static func push(
        _ call: LuaCall, _ options: BybitSession.Options, _ allowances: [BybitSession.MarginAllowance]
    ) {
        call.newTable(record: 5)
        call.newTable(record: Int32(allowances.count))
        for a in allowances {
            call.newTable(record: 3)
            DecimalBridge.push(call.L, a.cap)
            call.setField(-2, "cap")
            DecimalBridge.push(call.L, a.used)
            call.setField(-2, "used")
            DecimalBridge.push(call.L, a.left)
            call.setField(-2, "left")
            call.setField(-2, a.coin)
        }
        call.setField(-2, "margin")
        call.push(!options.marginCaps.isEmpty)
        call.setField(-2, "capped")
        if let window = options.marginCaps.windowText {
            call.push(window)
            call.setField(-2, "window")
        }
        call.push(options.dryRun)
        call.setField(-2, "dryRun")
        call.push(options.allowOpenOrders)
        call.setField(-2, "allowOpenOrders")
    }
}
