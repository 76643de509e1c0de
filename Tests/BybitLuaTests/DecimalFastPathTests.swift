import CExactDecimal
import CLua
import CLuaShim
import Testing

@testable import BybitLua
@testable import BybitWire
@testable import LuaKit

/// The C fast paths of the Decimal metamethods (CLuaShim/decimal.c, on CExactDecimal's
/// kernels) must be
/// indistinguishable from the Swift path they short-cut: the same coefficient and
/// scale for every result they produce, a hand-over (never a different answer) for
/// everything else, and the same Lua-visible behaviour, errors included.
@Suite struct DecimalFastPathTests {
    /// SplitMix64: a seeded generator, so a failure names its case and repeats.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let limit = Pow10.limit  // 10^38

    /// Coefficients that stress the fast paths' edges: small ones, both sides of 2^63
    /// and 2^64 (the 64-bit multiply path), of 10^18/10^19 (rescaling), just below
    /// 10^38 (overflow), and random ones of every length.
    static func magnitude(_ rng: inout SeededGenerator) -> UInt128 {
        let near: [UInt128] = [
            1 << 63, 1 << 64, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
            limit, limit / 10, limit / 2, UInt128(Int64.max),
        ]
        switch rng.next() % 6 {
        case 0: return UInt128(rng.next() % 1000)
        case 1:
            let base = near[Int(rng.next() % UInt64(near.count))]
            let delta = UInt128(rng.next() % 4)
            let m = rng.next() % 2 == 0 ? base - delta : base + delta
            return m >= limit ? limit - 1 - delta : m
        case 2:
            let digits = Int(rng.next() % 38) + 1
            return UInt128(rng.next()) * UInt128(rng.next()) % Pow10.table[digits]
        case 3: return UInt128(rng.next() % UInt64(Int64.max))
        default: return (UInt128(rng.next()) << 64 | UInt128(rng.next())) % limit
        }
    }

    static func scale(_ rng: inout SeededGenerator) -> Int {
        let common = [0, 0, 1, 2, 8, 17, 18, 19, 20, 37, 38]
        return rng.next() % 4 == 0 ? Int(rng.next() % 39) : common[Int(rng.next() % UInt64(common.count))]
    }

    static func operand(_ rng: inout SeededGenerator) -> ExactDecimal {
        let m = Int128(magnitude(&rng))
        return try! ExactDecimal(coefficient: rng.next() % 2 == 0 ? m : -m, scale: scale(&rng))
    }

    /// The C struct ExactDecimal stores.
    static func c(_ d: ExactDecimal) -> ed_Decimal { d.bits }

    static func same(_ r: ed_Decimal, _ d: ExactDecimal) -> Bool {
        r.low == d.low && r.high == d.high && r.scale == d.storedScale
    }

    /// Whether `a ± b` needs an operand rescaled to 10^38 or more, the one case where
    /// the C kernel declines although ExactDecimal may still find a result that fits.
    static func needsWideRescale(_ a: ExactDecimal, _ b: ExactDecimal) -> Bool {
        let (low, k) = a.scale < b.scale ? (a, b.scale - a.scale) : (b, a.scale - b.scale)
        guard let scaled = Pow10.multiply(low.coefficient.magnitude, byPowerOfTen: k) else { return true }
        return scaled >= limit
    }

    struct Tally { var fast = 0, declinedThrows = 0, declinedWide = 0 }

    /// Checks one kernel result against ExactDecimal: a produced result is the same
    /// bits; a declined one is an error for ExactDecimal too, or an allowed case.
    static func check(
        _ name: String, _ a: ExactDecimal, _ b: ExactDecimal, fast: Bool, _ r: ed_Decimal,
        slow: Result<ExactDecimal, DecimalError>, allowedDecline: Bool, _ tally: inout Tally
    ) {
        switch (fast, slow) {
        case (true, .success(let d)):
            #expect(same(r, d), "\(a) \(name) \(b): C gave (\(r.high), \(r.low), \(r.scale)), Swift \(d)")
            tally.fast += 1
        case (true, .failure(let e)):
            Issue.record("\(a) \(name) \(b): C gave a result, Swift threw \(e)")
        case (false, .failure):
            tally.declinedThrows += 1
        case (false, .success(let d)):
            #expect(allowedDecline, "\(a) \(name) \(b) = \(d): C declined a fast case")
            tally.declinedWide += 1
        }
    }

