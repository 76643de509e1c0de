import BybitAPI
import LuaKit

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
                "now",
                LuaSignature(
                    "The clock, in milliseconds since 1970 (under replay the virtual clock).", returns: ["integer"]),
                .closure { call in
                    call.push(call.state.nowMilliseconds)
                    return 1
                }),
        ]
    }

    /// `bybit.log.debug/info/warn/error(message, fields?)`: one logfmt or JSON line on stderr
    /// (``LogSettings``), dropped below `--log-level`.
    static func logNatives(_ settings: LogSettings) -> [LuaNative] {
        LogLevel.allCases.map { level in
            LuaNative(
                level.name,
                LuaSignature(
                    """
                    Writes one line to stderr: `time=… level=\(level.name) msg="…" key=value …` (tables as \
                    `key.sub=value`, decimals exactly), or a JSON object with --log-format json; \
                    nothing below --log-level (default info).
                    """,
                    parameters: [.init("message", "any"), .init("fields?", "table<string, any>")]),
                .closure { call in
                    log(call, level, from: 1, settings)
                    return 0
                })
        }
    }

    /// `bybit.log(level, message, fields?)`: the same lines, the level named by a string.
    static func logCall(_ settings: LogSettings) -> LuaNative {
        LuaNative(
            "log",
            LuaSignature(
                "bybit.log(level, message, fields?): as bybit.log.<level>; level is debug, info, warn or error.",
                parameters: [
                    .init("level", "\"debug\"|\"info\"|\"warn\"|\"error\""), .init("message", "any"),
                    .init("fields?", "table<string, any>"),
                ]),
            .closure { call in
                // __call: argument 1 is the bybit.log table itself
                let name = call.string(2)
                guard let level = name.flatMap(LogLevel.init(name:)) else {
                    throw ScriptError(
                        kind: "validation",
                        message:
                            "bybit.log: the level must be debug, info, warn or error, got \(name.map { "'\($0)'" } ?? call.typeName(2))",
                        endpoint: "")
                }
                log(call, level, from: 3, settings)
                return 0
            })
    }

    /// Makes the `log` field of the table on top callable (`bybit.log("warn", …)`).
    static func makeLogCallable(_ call: LuaCall, _ settings: LogSettings) {
        call.rawField(-1, "log")
        call.newTable(record: 1)
        call.push(logCall(settings).function)
        call.setField(-2, "__call")
        call.setMetatable(-2)
        call.pop()
    }

    private static func log(_ call: LuaCall, _ level: LogLevel, from i: Int32, _ settings: LogSettings) {
        guard level >= settings.level else { return }  // a dropped line costs no formatting
        let message: String
        switch LogValue.read(call, i) {
        case .list, .record: message = "table"
        case let v: message = Logfmt.scalarText(v)
        }
        let fields = call.type(i + 1) == LuaType.table ? LogValue.fields(call, i + 1) : []
        let time = LogOutput.isoTime(ms: call.state.options.clock?.nowMs())  // a replay's: its virtual time
        LogOutput.write(LogLine(time: time, level: level, message: message, fields: fields), settings)
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
}
