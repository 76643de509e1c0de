import BybitLua
import BybitStdlib
import Foundation
import LuaKit
import PaperExchange

/// `bybit-lua test [PATHS…]`: runs `*_spec.lua` files (default `spec/`), each in its
/// own Lua state, with a busted-compatible subset; exit status = failures + errors.
struct TestCommand {
    let options: TestOptions

    /// Runs `bybit-lua test …` and returns its exit status.
    static func main(_ arguments: [String]) -> Int32 {
        switch SubcommandParsing.parse(TestArguments.self, arguments) {
        case .exit(let status): return status
        case .parsed(let arguments):
            do { return TestCommand(options: try arguments.options()).run() } catch {
                // validate() already checked the same options.
                Console.report(error.message)
                return ExitStatus.usage.rawValue
            }
        }
    }

    /// Makes a spec file's state: the stdlib and the bindings, against a fresh
    /// paper exchange of its own (started when the file first uses it).
    func makeState(
        _ luaOptions: LuaState.Options, scenario: Scenario?, _ factories: inout [SessionFactory]
    ) throws -> (LuaState, BybitSession) {
        var o = luaOptions
        o.hiddenEnvironment = SessionSettings.secretVariables
        o.fileAccess = try ScriptFileAccess.forTests(options)
        let state = try LuaState(options: o)
        state.addEmbeddedModules(Stdlib.modules)
        var sessionOptions = SessionOptions()
        sessionOptions.allowOpenOrders = options.allowOpenOrders
        let factory = SessionFactory(settings: SessionSettings(target: .paper, signer: nil), options: sessionOptions)
        factory.quietPaper = true
        factory.sendsAlerts = false  // a spec file's bybit.notify posts nowhere
        factory.paperScenario = scenario
        factory.stateLocation = .memory  // each spec file's bybit.state starts empty
        let session = try factory.makeSession()
        factories.append(factory)
        try BybitModule.install(in: state, session: session)
        return (state, session)
    }

    func run() -> Int32 {
        let files: [String]
        let scenario: Scenario?
        do {
            files = try discover()
            scenario = try loadScenario()
            _ = try ScriptFileAccess.forTests(options)  // a bad --allow-read/--allow-write is a usage error
        } catch {
            Console.report(error.message)
            return ExitStatus.usage.rawValue
        }
        if files.isEmpty {
            Console.error("bybit-lua test: no *_spec.lua files under \(options.paths.joined(separator: ", "))")
        }
        let includes = Runner.searchableDirectories(options.includeDirectories)
        let reporter = TestReporter(output: options.output)
        var all: [TestResult] = []
        var summary = TestSummary()
        let started = monotonicSeconds()
        for file in files {
            var factories: [SessionFactory] = []
            var session: BybitSession?
            var runner = SpecFileRunner(path: file, options: options) { luaOptions in
                let (state, s) = try makeState(luaOptions, scenario: scenario, &factories)
                session = s
                return state
            }
            runner.includeDirectories = includes
            let (results, interrupted) = runner.run()
            factories.forEach { $0.shutdown(session) }
            for r in results {
                summary.add(r)
                reporter.progress(r)
            }
            all += results
            if interrupted {
                reporter.finish(all, summary: summary, seconds: monotonicSeconds() - started)
                return ExitStatus.interrupted.rawValue
            }
        }
        reporter.finish(all, summary: summary, seconds: monotonicSeconds() - started)
        return summary.exitStatus
    }

    /// `--scenario FILE`, read once. Its first account is the one the specs trade on, so
    /// it needs an HMAC key (`apiSecret`): the in-process exchange signs with it.
    private func loadScenario() throws(RunOptions.UsageError) -> Scenario? {
        guard let path = options.scenario else { return nil }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: path)
        } catch {
            throw RunOptions.UsageError(message: "test --scenario: \(error)")
        }
        if let first = scenario.accounts.first, case .rsa = first.credential.verification {
            throw RunOptions.UsageError(
                message: "test --scenario: the first account needs apiSecret (an HMAC key), not an RSA key")
        }
        return scenario
    }

    /// Spec files: each PATH that is a file, and `*_spec.lua` under each directory.
    private func discover() throws(RunOptions.UsageError) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in options.paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw RunOptions.UsageError(message: "test: no such file or directory: \(path)")
            }
            if !isDir.boolValue {
                files.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else {
                throw RunOptions.UsageError(message: "test: cannot read directory \(path)")
            }
            var found: [String] = []
            for case let rel as String in walker where rel.hasSuffix("_spec.lua") {
                found.append(path.hasSuffix("/") ? path + rel : path + "/" + rel)
            }
            files += found.sorted()
        }
        return files
    }
}
