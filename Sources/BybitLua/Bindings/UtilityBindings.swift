import BybitAPI
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit.sleep`, `bybit.now`, `bybit.log.*`, `bybit.errors`, `bybit.paper.*`.
enum UtilityBindings {
    static var natives: [LuaNative] {
        [
            LuaNative(
                "sleep",
                LuaSignature(
                    "Sleeps `seconds` (fractions allowed). Ctrl-C and --timeout still stop the script.",
                    parameters: [.init("seconds", "number")]),
                .closure { call in
                    let s = try call.checkNumber(1)
                    guard s.isFinite, s >= 0, s <= 86_400 else {
                        throw LuaArgumentError(1, "seconds must be from 0 to 86400")
                    }
                    _ = call.state.sleep(seconds: s)
                    return 0
                }),
            LuaNative(
                "now", LuaSignature("The wall clock, in milliseconds since 1970.", returns: ["integer"]),
                .closure { call in
                    call.push(AuditLog.nowMilliseconds())
                    return 1
                }),
        ]
    }

    static var logNatives: [LuaNative] {
        ["debug", "info", "warn", "error"].map { level in
            LuaNative(
                level,
                LuaSignature(
                    "Writes one `time LEVEL message key=value …` line to stderr.",
                    parameters: [.init("message", "any"), .init("fields?", "table<string, any>")]),
                .closure { call in
                    var line = "\(isoTime()) \(level.uppercased()) \(text(call, 1))"
                    if call.type(2) == LuaType.table {
                        for key in call.keys(2).sorted() {
                            call.rawField(2, key)
                            line += " \(key)=\(text(call, -1))"
                            call.pop()
                        }
                    }
                    line += "\n"
                    let bytes = Array(line.utf8)
                    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                    return 0
                })
        }
    }

    /// Named retCodes (`bybit.errors.NO_OPEN_POSITION == 110033`).
    static let errorCodes: [(String, Int)] = [
        ("PARAMETER_ERROR", 10001), ("TIMESTAMP_OUT_OF_WINDOW", 10002), ("INVALID_API_KEY", 10003),
        ("BAD_SIGNATURE", 10004), ("PERMISSION_DENIED", 10005), ("TOO_MANY_VISITS", 10006),
        ("SERVER_ERROR", 10016), ("LIQUIDATION_TRIGGERED", 110011), ("INSUFFICIENT_BALANCE", 110014),
        ("CROSS_MARGIN_MODE", 110015), ("MARGIN_NOT_MODIFIED", 110027), ("NO_OPEN_POSITION", 110033),
        ("ADJUSTMENT_WOULD_LIQUIDATE", 110046), ("AUTO_ADD_NEEDS_ISOLATED", 110076),
        ("PORTFOLIO_MARGIN_UNSUPPORTED", 110077), ("REDUCE_MORE_THAN_ALLOWED", 110078),
        // orders and position settings
        ("ORDER_NOT_FOUND", 110001), ("PRICE_OUT_OF_RANGE", 110003), ("INSUFFICIENT_AVAILABLE_BALANCE", 110007),
        ("ORDER_FINISHED", 110008), ("ORDER_ALREADY_CANCELLED", 110010), ("NOTHING_TO_REDUCE", 110017),
        ("SWITCH_MODE_HAS_POSITION", 110024), ("POSITION_MODE_NOT_MODIFIED", 110025),
        ("MARGIN_MODE_NOT_MODIFIED", 110026), ("SWITCH_MODE_HAS_ORDERS", 110028), ("HEDGE_MODE_UNSUPPORTED", 110029),
        ("LEVERAGE_NOT_MODIFIED", 110043), ("DUPLICATE_ORDER_LINK_ID", 110072), ("SET_MARGIN_MODE_FAILED", 110073),
        ("ORDER_NOTIONAL_TOO_LOW", 110094), ("MARGIN_MODE_REFUSED", 3_400_045),
    ]

    static func paperNatives(_ session: BybitSession) -> [LuaNative] {
        [
            LuaNative(
                "set_mark_price",
                LuaSignature(
                    "Paper exchange only: moves the mark price; auto-add-margin and liquidation react.",
                    parameters: [.init("symbol", "string"), .init("price", "Decimal|string|integer|number")]),
                .closure { call in
                    let symbol = try call.checkString(1)
                    let price: ExactDecimal
                    switch DecimalOperand.coerce(call.L, 2, bound: false) {
                    case .success(let d): price = d
                    case .failure(let e): throw LuaArgumentError(2, e.message)
                    }
                    guard price.sign > 0 else { throw LuaArgumentError(2, "price must be positive, got \(price)") }
                    do {
                        try session.paper()?.setMarkPrice(symbol: symbol, price)
                    } catch let e as BybitError {
                        throw ScriptError(e)
                    } catch {
                        throw ScriptError(kind: "api", message: "\(error)", endpoint: "/paper/mark-price")
                    }
                    return 0
                }),
            LuaNative(
                "mark_price",
                LuaSignature(
                    "Paper exchange only: the current mark price of `symbol`, or nil.",
                    parameters: [.init("symbol", "string")], returns: ["Decimal?"]),
                .closure { call in
                    let symbol = try call.checkString(1)
                    let price = try ReadBindings.reading(()) { _ in try session.paper()?.markPrice(symbol: symbol) }
                    if let price { DecimalBridge.push(call.L, price) } else { call.pushNil() }
                    return 1
                }),
        ] + PaperAccountBindings.natives(session)
    }

    private static func text(_ call: LuaCall, _ i: Int32) -> String {
        if let d = DecimalBridge.value(call.L, i) { return d.description }
        switch call.value(i) {
        case .string(let b): return String(decoding: b, as: UTF8.self)
        case .table: return "table"
        case .number(let d) where d.isNaN: return "nan"  // never C's "-nan" (0/0 sets the sign bit)
        case let v: return v.description
        }
    }

    private static func isoTime() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var t = time_t(ts.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = Int(ts.tv_nsec / 1_000_000)
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(msText)Z"
    }
}