    @Test func kernelsMatchExactDecimalOnRandomOperands() {
        var rng = SeededGenerator(state: 0x5EED_DEC1)
        var add = Tally()
        var sub = Tally()
        var mul = Tally()
        for _ in 0..<50_000 {
            let a = Self.operand(&rng)
            let b = Self.operand(&rng)
            var (ca, cb, r) = (Self.c(a), Self.c(b), ed_Decimal())
            let wide = Self.needsWideRescale(a, b)

            var fast = ed_add(&ca, &cb, &r) == 1
            Self.check(
                "+", a, b, fast: fast, r, slow: Result { () throws(DecimalError) in try a.adding(b) },
                allowedDecline: wide, &add)
            fast = ed_sub(&ca, &cb, &r) == 1
            Self.check(
                "-", a, b, fast: fast, r, slow: Result { () throws(DecimalError) in try a.subtracting(b) },
                allowedDecline: wide, &sub)
            fast = ed_mul(&ca, &cb, &r) == 1
            let narrow = Int64(exactly: a.coefficient) != nil && Int64(exactly: b.coefficient) != nil
            Self.check(
                "*", a, b, fast: fast, r, slow: Result { () throws(DecimalError) in try a.multiplied(by: b) },
                allowedDecline: !narrow, &mul)

            let order = ed_compare(&ca, &cb)
            #expect(Int(order) == a.compare(b), "compare(\(a), \(b)): C \(order), Swift \(a.compare(b))")
        }
        // Every branch was exercised: results, overflows handed over, wide cases.
        for t in [add, sub, mul] {
            #expect(t.fast > 1000 && t.declinedThrows > 100, "\(t)")
        }
        #expect(add.declinedWide > 10 && mul.declinedWide > 100, "\(add) \(mul)")
    }

    /// The C kernel's result, or nil when it hands the case over.
    typealias Kernel = (UnsafePointer<ed_Decimal>?, UnsafePointer<ed_Decimal>?, UnsafeMutablePointer<ed_Decimal>?) ->
        Int32
    static func run(_ kernel: Kernel, _ a: ExactDecimal, _ b: ExactDecimal) -> ed_Decimal? {
        var (ca, cb, r) = (c(a), c(b), ed_Decimal())
        return kernel(&ca, &cb, &r) == 1 ? r : nil
    }

    /// The overflow boundary: the last result that fits is produced in C, the first
    /// that does not is handed to ExactDecimal, which throws.
    @Test func overflowBoundaryHandsOverToExactDecimal() throws {
        let max = try ExactDecimal(coefficient: Int128(Self.limit - 1), scale: 0)
        let one = ExactDecimal(1)
        let zero = ExactDecimal.zero
        let tiny = try ExactDecimal(coefficient: 1, scale: 38)
        #expect(Self.run(ed_add, max, zero).map { Self.same($0, max) } == true)
        #expect(Self.run(ed_add, max, one) == nil)
        #expect(throws: DecimalError.self) { try max.adding(one) }
        #expect(Self.run(ed_sub, -max, one) == nil)
        #expect(throws: DecimalError.self) { try (-max).subtracting(one) }
        let almost = try (-max).subtracting(-one)
        #expect(Self.run(ed_sub, -max, -one).map { Self.same($0, almost) } == true)
        // 1 + 10^-38 needs the coefficient 10^38 + 1: handed over, and it throws
        #expect(Self.run(ed_add, one, tiny) == nil)
        #expect(throws: DecimalError.self) { try one.adding(tiny) }
        #expect(Self.run(ed_add, zero, tiny).map { Self.same($0, tiny) } == true)
        // 1.50 + 1 = 2.50: the larger scale is kept
        let sum = Self.run(ed_add, try ExactDecimal(coefficient: 150, scale: 2), one)
        #expect(sum?.low == 250 && sum?.high == 0 && sum?.scale == 2)
        // (2^63 - 1)^2 < 10^38 is exact in C; a coefficient of 2^63 is past the 64-bit path
        let big = ExactDecimal(Int.max)
        let square = try big.multiplied(by: big)
        #expect(Self.run(ed_mul, big, big).map { Self.same($0, square) } == true)
        #expect(Self.run(ed_mul, try ExactDecimal(coefficient: 1 << 63, scale: 0), one) == nil)
        // scales adding up past 38 are handed over (ExactDecimal throws scaleTooLarge)
        let s20 = try ExactDecimal(coefficient: 1, scale: 20)
        #expect(Self.run(ed_mul, s20, s20) == nil)
        #expect(throws: DecimalError.self) { try s20.multiplied(by: s20) }
        // zero keeps the larger scale; there is no negative zero
        let z = Self.run(ed_sub, zero, try ExactDecimal(coefficient: 0, scale: 5))
        #expect(z?.scale == 5 && z?.low == 0 && z?.high == 0)
    }

