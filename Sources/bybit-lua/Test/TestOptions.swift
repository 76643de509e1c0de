/// `bybit-lua test [PATHS…] [--filter PATTERN] [--tags T,…] [--exclude-tags T,…]
/// [--output plain|tap|junit] [--timeout SECONDS] [-I DIR]`.
struct TestOptions: Equatable {
    enum Output: String { case plain, tap, junit }

    var paths: [String] = []
    var filter: String?
    var tags: [String] = []
    var excludeTags: [String] = []
    var output: Output = .plain
    /// Per test (and per spec file's collection phase).
    var timeoutSeconds: Double = 10
    var includeDirectories: [String] = []
    /// `--scenario FILE`: every spec file's paper exchange starts from this scenario
    /// (hedge-mode symbols, a cross account, other instruments) instead of the default book.
    var scenario: String?
    /// `--allow-read DIR`, `--allow-write DIR`: as for `run` (ScriptFileAccess.forTests).
    var allowRead: [String] = []
    var allowWrite: [String] = []

    static func parse(_ args: [String]) throws(RunOptions.UsageError) -> TestOptions {
        var o = TestOptions()
        var i = 0
        func value(_ name: String) throws(RunOptions.UsageError) -> String {
            i += 1
            guard i < args.count else { throw RunOptions.UsageError(message: "'\(name)' needs argument") }
            return args[i]
        }
        while i < args.count {
            var a = args[i]
            var inline: String?
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                inline = String(a[a.index(after: eq)...])
                a = String(a[..<eq])
            }
            func arg() throws(RunOptions.UsageError) -> String {
                if let inline { return inline }
                return try value(a)
            }
            switch a {
            case "--filter": o.filter = try arg()
            case "--tags", "-t": o.tags += try arg().split(separator: ",").map(String.init)
            case "--exclude-tags": o.excludeTags += try arg().split(separator: ",").map(String.init)
            case "--output", "-o":
                let v = try arg()
                guard let out = Output(rawValue: v.lowercased()) else {
                    throw RunOptions.UsageError(message: "--output must be plain, tap or junit, got '\(v)'")
                }
                o.output = out
            case "--timeout":
                let v = try arg()
                guard let s = Double(v), s > 0, s.isFinite else {
                    throw RunOptions.UsageError(message: "--timeout needs a positive number of seconds, got '\(v)'")
                }
                o.timeoutSeconds = s
            case "-I": o.includeDirectories.append(try arg())
            case "--scenario": o.scenario = try arg()
            case "--allow-read": o.allowRead.append(try arg())
            case "--allow-write": o.allowWrite.append(try arg())
            default:
                if a.hasPrefix("-") && a != "-" { throw RunOptions.UsageError(message: "unrecognized option '\(a)'") }
                o.paths.append(a)
            }
            i += 1
        }
        if o.paths.isEmpty { o.paths = ["spec"] }
        return o
    }
}
