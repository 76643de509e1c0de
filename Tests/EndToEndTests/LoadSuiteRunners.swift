import Foundation

/// The Lua side of the load suite: `add_margin` (two adds, then one reduce, with margins
/// unique per runner) and every fourth call a position read, for `arg[2]` seconds; one
/// line per call, then `done` with the exact sum of what this runner saw applied.
enum LoadScript {
    static let source = """
        local b = require "bybit"
        local r, seconds = assert(tonumber(arg[1])), assert(tonumber(arg[2]))
        local stop = b.now() + seconds * 1000
        local sum, i = D"0", 0
        local function clean(s) return (tostring(s):gsub("[\\t\\n]", " ")) end
        while b.now() < stop do
          i = i + 1
          local margin = i % 3 == 0 and string.format("-0.%d%03d", r, i % 1000) or string.format("%d.%04d", r + 1, i)
          local ok, e = pcall(add_margin, {symbol = "BTCUSDT", margin = margin})
          if ok then
            sum = sum + D(margin)
            io.write("call\\t", i, "\\t", margin, "\\tok\\t-\\t-\\n")
          else
            io.write("call\\t", i, "\\t", margin, "\\t", clean(type(e) == "table" and e.kind or "lua"), "\\t",
              type(e) == "table" and e.code and tostring(e.code) or "-", "\\t", clean(type(e) == "table" and e.message or e), "\\n")
          end
          if i % 4 == 0 then
            local rok, re = pcall(b.position, "BTCUSDT")
            if not rok then io.write("read\\t", i, "\\t", clean(type(re) == "table" and re.kind or re), "\\t", clean(type(re) == "table" and re.message or ""), "\\n") end
          end
        end
        io.write("done\\t", tostring(sum), "\\t", i, "\\n")
        """

    /// Prints the BTCUSDT position's `positionIM` and the USDT wallet's balance and total position IM.
    static let balances = """
        local b = require "bybit"
        local w = b.wallet{coin = "USDT"}
        local usdt = w.coin[1]
        print(b.position("BTCUSDT").positionIM, usdt.walletBalance, usdt.totalPositionIM, w.totalAvailableBalance)
        """
}

/// One runner's report, parsed from its stdout.
struct LoadReport {
    struct Call {
        let index: Int
        let margin: Decimal
        let kind: String
        let code: Int?
        let message: String
    }
    let calls: [Call]
    /// Failed position reads: (kind, message).
    let readFailures: [(String, String)]
    /// The runner's own exact sum of applied margins (`done` line), nil if it never finished.
    let reportedSum: Decimal?

    init(_ stdout: String) {
        var calls: [Call] = []
        var reads: [(String, String)] = []
        var sum: Decimal?
        for line in stdout.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch f.first {
            case "call" where f.count == 6:
                if let i = Int(f[1]), let m = Decimal(string: f[2]) {
                    calls.append(Call(index: i, margin: m, kind: f[3], code: Int(f[4]), message: f[5]))
                }
            case "read" where f.count == 4: reads.append((f[2], f[3]))
            case "done" where f.count == 3: sum = Decimal(string: f[1])
            default: break
            }
        }
        self.calls = calls
        self.readFailures = reads
        self.reportedSum = sum
    }

    var applied: [Call] { calls.filter { $0.kind == "ok" } }
    /// The exact sum of the margins of the calls that succeeded.
    var appliedSum: Decimal { applied.reduce(Decimal(0)) { $0 + $1.margin } }
}

/// A `bybit-lua` process whose output goes to files (no pipes to drain), for running many
/// at once; bounded by a watchdog.
final class BackgroundRun: @unchecked Sendable {  // lets only, and a semaphore
    let process: Process
    let stdoutPath: String, stderrPath: String
    private let exited = DispatchSemaphore(value: 0)
    private let watchdog: DispatchWorkItem

    init(_ arguments: [String], environment: [String: String], in dir: ScratchDirectory, name: String, limit: Double)
        throws
    {
        stdoutPath = try dir.write(name + ".out", "")
        stderrPath = try dir.write(name + ".err", "")
        process = BinaryRunner.makeProcess(arguments, cwd: nil, environment: environment)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        let done = exited
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        let pid = process.processIdentifier
        watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
    }

    /// Waits for the exit; returns (status, stdout, stderr).
    /// Waits for the exit off the concurrency pool; then its status and what it printed.
    func wait() async -> (Int32, String, String) { await offThePool { [self] in waitBlocking() } }

    private func waitBlocking() -> (Int32, String, String) {
        exited.wait()
        watchdog.cancel()
        let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }
}