    /// What LuaValueType<ExactDecimal> writes is what decimal.c reads: the same size, and
    /// the tag LuaKit computes, which C has no copy of and gets at install.
    @Test func layoutIsWhatTheCSideReads() throws {
        #expect(DecimalFastPaths.userdataSize == 8 + MemoryLayout<ExactDecimal>.size)
        #expect(try Self.state(.all).host.pointee.decimal_tag == DecimalOperand.tag)
        #expect(try Self.state(.none).host.pointee.decimal_tag == 0)
    }

    /// Stands in for every Swift fallback: a result that says the C path declined.
    static let tripwire: LuaDirectFunction = { L in
        LuaCall(L!).push("swift")
        return 1
    }

    /// The C metamethods take the userdata LuaValueType writes (tag, size, bytes) and
    /// write ones Swift reads back: with every fallback replaced by a tripwire, decimal
    /// operands (wide, negative, mixed scales) get C's exact results; a float operand
    /// shows the tripwire is live.
    @Test func cPathTakesTheDecimalsSwiftWrites() throws {
        let state = try Self.state(.all)
        let L = state.L
        lua_getfield(L, bl_registryindex(), "Decimal")
        for name in ["__add", "__sub", "__mul", "__unm", "__eq", "__lt", "__le"] {
            lua_getfield(L, -1, name)
            lua_pushlightuserdata(L, unsafeBitCast(Self.tripwire, to: UnsafeMutableRawPointer.self))
            #expect(lua_setupvalue(L, -2, 1) != nil, "\(name) has no fallback upvalue")
            bl_pop(L, 1)
        }
        bl_pop(L, 1)
        let out = try Self.output(
            state,
            """
            local wide = D"-12345678901234567890.5"
            return table.concat({
              tostring(D"1.25" + D"2"), tostring(wide + 1), tostring(D"0.5" * 3),
              tostring(-wide), tostring(D"7" - D"0.001"), tostring(D"2" < D"1"),
              tostring(D"2" <= D"1"), tostring(D"1.0" == D"1.5"), tostring(D"1" + 0.5),
            }, " ")
            """)
        #expect(out == "3.25 -12345678901234567889.5 1.5 12345678901234567890.5 6.999 false false false swift")
    }

    // MARK: Lua level: the same program on both paths

    static func state(_ paths: DecimalModule.FastPaths, limits: LuaState.Limits = .init()) throws -> LuaState {
        let state = try LuaState(options: .init(limits: limits))
        DecimalModule.install(in: state, fastPaths: paths)
        return state
    }

    /// Runs `source` (a chunk returning a string) and returns that string.
    static func output(_ state: LuaState, _ source: String) throws -> String {
        try state.load(source, chunkName: "=equivalence")
        try state.call(arguments: 0, results: 1)
        defer { bl_pop(state.L, 1) }
        return LuaCall(state.L).string(-1) ?? "<no string>"
    }

