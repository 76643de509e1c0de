import BybitAPI
import LuaKit

/// Installs the Lua surface: the globals `add_margin`, `set_auto_add_margin`,
/// `decimal`, `D`, and the module `require "bybit"` with the same functions plus
/// the reads, `env`, `sleep`, `now`, `log`, `errors` and (paper mode) `paper`.
///
/// A global and its module field are separate closures over the same Swift code, so
/// Lua's `bad argument #1 to 'add_margin'` names the one the script called.
public enum BybitModule {
    /// The module's functions as registered, for `bybit-lua types`.
    public struct Catalog {
        public let globals: [LuaNative]
        public let module: [LuaNative]
        public let log: [LuaNative]
        public let paper: [LuaNative]
        /// `bybit.state`: what a script remembers between runs.
        public let state: [LuaNative]
        public let decimalMethods: [LuaNative]
        public let decimalFunctions: [LuaNative]
        public let errorCodes: [(String, Int)]
    }

    public static func catalog(_ session: BybitSession) -> Catalog {
        let symbols = SymbolCategories(session: session)  // one cache per run, shared by every binding
        let streams = session.openLoops  // the run's bybit.events loops: bybit.stop, bybit.ticker from a stream
        let margin = MarginBindings.natives(session, symbols: symbols)
        // orders and position settings
        let trading =
            OrderBindings.natives(session, symbols: symbols) + SettingsBindings.natives(session, symbols: symbols)
        return Catalog(
            globals: margin,
            module: margin + ReadBindings.natives(session, symbols: symbols, streams: streams) + trading
                + EventBindings.natives(session, symbols: symbols, streams: streams) + [
                symbols.native, symbols.instrumentNative, ReadBindings.account(session),
                RequestBindings.native(session, symbols: symbols), GuardBindings.native(session),
            ] + NotifyBindings.natives(session)
                + UtilityBindings.natives,
            log: UtilityBindings.logNatives(session.options.log), paper: UtilityBindings.paperNatives(session),
            state: StateBindings.natives(session),
            decimalMethods: DecimalMethods.methods, decimalFunctions: DecimalModule.functions,
            errorCodes: UtilityBindings.errorCodes)
    }

    public static func install(in state: LuaState, session: BybitSession) throws(LuaError) {
        DecimalModule.install(in: state)
        try ScriptError.installMetatable(in: state)
        let c = catalog(session)
        for g in c.globals { state.setGlobal(g.name, g.function) }
        var values: [(String, LuaValue)] = [("env", .text(session.options.environment))]
        values.append(
            (
                "errors",
                .table(Dictionary(uniqueKeysWithValues: c.errorCodes.map { (.text($0.0), .integer(Int64($0.1))) }))
            ))
        state.registerModule(
            "bybit", functions: c.module.map { ($0.name, $0.function) }, values: values, leaveOnStack: true)
        let L = state.L
        LuaCall(L).pushRawGlobal("decimal")  // setup: no script has run
        LuaCall(L).setField(-2, "decimal")
        addTable(L, "log", c.log)
        UtilityBindings.makeLogCallable(LuaCall(L), session.options.log)
        if session.isPaper { addTable(L, "paper", c.paper) }
        addTable(L, "state", c.state)
        LuaCall(L).pop()
        try EventBindings.installSugar(in: state)
    }

    private static func addTable(_ L: OpaquePointer, _ name: String, _ natives: [LuaNative]) {
        LuaCall(L).newTable(record: Int32(natives.count))
        for n in natives {
            LuaCall(L).push(n.function)
            LuaCall(L).setField(-2, n.name)
        }
        LuaCall(L).setField(-2, name)
    }
}
