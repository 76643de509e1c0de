import ArgumentParser

/// What `bybit-lua test` runs and how it reports, as ``TestArguments`` parsed it.
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
    /// `--allow-open-orders`: as for `run`, specs may place orders that open or increase a
    /// position (paper money either way; off by default so specs meet the same guard).
    var allowOpenOrders = false
}

/// `bybit-lua test [PATHS…] [--filter PATTERN] [--tags T,…] [--exclude-tags T,…]
/// [--output plain|tap|junit] [--timeout SECONDS] [-I DIR] [--allow-read DIR]
/// [--allow-write DIR] [--scenario FILE] [--allow-open-orders]`, parsed by swift-argument-parser.
///
/// Option values are taken as they come (`--filter -x` filters on `-x`), and list options
/// repeat; `--tags` and `--exclude-tags` also split on commas.
struct TestArguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bybit-lua test",
        abstract: "Run *_spec.lua files with a busted-compatible subset.",
        discussion: """
            Each spec file runs in its own Lua state against a fresh paper exchange of its own. \
            The exit status is the number of failed and errored tests (0 when all pass), 2 for a \
            usage error and 130 when interrupted.
            """)

    @Argument(help: "Spec files, and directories searched for *_spec.lua (default: spec).")
    var paths: [String] = []

    @Option(parsing: .unconditional, help: "Run only the tests whose full name matches this Lua pattern.")
    var filter: String?

    @Option(
        name: [.customLong("tags"), .customShort("t")], parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Run only tests with one of these tags (comma-separated, repeatable).", valueName: "tags"))
    var tags: [String] = []

    @Option(
        name: .customLong("exclude-tags"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Skip tests with any of these tags (comma-separated, repeatable).", valueName: "tags"))
    var excludeTags: [String] = []

    @Option(
        name: [.customLong("output"), .customShort("o")], parsing: .unconditional,
        help: ArgumentHelp("Report format: plain, tap or junit.", valueName: "format"))
    var output = "plain"

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds each test (and each file's collection) may take.", valueName: "seconds"))
    var timeout = "10"

    @Option(
        name: .customShort("I"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Search DIR for modules (repeatable).", valueName: "dir"))
    var includeDirectories: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("JSON scenario every spec file's paper exchange starts from.", valueName: "file"))
    var scenario: String?

    @Option(
        name: .customLong("allow-read"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Specs may also read files under DIR (repeatable).", valueName: "dir"))
    var allowRead: [String] = []

    @Option(
        name: .customLong("allow-write"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Specs may write files under DIR (repeatable).", valueName: "dir"))
    var allowWrite: [String] = []

    @Flag(
        name: .customLong("allow-open-orders"),
        help: "Specs may place orders that open or increase a position (default: reduce-only, as for run).")
    var allowOpenOrders = false

    func validate() throws { _ = try options() }

    /// The options these arguments stand for; a bad `--output` or `--timeout` is a usage error.
    func options() throws(ValidationError) -> TestOptions {
        var o = TestOptions()
        o.paths = paths.isEmpty ? ["spec"] : paths
        o.filter = filter
        o.tags = tags.flatMap { $0.split(separator: ",").map(String.init) }
        o.excludeTags = excludeTags.flatMap { $0.split(separator: ",").map(String.init) }
        guard let out = TestOptions.Output(rawValue: output.lowercased()) else {
            throw ValidationError("--output must be plain, tap or junit, got '\(output)'")
        }
        o.output = out
        guard let seconds = Double(timeout), seconds > 0, seconds.isFinite else {
            throw ValidationError("--timeout needs a positive number of seconds, got '\(timeout)'")
        }
        o.timeoutSeconds = seconds
        o.includeDirectories = includeDirectories
        o.scenario = scenario
        o.allowRead = allowRead
        o.allowWrite = allowWrite
        o.allowOpenOrders = allowOpenOrders
        return o
    }
}