    /// Every operator on every pair of a mixed bag of values (decimals at the edges,
    /// integers, floats, strings, other types, a decimal with a foreign metatable):
    /// the fast state prints exactly what the Swift-only state prints, errors included.
    @Test func luaOperatorsBehaveExactlyAsTheSwiftPath() throws {
        var rng = SeededGenerator(state: 0xD0_0D1E)
        var literals = [
            #"D"1.50""#, #"D"-0.000""#, #"D"0""#, #"D"99999999999999999999999999999999999999""#,
            #"D"-99999999999999999999999999999999999999""#, #"D"0.00000000000000000000000000000000000001""#,
            #"D"9223372036854775807""#, #"D"9223372036854775808""#, #"D"-9223372036854775808""#,
            #"D"0.00000000000000000001""#, #"D"12345678901234567890.123456789012345678""#,
            "1", "-7", "0", "math.maxinteger", "math.mininteger", "0.1", "2.0", "-0.0", "1e300",
            "0/0", "1/0", #""2.5""#, #""1e40""#, #""abc""#, #""""#, "true", "{}", "print", "foreign",
        ]
        for _ in 0..<30 { literals.append("D\"\(Self.operand(&rng))\"") }
        let source = """
            local foreign = D"2"
            debug.setmetatable(foreign, {__add = function() return "foreign add" end})
            local vals = { \(literals.joined(separator: ", ")) }
            local ops = {
              function(a, b) return a + b end, function(a, b) return a - b end,
              function(a, b) return a * b end, function(a, b) return a < b end,
              function(a, b) return a <= b end, function(a, b) return a > b end,
              function(a, b) return a == b end, function(a, b) return -a end,
            }
            local function describe(ok, v)
              if not ok then return "error: " .. tostring(v) end
              if decimal.is(v) then return tostring(v) .. "@" .. v:scale() end
              return type(v) .. " " .. tostring(v)
            end
            local out = {}
            for i = 1, #vals do
              for j = 1, #vals do
                local a, b = vals[i], vals[j]
                if decimal.is(a) or decimal.is(b) then
                  for k = 1, #ops do
                    out[#out + 1] = i .. " " .. j .. " " .. k .. " " .. describe(pcall(ops[k], a, b))
                  end
                end
              end
            end
            return table.concat(out, "\\n")
            """
        let fast = try Self.output(Self.state(.all), source).split(separator: "\n")
        let slow = try Self.output(Self.state(.none), source).split(separator: "\n")
        #expect(fast.count == slow.count && fast.count > 10_000)
        let differences = zip(fast, slow).filter { $0 != $1 }
        #expect(differences.isEmpty, "first differences (fast, Swift): \(differences.prefix(5))")
        // the run really mixed results and errors
        #expect(slow.contains { $0.contains("error: ") } && slow.contains { $0.contains("@") })
    }

    /// The fast state really runs C for `+` (not the Swift function's trampoline).
    @Test func fastStateUsesTheCMetamethods() throws {
        func addFunction(_ state: LuaState) -> lua_CFunction? {
            lua_getfield(state.L, bl_registryindex(), "Decimal")
            lua_getfield(state.L, -1, "__add")
            defer { bl_pop(state.L, 2) }
            return lua_tocfunction(state.L, -1)
        }
        let (fast, slow) = (try Self.state(.all), try Self.state(.none))
        let (f, s) = (addFunction(fast), addFunction(slow))
        #expect(f != nil && s != nil)
        #expect(unsafeBitCast(f, to: Int.self) != unsafeBitCast(s, to: Int.self))
    }

    /// A loop of decimal results stops at the memory cap with the same message on
    /// both paths (the C push runs the trampoline's checks), and the block cache keeps
    /// Lua's memory count exact.
    @Test func memoryCapAndAccountingAreUnchanged() throws {
        let source = """
            local ok, err = pcall(function()
              local t = {}
              for i = 1, 10000000 do t[i] = D"0.5" + i end
            end)
            return tostring(err):match("not enough memory[^\\n]*") or tostring(err)
            """
        var messages: [String] = []
        for paths in [DecimalModule.FastPaths.all, .none] {
            let state = try Self.state(paths, limits: .init(maxMemoryBytes: 4 << 20))
            do {
                messages.append(try Self.output(state, source))
            } catch {
                messages.append((error as? LuaError)?.message ?? "\(error)")
            }
        }
        // The kill message, whichever allocation (a decimal, the table) hit the cap first.
        #expect(messages.count == 2, "\(messages)")
        for m in messages { #expect(m.contains("the script reached its memory limit of 4 MB"), "\(m)") }

        let state = try Self.state(.all)
        #expect(state.host.pointee.cache_size > 0 && state.host.pointee.decimal_mt != nil)
        _ = try Self.output(state, "collectgarbage(); collectgarbage(); return ''")
        let before = state.host.pointee.used
        _ = try Self.output(
            state,
            """
            local x, b = D"0", D"0.25"
            for _ = 1, 200000 do x = x + b end
            assert(x:eq(50000))
            x = nil
            collectgarbage(); collectgarbage()
            return ""
            """)
        let after = state.host.pointee.used
        // every dead decimal went back (to the cache or to free); `used` counts none of them
        #expect(after < before + 64 * 1024, "bytes used before \(before), after \(after)")
        #expect(state.host.pointee.cache_count <= BL_CACHE_MAX)
    }
}
