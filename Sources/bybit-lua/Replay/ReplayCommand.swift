import BybitReplay

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit-lua replay SCRIPT [ARGS…] --prices FILE …`: runs the script unchanged against the
/// in-process paper exchange whose marks follow the price files, on a virtual clock, then
/// prints the report (stderr) and writes `--report FILE.html`.
///
/// Exit status: the script's (0 when the history ran out, as `os.exit(0)`); 2 for a usage
/// error or bad input (nothing run); 1 when the report file cannot be written.
enum ReplayCommand {
    static func run(_ argv: [String]) -> Int32 {
        let args: ReplayArguments
        var options: RunOptions
        do {
            args = try ReplayArguments.parse(argv)
            options = try RunOptions.parse(args.runArgv, from: 1)
            try check(options)
        } catch {
            Console.report(error.message)
            Console.error(usage)
            return ExitStatus.usage.rawValue
        }
        let script = options.script ?? ""
        let setup: ReplaySetup
        do { setup = try ReplaySetup(args, script: script) } catch {
            Console.report("replay: \(error.message)")
            return ExitStatus.usage.rawValue
        }
        defer { setup.exchange.shutdownBlocking() }
        options.session.env = "paper"  // settings resolve as for paper: no credentials, no config profile
        var runner = Runner(argv: args.runArgv, options: options)
        runner.replay = setup
        var status = runner.run()
        Console.flush()
        if let failure = setup.driver.failure {
            Console.report("replay: \(failure)")
            if status == ExitStatus.success.rawValue { status = ExitStatus.scriptError.rawValue }
        }
        Console.error(setup.driver.trace.summaryText())
        if let path = args.report {
            let name = script.split(separator: "/").last.map(String.init) ?? script
            if let problem = write(setup.driver.trace.html(title: "bybit-lua replay: \(name)"), to: path) {
                Console.report("replay: --report \(path): \(problem)")
                if status == ExitStatus.success.rawValue { status = ExitStatus.scriptError.rawValue }
            }
        }
        return status
    }

    static let usage = """
        usage: bybit-lua replay [options] SCRIPT [ARGS...] --prices FILE [--prices FILE...]
                 [--scenario FILE] [--from TIME] [--to TIME] [--speed max|N] [--report FILE.html]
                 [--seed N] [--candle-path standard|adverse-long|adverse-short]
        (run options such as --timeout and --max-margin go before SCRIPT; after it, `--` ends the replay options)
        """

    /// What a replay cannot take: another environment, the REPL, no script.
    private static func check(_ o: RunOptions) throws(RunOptions.UsageError) {
        guard o.script != nil, o.script != "-" else { throw .init(message: "replay needs a SCRIPT file") }
        guard !o.interactive else { throw .init(message: "replay runs a script; -i (the REPL) is not available") }
        if let env = o.session.env, env != "paper" {
            throw .init(message: "replay runs against its own in-process paper exchange; --env \(env) is not allowed")
        }
        if o.session.baseURL != nil || o.session.profile != nil {
            throw .init(message: "replay runs against its own in-process paper exchange; drop --base-url/--profile")
        }
    }

    /// Writes `text` to `path` whole; the reason when it cannot.
    private static func write(_ text: String, to path: String) -> String? {
        guard let f = fopen(path, "wb") else { return String(cString: strerror(errno)) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let closed = fclose(f)
        guard written == bytes.count, closed == 0 else { return String(cString: strerror(errno)) }
        return nil
    }
}
