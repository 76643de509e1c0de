#if canImport(Glibc)
    import Glibc
#endif

// `bybit-lua SCRIPT …` and `bybit-lua run SCRIPT …` parse like lua.c; the other
// subcommands (check, …) have their own parsers.
let argv = CommandLine.arguments
let status: Int32
switch argv.count > 1 ? argv[1] : "" {
case "check":
    status = CheckCommand(paths: Array(argv.dropFirst(2))).run()
case "test":
    // swift-argument-parser, as paper: usage errors exit 2, --help 0.
    status = TestCommand.main(Array(argv.dropFirst(2)))
case "types":
    status = TypesCommand.main(Array(argv.dropFirst(2)))
case "audit":
    // Lists calls whose intent has no outcome: 0 none, 1 some, 2 unreadable log or usage.
    status = AuditCommand.main(Array(argv.dropFirst(2)))
case "replay":
    // A script against a price history on a virtual clock; bad input exits 2, nothing run.
    status = ReplayCommand.run(argv)
case "klines":
    // Candle history as CSV for replay; bad input exits 2.
    status = KlinesCommand.main(Array(argv.dropFirst(2)))
case "paper":
    // Serves until SIGINT/SIGTERM; usage errors exit 2, --help 0.
    status = PaperCommand.runBlocking(arguments: Array(argv.dropFirst(2)))
case "--help", "-h", "help":
    Console.out(Usage.text)
    status = ExitStatus.success.rawValue
case "--version":
    Console.out(Banner.text + "\n")
    status = ExitStatus.success.rawValue
default:
    let subcommand = argv.count > 1 ? argv[1] : ""
    let start = (subcommand == "run" || subcommand == "repl") ? 2 : 1
    do {
        var options = try RunOptions.parse(argv, from: start)
        if subcommand == "repl" {
            guard options.script == nil else {
                throw RunOptions.UsageError(message: "repl takes no script; use 'bybit-lua -i SCRIPT' to run one first")
            }
            options.interactive = true
            options.version = true
        }
        status = Runner(argv: argv, options: options).run()
    } catch {
        Console.report(error.message)
        Console.error(Usage.text)
        status = ExitStatus.usage.rawValue
    }
}
Console.flush()
exit(status)
