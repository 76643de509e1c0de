import Testing

@testable import BybitLua
@testable import LuaKit

/// `bybit.log`'s lines: logfmt quoting and escaping, tables as key paths, decimals exactly,
/// JSON for collectors, and the values as they are read out of Lua.
@Suite struct LogLineTests {
    static let time = "2026-12-06T19:28:46.123Z"

    func line(_ message: String, _ fields: [(String, LogValue)], level: LogLevel = .info) -> LogLine {
        LogLine(time: Self.time, level: level, message: message, fields: fields)
    }

    @Test func logfmtQuotesOnlyWhatNeedsIt() {
        let l = line(
            "added margin",
            [
                ("coin", .text("USDT")), ("note", .text("a b")), ("eq", .text("k=v")), ("quote", .text("say \"hi\"")),
                ("empty", .text("")), ("path", .text("C:\\dir")), ("unicode", .text("ü€")),
            ])
        #expect(
            l.formatted(.logfmt)
                == #"time=2026-12-06T19:28:46.123Z level=info msg="added margin" coin=USDT note="a b" eq="k=v" quote="say \"hi\"" empty="" path=C:\dir unicode=ü€"#
                + "\n")
    }

    @Test func newlinesAndControlCharactersNeverSplitTheLine() {
        let l = line("two\nlines", [("err", .text("stack traceback:\n\t[C]: in ?\r\u{1b}[31m\u{2028}"))], level: .error)
        let text = l.formatted(.logfmt)
        #expect(text.filter { $0 == "\n" || $0 == "\r\n" }.count == 1)
        #expect(text.hasSuffix("\n"))
        #expect(
            text
                == #"time=2026-12-06T19:28:46.123Z level=error msg="two\nlines" err="stack traceback:\n\t[C]: in ?\r\u001b[31m\u2028""#
                + "\n")
        let json = l.formatted(.json)
        #expect(json.filter { $0 == "\n" || $0 == "\r\n" }.count == 1)
        #expect(json.contains(#""err":"stack traceback:\n\t[C]: in ?\r\u001b[31m\u2028""#))
    }

    @Test func tablesBecomeKeyPathsAndDecimalsStayExact() {
        let pos: LogValue = .record([
            ("liqPrice", .decimal("58000.10")), ("size", .decimal("0.001")), ("symbol", .text("BTCUSDT")),
        ])
        let l = line(
            "check",
            [
                ("pos", pos), ("tags", .list([.text("a"), .integer(2)])), ("none", .list([])),
                ("ratio", .number(0.1)), ("whole", .number(3)), ("bad", .number(.nan)), ("on", .boolean(true)),
            ])
        #expect(
            l.formatted(.logfmt)
                == "time=2026-12-06T19:28:46.123Z level=info msg=check pos.liqPrice=58000.10 pos.size=0.001 "
                + "pos.symbol=BTCUSDT tags.1=a tags.2=2 none=[] ratio=0.1 whole=3.0 bad=nan on=true\n")
        #expect(
            l.formatted(.json)
                == #"{"time":"2026-12-06T19:28:46.123Z","level":"info","msg":"check","pos":{"liqPrice":"58000.10","size":"0.001","symbol":"BTCUSDT"},"tags":["a",2],"none":[],"ratio":0.1,"whole":3.0,"bad":"nan","on":true}"#
                + "\n")
    }

    @Test func keysThatCannotBeWordsAndReservedNames() {
        let l = line("m", [("msg", .text("x")), ("a key=", .integer(1)), ("", .integer(2))])
        #expect(l.formatted(.logfmt).hasSuffix(" msg=m fields.msg=x a_key_=1 _=2\n"))
        #expect(l.formatted(.json).hasSuffix(#""msg":"m","fields.msg":"x","a key=":1,"":2}"# + "\n"))
    }

    @Test func levelsAreOrderedAndNamed() {
        #expect(LogLevel.allCases.map(\.name) == ["debug", "info", "warn", "error"])
        #expect(LogLevel(name: "warning") == nil)
        #expect(LogLevel.debug < .info && .warn < .error)
        #expect(LogSettings().level == .info && LogSettings().format == .logfmt)
    }

    @Test func valuesReadFromLuaKeepDecimalsAndNesting() throws {
        let state = try LuaState()
        DecimalModule.install(in: state)
        try state.run(
            """
            local t = { symbol = "BTCUSDT", margin = decimal("0.10"), idx = 0, nested = { deep = { x = 1.5 } },
                        list = { "a", decimal("1e-8") }, f = print }
            t.self = t
            fields = t
            """)
        let call = LuaCall(state.L)
        call.pushRawGlobal("fields")
        let fields = LogValue.fields(call, -1)
        call.pop()
        let byName = Dictionary(fields.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(fields.map(\.0) == ["f", "idx", "list", "margin", "nested", "self", "symbol"])
        #expect(byName["margin"] == .decimal("0.10"))
        #expect(byName["idx"] == .integer(0))
        #expect(byName["list"] == .list([.text("a"), .decimal("0.00000001")]))
        #expect(byName["nested"] == .record([("deep", .record([("x", .number(1.5))]))]))
        #expect(byName["f"] == .opaque("function"))
        // a table that contains itself is cut at the depth limit, not followed for ever
        var depth = 0
        var v = byName["self"]
        while case .record(let r)? = v, let inner = r.first(where: { $0.0 == "self" })?.1 {
            depth += 1
            v = inner
        }
        #expect(depth == LogValue.maxDepth - 1)
        #expect(v == .opaque("…"))
    }

    @Test func aHugeTableIsCutAtTheValueBudget() throws {
        let state = try LuaState()
        try state.run("big = {} for i = 1, 10000 do big['k' .. i] = i end")
        let call = LuaCall(state.L)
        call.pushRawGlobal("big")
        let fields = LogValue.fields(call, -1)
        call.pop()
        #expect(fields.count == LogValue.maxValues + 1)
        #expect(fields.last?.0 == "…")
    }
}
