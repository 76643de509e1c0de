import Testing

@testable import BybitReplay

/// The plain-row path (tick rows read straight from the reader's buffer) accepts exactly
/// the rows the general path accepts, with the same ticks, and leaves every other row to
/// it, so each message is the general path's: seeded random files, mostly plain rows with
/// odd ones mixed in (blanks, quotes, ISO times, CRLF, comments, repeated or earlier
/// times, zero, negative or malformed prices, unknown, lower-case or non-ASCII symbols,
/// missing or extra fields), each read both ways.
@Suite struct PriceFilePlainRowTests {
    /// What reading a file gave: its ticks, then the error that stopped it (if any).
    struct Outcome: Equatable {
        var ticks: [String] = []
        var error: String?
        var plainRows = 0
    }

    static func read(_ path: String, listed: Set<String>?, to: Int64?, plain: Bool) -> Outcome {
        var out = Outcome()
        out.error = inputError { () throws(ReplayInputError) in
            let source = try PriceSource(
                files: [path], candlePath: .standard, from: nil, to: to, listed: listed, plainRows: plain)
            defer { out.plainRows = source.plainRowCount }
            while let t = try source.next() { out.ticks.append("\(t.timeMs) \(t.symbol) \(t.mark)") }
        }
        return out
    }

    /// A small seeded generator (SplitMix64): the same seed writes the same files.
    struct Seeded {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
    }

    /// One file: a header or none, then rows, one in `oddEvery` odd.
    static func file(_ r: inout Seeded, withSymbol: Bool, oddEvery: Int) -> String {
        var text = withSymbol ? r.pick(["timestamp,symbol,markPrice\n", "", "# synthetic\nts,symbol,price\n"]) : ""
        var t: Int64 = 1_722_816_000_000
        let symbols = ["BTCUSDT", "ETHUSDT", "BTCUSD"]
        var previous = (time: t, symbol: "BTCUSDT")
        for _ in 0..<(10 + r.next(40)) {
            // usually later; 1 in 4 the same time for another symbol (allowed)
            var symbol = r.pick(symbols)
            if r.next(4) > 0 || symbol == previous.symbol || !withSymbol {
                t += Int64(1 + r.next(3)) * 1000
            }
            let price = "\(1 + r.next(70_000))" + r.pick(["", ".5", ".25", ".0", ".125"])
            var fields = [String(t), symbol, price]
            var end = "\n"
            if r.next(oddEvery) == 0 {
                switch r.next(20) {
                case 0: fields[0] = " " + fields[0]
                case 1: fields[1] = "\"" + fields[1] + "\""
                case 2: fields[2] = fields[2] + "\t"
                case 3: fields[0] = ReplayTime.iso(t)
                case 4: end = "\r\n"
                case 5: text += r.pick(["# note\n", "\n", "   \n"])
                case 6: fields[0] = String(t - 5000)
                case 7: fields[2] = r.pick(["0", "0.000", "-5", "-0.5"])
                case 8: fields[2] = r.pick(["1e3", "60.000.1", "abc", "+5", ".5", "5.", "NaN", ""])
                case 9: fields[1] = r.pick(["XRPUSDT", "btcusdt", "BTCUSDТ", "", "BTC USDT"])
                case 10: fields.append("7")
                case 11: fields.removeLast()
                case 12: fields[0] = r.pick(["1722816000", "+1722816000000", "17228160000000000000", ""])
                case 13: fields[2] = "00" + fields[2]
                case 14:  // the previous row's time and symbol again
                    symbol = previous.symbol
                    fields[0] = String(previous.time)
                    fields[1] = symbol
                case 15: fields[2] = "\"" + fields[2] + "\""
                case 16: fields[0] = String(t) + ".0"
                case 17: fields[2] = "1" + String(repeating: "0", count: 40)
                case 18: fields[2] = "0." + String(repeating: "0", count: 30) + "1"
                default: fields[1] = "ÉTHUSDT"
                }
            }
            previous = (t, symbol)
            if !withSymbol { fields.remove(at: 1) }
            text += fields.joined(separator: ",") + end
        }
        return text
    }

    @Test(arguments: [
        (withSymbol: true, oddEvery: 8), (withSymbol: true, oddEvery: 40), (withSymbol: false, oddEvery: 10),
    ])
    func bothPathsReadEveryFileTheSame(withSymbol: Bool, oddEvery: Int) throws {
        let files = try PriceFiles()
        defer { files.remove() }
        var r = Seeded(state: UInt64(oddEvery) * 7919 + (withSymbol ? 1 : 0))
        var figures = (files: 0, clean: 0, failed: 0, plainRows: 0, rows: 0)
        for i in 0..<300 {
            let path = try files.write(
                withSymbol ? "p\(i).csv" : "BTCUSDT-\(i).csv", Self.file(&r, withSymbol: withSymbol, oddEvery: oddEvery)
            )
            let listed: Set<String>? = r.next(2) == 0 ? nil : ["BTCUSDT", "ETHUSDT", "BTCUSD"]
            let to: Int64? = r.next(4) == 0 ? 1_722_816_000_000 + Int64(r.next(60)) * 1000 : nil
            let plain = Self.read(path, listed: listed, to: to, plain: true)
            let general = Self.read(path, listed: listed, to: to, plain: false)
            #expect(plain.ticks == general.ticks, "\(path)")
            #expect(plain.error == general.error, "\(path)")
            #expect(general.plainRows == 0)
            figures.files += 1
            if plain.error == nil { figures.clean += 1 } else { figures.failed += 1 }
            figures.plainRows += plain.plainRows
            figures.rows += plain.ticks.count
        }
        print("plain rows (symbol column \(withSymbol), 1 odd row in \(oddEvery)): \(figures)")
        // Both kinds of file came up, and the plain path read most rows of them.
        #expect(figures.clean > 20 && figures.failed > 20)
        #expect(figures.plainRows * 10 > figures.rows * 7)
    }
}
