import ArgumentParser
import BybitAPI
import BybitReplay
import PaperExchange

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit-lua klines --symbol BTCUSDT --interval 1 --from … [--to …] [--mark] > btc.csv`:
/// downloads candles as a CSV that `bybit-lua replay --prices` reads, oldest first.
///
/// Public market data (no key needed, no money moves), from mainnet unless `--env` or
/// `--base-url` says otherwise; `--env paper` asks an in-process paper exchange, whose
/// candles are synthetic. Exit status: 0; 2 for bad input (nothing sent, or the exchange
/// refused the parameters); 1 when the download failed part-way (the rows written so far
/// are complete lines, oldest first).
struct KlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bybit-lua klines",
        abstract: "Download kline (candle) history as CSV for bybit-lua replay.",
        discussion: """
            Writes startTime,symbol,open,high,low,close (and volume,turnover without --mark) to \
            stdout, oldest first, every value as the exchange sent it. Candles starting in \
            [--from, --to) are fetched in pages of 1,000 (Bybit's limit). TIME is milliseconds \
            since 1970 or ISO-8601 UTC (2024-08-05, 2024-08-05T06:00:00Z). Public data: from \
            mainnet unless --env or --base-url says otherwise (--env paper: synthetic candles).
            """)

    @Option(help: "Instrument, e.g. BTCUSDT.") var symbol: String
    @Option(help: "linear (default), inverse; spot for traded klines.") var category = "linear"
    @Option(help: "Minutes (1, 3, 5, 15, 30, 60, 120, 240, 360, 720), D, W or M.") var interval: String
    @Option(help: "First candle: the one starting at or after TIME.") var from: String
    @Option(help: "End (exclusive; default now): candles starting before TIME.") var to: String?
    @Flag(help: "Mark-price klines (/v5/market/mark-price-kline) instead of traded ones.") var mark = false
    @Option(help: "mainnet (default), testnet, demo or paper.") var env: String?
    @Option(name: .customLong("base-url"), help: "Any Bybit-compatible server (http only on loopback).")
    var baseURL: String?

    /// Runs `bybit-lua klines …` and returns its exit status.
    static func main(_ arguments: [String]) -> Int32 {
        switch SubcommandParsing.parse(Self.self, arguments) {
        case .exit(let status): return status
        case .parsed(let command): return command.download()
        }
    }

    func validate() throws {
        guard Catalog.klineIntervals.contains(interval) else {
            throw ValidationError("--interval must be one of \(Catalog.klineIntervals.joined(separator: ", "))")
        }
        let (start, end) = try range()
        guard start < end else {
            throw ValidationError("--from \(ReplayTime.iso(start)) is not before --to \(ReplayTime.iso(end))")
        }
        if env != nil, baseURL != nil { throw ValidationError("--base-url chooses its own server; drop --env") }
        if let env, !["mainnet", "testnet", "demo", "paper"].contains(env) {
            throw ValidationError("--env must be mainnet, testnet, demo or paper")
        }
    }

    /// `--from` and `--to` (default now) in ms.
    func range() throws -> (Int64, Int64) {
        func parse(_ text: String, _ flag: String) throws -> Int64 {
            switch ReplayTime.parse(text) {
            case .success(let ms): return ms
            case .failure(let problem): throw ValidationError("\(flag) \(problem.message(text))")
            }
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nowMs = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        return (try parse(from, "--from"), try to.map { try parse($0, "--to") } ?? nowMs)
    }

    /// Downloads and prints; returns the exit status.
    func download() -> Int32 {
        guard let (from, to) = try? range() else { return ExitStatus.usage.rawValue }
        var paper: PaperExchange?
        defer { paper?.shutdownBlocking() }
        let client: BybitClient
        do {
            let environment: BybitEnvironment
            switch (env, baseURL) {
            case (_, let url?): environment = try BybitEnvironment.custom(baseURL: url)
            case ("paper", _):
                let exchange = try PaperExchange.startBlocking()
                paper = exchange
                environment = try BybitEnvironment.custom(baseURL: exchange.baseURL, name: "paper")
            case ("testnet", _): environment = .testnet
            case ("demo", _): environment = .demo
            default: environment = .mainnet
            }
            var configuration = BybitClientConfiguration(environment: environment)
            configuration.logger.logLevel = .error
            client = BybitClient(configuration: configuration, signer: nil)
        } catch {
            Console.report("klines: \(error)")
            return ExitStatus.usage.rawValue
        }
        let request = KlinesRequest(
            mark: mark, category: Category(rawValue: category), symbol: symbol, interval: interval)
        // The header goes out with the first row (or at the end): a refused request prints nothing.
        let header = "startTime,symbol,open,high,low,close" + (mark ? "" : ",volume,turnover") + "\n"
        var rows = 0
        do {
            try client.klineHistory(request, from: from, to: to) { kline in
                if rows == 0 { Console.out(header) }
                rows += 1
                Console.out("\(kline.startTime),\(symbol),\(kline.values.joined(separator: ","))\n")
            }
        } catch {
            Console.flush()
            Console.report("klines: \(error.description)")
            let refused = error.kind == "validation" || error.code == 10001
            return refused ? ExitStatus.usage.rawValue : ExitStatus.scriptError.rawValue
        }
        if rows == 0 { Console.out(header) }
        Console.flush()
        if rows == 0 {
            Console.report("klines: no \(symbol) candles from \(ReplayTime.iso(from)) to \(ReplayTime.iso(to))")
        }
        return ExitStatus.success.rawValue
    }
}
