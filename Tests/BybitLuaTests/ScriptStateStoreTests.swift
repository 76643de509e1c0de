import BybitWire
import Foundation
import LuaKit
import Testing

@testable import BybitLua

/// `bybit.state` from Lua against a real SQLite file: what comes back is what was stored,
/// refusals say where the bad part is and write nothing, each environment has its own
/// keys, and a damaged or unusable file is an error naming it, left as it was.
@Suite struct ScriptStateStoreTests {
    /// A Lua state with the bybit module over a store at `path` (no exchange is reached).
    static func lua(_ location: ScriptStateStore.Location, scope: String = "paper") throws -> LuaState {
        var o = BybitSession.Options(environment: scope)
        o.state = ScriptStateStore(location: location, scope: scope)
        let session = BybitSession(options: o) { throw StateTestError.noExchange }
        let state = try LuaState()
        try BybitModule.install(in: state, session: session)
        try state.run("bybit = require 'bybit'")
        return state
    }

    enum StateTestError: Error { case noExchange }

    /// Runs `source` and returns the global `out` as text.
    static func out(_ state: LuaState, _ source: String) throws -> String {
        try state.run(source)
        return state.global("out").stringValue ?? "(not a string: \(state.global("out")))"
    }

    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "state-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func everyKindOfValueComesBackAsStoredFromAFreshOpen() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nested/s.sqlite"
        let writer = try Self.lua(.file(path))
        try writer.run(
            """
            local s = bybit.state
            s.set("sum", D"0.1" + D"0.2")
            s.set("scaled", D"10.50")
            s.set("tiny", D"-0.000000000000000001")
            s.set("bytes", "a\\0b\\255\\n")
            s.set("max", math.maxinteger); s.set("min", math.mininteger)
            s.set("float", 0.1); s.set("whole", 1.0); s.set("yes", true); s.set("no", false)
            s.set("nested", { 1, 2, { x = D"1.5", [10] = "ten" }, name = "guard", [-3] = true })
            local deep = {}; local t = deep
            for i = 1, 31 do t.next = {}; t = t.next end
            t.leaf = "bottom"
            s.set("deep", deep)
            """)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir + "/nested")[.posixPermissions] as? Int
        #expect(dirMode == 0o700)

        let reader = try Self.lua(.file(path))
        let got = try Self.out(
            reader,
            """
            local s = bybit.state
            local n = s.get("nested")
            local t = s.get("deep"); local depth = 0
            while t.next do t = t.next; depth = depth + 1 end
            out = table.concat({
              tostring(s.get("sum")), tostring(decimal.is(s.get("sum"))), tostring(s.get("sum") == D"0.3"),
              tostring(s.get("scaled")), tostring(s.get("tiny")),
              tostring(s.get("bytes") == "a\\0b\\255\\n"),
              tostring(s.get("max") == math.maxinteger), tostring(s.get("min") == math.mininteger),
              math.type(s.get("max")), tostring(s.get("float") == 0.1), math.type(s.get("whole")),
              tostring(s.get("yes")), tostring(s.get("no")), tostring(s.get("missing")),
              tostring(n[1]), tostring(n[2]), tostring(n[3].x), tostring(decimal.is(n[3].x)), n[3][10], n.name,
              tostring(n[-3]), tostring(#n), tostring(depth), t.leaf,
            }, " ")
            """)
        #expect(
            got
                == "0.3 true true 10.50 -0.000000000000000001 true true true integer true float true false nil 1 2 1.5 true ten guard true 3 31 bottom"
        )
        #expect(
            try Self.out(reader, "out = table.concat(bybit.state.keys(), ',')")
                == "bytes,deep,float,max,min,nested,no,scaled,sum,tiny,whole,yes")
        try reader.run("bybit.state.set('sum', nil)")
        #expect(try Self.out(try Self.lua(.file(path)), "out = tostring(bybit.state.get('sum'))") == "nil")
    }

    /// Each refusal is a `bad argument` naming where the bad part is, and nothing is written.
    @Test(arguments: [
        ("function() end", "value is a function"),
        ("{ a = { b = print } }", "value.a.b is a function"),
        ("coroutine.create(print)", "value is a thread"),
        ("{ io.stdout }", "value[1] is a FILE* userdata"),
        ("(function() local t = {}; t.me = t; return t end)()", "value.me is a table that contains itself"),
        (
            "(function() local a, b = {}, {}; a.b = b; b.list = { a }; return a end)()",
            "value.b.list[1] is a table that contains itself"
        ),
        ("{ [1.5] = 'x' }", "value has the float key 1.5"),
        ("{ [true] = 'x' }", "value has a boolean key"),
        ("string.rep('x', 1 << 20)", "more than 1048576 bytes"),
        (
            "(function() local t = {}; local c = t; for i = 1, 32 do c.n = {}; c = c.n end; return t end)()",
            "nested more than 32 deep"
        ),
    ])
    func badValuesAreRefusedWithWhereAndNothingIsWritten(value: String, expected: String) throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try Self.lua(.file(dir + "/s.sqlite"))
        let message = try Self.out(
            state,
            "local ok, e = pcall(function() bybit.state.set('k', \(value)) end); out = ok and 'stored' or tostring(e)")
        #expect(message.contains("bad argument #2 to 'set'"), "\(message)")
        #expect(message.contains(expected), "\(message)")
        #expect(try Self.out(state, "out = tostring(#bybit.state.keys())") == "0")
    }

    @Test(arguments: [
        ("''", "1 to 256 bytes, got 0"), ("string.rep('k', 257)", "got 257"), ("1", "string key expected, got number"),
    ])
    func badKeysAreRefused(key: String, expected: String) throws {
        let state = try Self.lua(.memory)
        let message = try Self.out(
            state, "local ok, e = pcall(function() bybit.state.set(\(key), 1) end); out = tostring(e)")
        #expect(message.contains("bad argument #1 to 'set'") && message.contains(expected), "\(message)")
    }

    /// `add` keeps integers integers and decimals exact, and refuses what it cannot add
    /// exactly, leaving the stored value as it was.
    @Test func addSumsExactlyAndRefusesWhatItCannotAdd() throws {
        let state = try Self.lua(.memory)
        let sums = try Self.out(
            state,
            """
            local s = bybit.state
            local a, b = s.add("n", 2), s.add("n", 3)
            local c, d = s.add("d", "0.1"), s.add("d", D"0.2")
            out = table.concat({ a, b, math.type(s.get("n")), tostring(c), tostring(d), tostring(decimal.is(d)),
              tostring(s.add("n", D"0.50")) }, " ")
            """)
        #expect(sums == "2 5 integer 0.1 0.3 true 5.50")
        let refusals = try Self.out(
            state,
            """
            local s = bybit.state
            s.set("t", { 1 }); s.set("m", math.maxinteger)
            local function why(f) local ok, e = pcall(f); return tostring(e) end
            out = table.concat({
              why(function() s.add("n", 0.5) end), why(function() s.add("t", 1) end),
              why(function() s.add("m", 1) end), tostring(s.get("n")), tostring(s.get("m") == math.maxinteger),
            }, "\\n")
            """)
        let lines = refusals.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(refusals)")
        #expect(lines[0].contains("bad argument #2 to 'add' (a float does not add exactly"), "\(refusals)")
        #expect(lines[1] == "bybit: state error: 't' holds a table, not an integer or a decimal: nothing was added")
        #expect(lines[2] == "bybit: state error: 'm': 9223372036854775807 + 1 is past the integer range")
        #expect(lines.suffix(2) == ["5.50", "true"])
    }

    @Test func eachEnvironmentHasItsOwnKeysInOneFile() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.lua(.file(dir + "/s.sqlite"), scope: "mainnet").run("bybit.state.set('added', D'250')")
        let paper = try Self.lua(.file(dir + "/s.sqlite"), scope: "paper")
        #expect(try Self.out(paper, "out = tostring(bybit.state.get('added'))") == "nil")
        try paper.run("bybit.state.set('added', D'1')")
        let mainnet = try Self.lua(.file(dir + "/s.sqlite"), scope: "mainnet")
        #expect(try Self.out(mainnet, "out = tostring(bybit.state.get('added'))") == "250")
    }

    @Test func noFileIsMadeUntilTheScriptUsesState() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try Self.lua(.file(dir + "/later/s.sqlite"))
        try state.run("local x = bybit.state")
        #expect(!FileManager.default.fileExists(atPath: dir + "/later"))
        try state.run("bybit.state.get('k')")
        #expect(FileManager.default.fileExists(atPath: dir + "/later/s.sqlite"))
    }

    /// A file that is not a database: a `state` error naming it; its bytes are untouched.
    @Test func aDamagedFileIsAnErrorNamingItAndIsLeftAsItWas() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.sqlite"
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let state = try Self.lua(.file(path))
        let message = try Self.out(
            state, "local ok, e = pcall(bybit.state.set, 'k', 1); out = e.kind .. ' | ' .. tostring(e)")
        #expect(
            message.hasPrefix("state | bybit: state error: the state file \(path) is not a bybit-lua state database"),
            "\(message)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    /// A stored value altered outside bybit-lua is an error naming the key, not a guess.
    @Test func anAlteredValueIsAnErrorNamingItsKey() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.sqlite"
        try Self.lua(.file(path)).run("bybit.state.set('cap', D'500')")
        let db = try StateDatabase(path: path, create: false, busyTimeoutMs: 1000)
        try db.query(
            "UPDATE bybit_lua_state SET value = ? WHERE key = ?",
            [.blob(Array("d5x0;".utf8)), .blob(Array("cap".utf8))])
        let message = try Self.out(
            try Self.lua(.file(path)), "local ok, e = pcall(bybit.state.get, 'cap'); out = tostring(e)")
        #expect(message.contains("\(path): the value of key 'cap' cannot be read (bad decimal '5x0')"), "\(message)")
    }

    /// A directory that cannot be made (a file stands where it should be): an error at first use.
    @Test func anUnusablePathIsAnErrorWhenFirstUsed() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        let state = try Self.lua(.file(dir + "/file/sub/s.sqlite"))
        let message = try Self.out(state, "local ok, e = pcall(bybit.state.get, 'k'); out = tostring(e)")
        #expect(message == "bybit: state error: cannot create the state directory \(dir)/file/sub: Not a directory")
        #expect(ScriptStateStore.problem(path: dir + "/file/sub/s.sqlite")?.contains("ot a directory") == true)
        #expect(ScriptStateStore.problem(path: dir) == "\(dir) is a directory")
        #expect(ScriptStateStore.problem(path: dir + "/new/s.sqlite") == nil)
    }

    @Test func aStoreThatIsUnavailableSaysWhy() throws {
        let state = try Self.lua(.unavailable("no name: pass --state-file PATH"))
        #expect(
            try Self.out(state, "local ok, e = pcall(bybit.state.keys); out = tostring(e)")
                == "bybit: state error: no name: pass --state-file PATH")
    }

    /// Every prefix of an encoded value is refused, never read as something shorter.
    @Test func theCodecRefusesEveryTruncation() throws {
        let value = StateValue.table([
            (.integer(1), .decimal(try ExactDecimal(parsing: "0.30"))), (.integer(2), .number(-0.0)),
            (.string(Array("s".utf8)), .string([0, 255, 58, 59])), (.string(Array("t".utf8)), .table([])),
        ])
        let bytes = StateCodec.encode(value)
        #expect(try StateCodec.decode(bytes) == value)
        for n in 0..<bytes.count {
            #expect(throws: StateCodec.Corrupt.self) { try StateCodec.decode(Array(bytes.prefix(n))) }
        }
        #expect(throws: StateCodec.Corrupt.self) { try StateCodec.decode(bytes + [UInt8(ascii: "T")]) }
    }
}
