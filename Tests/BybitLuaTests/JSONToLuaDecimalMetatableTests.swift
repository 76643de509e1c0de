import Testing

@testable import BybitLua
@testable import BybitWire
@testable import LuaKit

/// A reply's decimals are pushed with the Decimal metatable looked up once per reply
/// (kept on the stack below the result while it is built): each decimal, at any depth,
/// must still be a working Decimal, and the stack must hold the result and nothing else.
@Suite struct JSONToLuaDecimalMetatableTests {
    static func state() throws -> LuaState {
        let state = try LuaState(options: .init())
        DecimalModule.install(in: state)
        return state
    }

    /// Runs `source` (a chunk returning a string) and returns that string.
    static func output(_ state: LuaState, _ source: String) throws -> String {
        try state.load(source, chunkName: "=check")
        try state.call(arguments: 0, results: 1)
        defer { LuaCall(state.L).pop() }
        return LuaCall(state.L).string(-1) ?? "<no string>"
    }

    @Test func decimalsAtEveryDepthAreDecimalsAndTheStackIsBalanced() throws {
        let state = try Self.state()
        let reply: JSONValue = .object([
            ("markPrice", .string("60000.10")),
            ("symbol", .string("BTCUSDT")),
            ("basis", .string("")),
            ("ratio", .double(0.5, text: "0.50")),
            (
                "list",
                .array([
                    .object([("size", .string("0.001")), ("nested", .object([("pnl", .string("-1.25"))]))]),
                    .string("7.5"),
                ])
            ),
        ])
        let call = LuaCall(state.L)
        call.push(Int64(42))  // something below: the conversion must leave it where it is
        let before = call.top
        JSONToLua.push(state.L, reply, shape: nil)
        #expect(call.top == before + 1)
        state.setGlobalFromTop("t")
        #expect(call.integer(-1) == 42)
        call.pop()

        let seen = try Self.output(
            state,
            """
            local mt = getmetatable(t.markPrice)
            local out = {}
            for _, d in ipairs({ t.markPrice, t.ratio, t.list[1].size, t.list[1].nested.pnl, t.list[2] }) do
              out[#out + 1] = tostring(getmetatable(d) == mt) .. ":" .. tostring(d + d)
            end
            out[#out + 1] = type(t.symbol) .. ":" .. tostring(t.basis)
            return table.concat(out, " ")
            """)
        #expect(seen == "true:120000.20 true:1.00 true:0.002 true:-2.50 true:15.0 string:nil")
    }

    /// A lone value (no table to build) is pushed as before: one slot, a Decimal.
    @Test func aLoneDecimalIsPushedAlone() throws {
        let state = try Self.state()
        let call = LuaCall(state.L)
        let before = call.top
        JSONToLua.push(state.L, .string("1.5"))
        #expect(call.top == before + 1)
        state.setGlobalFromTop("d")
        #expect(try Self.output(state, "return tostring(d * 2)") == "3.0")
    }
}
