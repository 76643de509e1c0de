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
case "--help", "-h", "help":
    Console.out(Usage.text)
    status = ExitStatus.success.rawValue
case "--version":
    Console.out(Banner.text + "\n")
    status = ExitStatus.success.rawValue
default:
    let start = (argv.count > 1 && argv[1] == "run") ? 2 : 1
    do {
        let options = try RunOptions.parse(argv, from: start)
        status = Runner(argv: argv, options: options).run()
    } catch {
        Console.report(error.message)
        Console.error(Usage.text)
        status = ExitStatus.usage.rawValue
    }
}
Console.flush()
exit(status)
