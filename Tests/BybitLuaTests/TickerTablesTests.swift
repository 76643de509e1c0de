import Testing

@testable import BybitAPI
@testable import BybitLua
@testable import BybitWire
@testable import LuaKit

/// `ev.ticker` built from a per-symbol template that converts only the members that
/// changed: every table a script gets must equal a whole conversion of that ticker (keys,
/// types, values), be a table of its own (a script's writes never reach a later event),
/// and leave the stack as it found it — across price moves, a member that becomes `""`
/// and comes back, a ticker with other keys, and two symbols interleaved.
@Suite struct TickerTablesTests {
    static func ticker(
        _ symbol: String, mark: String, funding: String = "0.0001", basis: String = "", extra: Bool = false
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("symbol", .string(symbol)), ("lastPrice", .string(mark)), ("markPrice", .string(mark)),
            ("fundingRate", .string(funding)), ("nextFundingTime", .string("1722816000000")),
            ("basis", .string(basis)), ("bid1Size", .string("1")),
        ]
        if extra { members.append(("openInterest", .string("12.5"))) }
        return .object(JSONObject(members))
    }

    /// Checks in Lua that `t` (the template's table) and `f` (a whole conversion) agree.
    static let compare = """
        local function describe(v)
          if type(v) == "userdata" then return "decimal " .. tostring(v) .. tostring(getmetatable(v) == getmetatable(D"1")) end
          return type(v) .. " " .. tostring(v)
        end
        for k, v in pairs(f) do
          if describe(t[k]) ~= describe(v) then return "differs at " .. k .. ": " .. describe(t[k]) .. " vs " .. describe(v) end
        end
        for k in pairs(t) do if f[k] == nil then return "extra key " .. k end end
        if t == previous then return "the same table twice" end
        previous = t
        -- a script's writes stay in its own table
        t.markPrice = nil
        t.lastPrice = "scribbled"
        t.mine = true
        return "same"
        """

    @Test func everyTableEqualsAWholeConversionAndIsItsOwn() throws {
        let state = try LuaState(options: .init())
        DecimalModule.install(in: state)
        let tables = TickerTables()
        let call = LuaCall(state.L)
        let sequence: [(String, JSONValue)] = [
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "60000.10")),
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59990.00")),
            ("ETHUSDT", Self.ticker("ETHUSDT", mark: "3000.5")),
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59990.00")),  // nothing changed
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59980.00", basis: "0.5")),  // "" -> a value
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59980.00", basis: "")),  // and back to absent
            ("ETHUSDT", Self.ticker("ETHUSDT", mark: "2999", funding: "-0.0002")),
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59970.00", extra: true)),  // other keys: whole
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59960.00", extra: true)),
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59950.00")),  // fewer keys again
            ("BTCUSDT", .object(JSONObject())),
            ("BTCUSDT", Self.ticker("BTCUSDT", mark: "59940.00")),
        ]
        for (n, (symbol, ticker)) in sequence.enumerated() {
            call.push(Int64(7))  // something below: it must stay where it is
            let before = call.top
            tables.push(call, symbol: symbol, ticker)
            #expect(call.top == before + 1, "row \(n)")
            state.setGlobalFromTop("t")
            JSONToLua.push(state.L, ticker, shape: Catalog.ticker)
            state.setGlobalFromTop("f")
            #expect(call.integer(-1) == 7)
            call.pop()
            try state.load(Self.compare, chunkName: "=compare")
            try state.call(arguments: 0, results: 1)
            #expect(call.string(-1) == "same", "row \(n): \(symbol) \(ticker)")
            call.pop()
        }
    }

    /// Two instances on one state (each `bybit` module install has its own) keep their
    /// templates apart: one's ticker of a symbol never shows in the other's next table.
    @Test func twoInstancesOnOneStateDoNotMix() throws {
        let state = try LuaState(options: .init())
        DecimalModule.install(in: state)
        let call = LuaCall(state.L)
        let (a, b) = (TickerTables(), TickerTables())
        let sequence: [(TickerTables, JSONValue)] = [
            (a, Self.ticker("BTCUSDT", mark: "60000.10")),
            (b, Self.ticker("BTCUSDT", mark: "50000.00", funding: "0.0003")),
            (a, Self.ticker("BTCUSDT", mark: "60000.20")),  // funding unchanged for a: must stay a's
            (b, Self.ticker("BTCUSDT", mark: "50000.00", funding: "0.0003", basis: "2")),
            (a, Self.ticker("BTCUSDT", mark: "60000.20")),
        ]
        for (n, (tables, ticker)) in sequence.enumerated() {
            tables.push(call, symbol: "BTCUSDT", ticker)
            state.setGlobalFromTop("t")
            JSONToLua.push(state.L, ticker, shape: Catalog.ticker)
            state.setGlobalFromTop("f")
            try state.load(Self.compare, chunkName: "=compare")
            try state.call(arguments: 0, results: 1)
            #expect(call.string(-1) == "same", "row \(n)")
            call.pop()
        }
        #expect(call.top == 0)
    }

    /// A value that is not an object (never sent by a stream) is converted as it is.
    @Test func aTickerThatIsNotAnObjectIsConvertedWhole() throws {
        let state = try LuaState(options: .init())
        DecimalModule.install(in: state)
        let call = LuaCall(state.L)
        TickerTables().push(call, symbol: "BTCUSDT", .string("60000"))
        #expect(call.type(-1) == LuaType.userdata)
        call.pop()
        #expect(call.top == 0)
    }
}
