import BybitReplay

/// `bybit-lua replay`'s own options, taken out of the command line; the rest (run options,
/// the script and its arguments) is parsed by ``RunOptions`` as for `bybit-lua run`.
struct ReplayArguments {
    var prices: [String] = []
    var scenario: String?
    var from: Int64?
    var to: Int64?
    /// `--speed N`; nil for `max` (the default).
    var speed: Double?
    var report: String?
    var seed: UInt64 = 0
    var candlePath = CandlePath.standard
    /// The command line without the replay options: `bybit-lua [run options] SCRIPT [ARGS]`.
    var runArgv: [String] = []

    static let names: Set<String> = ["prices", "scenario", "from", "to", "speed", "report", "seed", "candle-path"]

    /// Splits `argv` (`bybit-lua replay …`): replay options may come before or after the
    /// script (`replay SCRIPT ARGS… --prices FILE`); every other word after the script is
    /// one of its arguments, and after the script a `--` hands the rest to it untouched.
    static func parse(_ argv: [String]) throws(RunOptions.UsageError) -> ReplayArguments {
        var r = ReplayArguments()
        r.runArgv = [argv.first ?? "bybit-lua"]
        var i = 2
        var inScript = false
        while i < argv.count {
            let a = argv[i]
            if inScript && a == "--" {
                // after the script, `--` passes every later word to it as is
                r.runArgv += argv[(i + 1)...]
                break
            }
            if !inScript && (a == "--" || a == "-" || !a.hasPrefix("-")) {
                inScript = true
                r.runArgv.append(a)
                if a == "--", i + 1 < argv.count {
                    r.runArgv.append(argv[i + 1])
                    i += 1
                }
                i += 1
                continue
            }
            let body = a.hasPrefix("--") ? String(a.dropFirst(2)) : ""
            let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if names.contains(name) {
                let value: String
                if let eq = body.firstIndex(of: "=") {
                    value = String(body[body.index(after: eq)...])
                } else {
                    i += 1
                    guard i < argv.count else { throw .init(message: "'--\(name)' needs argument") }
                    value = argv[i]
                }
                try r.set(name, value)
                i += 1
                continue
            }
            r.runArgv.append(a)
            if !inScript, takesValue(a), i + 1 < argv.count {
                r.runArgv.append(argv[i + 1])
                i += 1
            }
            i += 1
        }
        guard !r.prices.isEmpty else { throw .init(message: "replay needs --prices FILE (a CSV of marks or klines)") }
        return r
    }

    /// Whether run option `a` takes the next word as its value: `-e`, `-l`, `-I` without an
    /// attached one; a long option is asked of ``RunOptions`` itself (does it swallow a word?).
    private static func takesValue(_ a: String) -> Bool {
        if !a.hasPrefix("--") { return ["-e", "-l", "-I"].contains(a) }
        if a.contains("=") { return false }
        let probe = "\u{1}probe"
        guard let parsed = try? RunOptions.parse(["bybit-lua", a, probe], from: 1) else { return true }
        return parsed.script != probe
    }

    private mutating func set(_ name: String, _ v: String) throws(RunOptions.UsageError) {
        switch name {
        case "prices": prices.append(v)
        case "scenario": scenario = v
        case "report": report = v
        case "from", "to":
            switch ReplayTime.parse(v) {
            case .success(let ms): if name == "from" { from = ms } else { to = ms }
            case .failure(let problem): throw .init(message: "--\(name): \(problem.message(v))")
            }
        case "speed":
            if v == "max" {
                speed = nil
            } else {
                guard let n = Double(v), n.isFinite, n > 0 else {
                    throw .init(
                        message: "--speed must be 'max' or a positive number (virtual seconds per second), got '\(v)'")
                }
                speed = n
            }
        case "seed":
            guard let n = UInt64(v) else { throw .init(message: "--seed needs a whole number from 0, got '\(v)'") }
            seed = n
        case "candle-path":
            guard let p = CandlePath(rawValue: v) else {
                let all = CandlePath.allCases.map(\.rawValue).joined(separator: ", ")
                throw .init(message: "--candle-path must be one of \(all), got '\(v)'")
            }
            candlePath = p
        default: break
        }
    }
}
