import BybitStdlib
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one spec file in its own Lua state: the file's top level collects the
/// tests, then each test runs on its own under the per-test time limit, so a test
/// that never finishes is reported and the rest still run.
struct SpecFileRunner {
    let path: String
    let options: TestOptions
    /// Makes the fresh state a spec file runs in (stdlib, bindings, paper exchange).
    let makeState: (LuaState.Options) throws -> LuaState
    /// The `-I` directories that exist (checked once per run).
    var includeDirectories: [String] = []

    /// The results, and whether Ctrl-C stopped the run (the caller then stops too).
    func run() -> (results: [TestResult], interrupted: Bool) {
        let state: LuaState
        do {
            var luaOptions = LuaState.Options(
                limits: .init(timeoutSeconds: options.timeoutSeconds),
                modulePath: ModulePath.make(includeDirectories: includeDirectories, environment: environmentPath))
            luaOptions.sandbox = .default
            state = try makeState(luaOptions)
        } catch {
            return ([fileError("cannot start a Lua state: \(error.message)")], false)
        }
        do {
            try install(in: state)
            state.startClock()
            try state.loadFile(path)
            try state.callInterruptibly(arguments: 0, results: 0)
        } catch {
            return ([fileError(error.message)], error.kind == .interrupted)
        }
        let count = (try? callFramework(state, "count", index: nil).first.flatMap { Int($0) }) ?? 0
        // Every name and line is read now, while the state is fresh: after a test is
        // stopped by its time limit the state stays stopped until the next reset, and a
        // read then would lose the next test's name (TAP said "test 3 … @ 0").
        let tests = (0..<count).map { testInfo($0 + 1, in: state) }
        var results: [TestResult] = []
        for (i, info) in tests.enumerated() {
            let (result, interrupted) = runTest(i + 1, info, in: state)
            results.append(result)
            if interrupted { return (results, true) }
        }
        return (results, false)
    }

    private var environmentPath: String? {
        getenv("BYBIT_LUA_PATH").map { String(cString: $0) }
    }

    private func install(in state: LuaState) throws(LuaError) {
        var opts: [LuaValue: LuaValue] = [:]
        if let f = options.filter { opts[.text("filter")] = .text(f) }
        opts[.text("tags")] = list(options.tags)
        opts[.text("exclude_tags")] = list(options.excludeTags)
        state.setGlobal("__busted_options", value: .table(opts))
        try state.run(
            "require('bybit.busted').install(__busted_options); __busted_options = nil", chunkName: "=bybit-lua test")
    }

    private func list(_ items: [String]) -> LuaValue {
        .table(
            Dictionary(
                uniqueKeysWithValues: items.enumerated().map { (.integer(Int64($0.offset + 1)), .text($0.element)) }))
    }

    /// Name and line of test `i`, as the framework collected them.
    private func testInfo(_ i: Int, in state: LuaState) -> (name: String, line: Int) {
        let info = (try? callFramework(state, "describe_test", index: i)) ?? []
        return (info.first ?? "test \(i)", info.count > 1 ? Int(info[1]) ?? 0 : 0)
    }

    private func runTest(_ i: Int, _ info: (name: String, line: Int), in state: LuaState) -> (
        TestResult, interrupted: Bool
    ) {
        let (name, line) = info
        state.resetAfterStop()  // fresh time limit for this test
        let started = monotonicSeconds()
        let outcome: [String]
        do {
            outcome = try callFramework(state, "run", index: i)
        } catch {
            let elapsed = monotonicSeconds() - started
            let message =
                error.kind == .timeout
                ? "test timed out after \(options.timeoutSeconds) s (--timeout)" : error.message
            let result = TestResult(
                file: path, name: name, line: line, status: .error, message: message, seconds: elapsed)
            return (result, error.kind == .interrupted)
        }
        let status = TestResult.Status(rawValue: outcome.first ?? "") ?? .error
        let result = TestResult(
            file: path, name: name, line: line, status: status,
            message: outcome.count > 1 ? outcome[1] : "", seconds: monotonicSeconds() - started)
        return (result, false)
    }

    /// Calls `require('bybit.busted')[name](index)` and returns its results as text.
    private func callFramework(_ state: LuaState, _ name: String, index: Int?) throws(LuaError) -> [String] {
        let top = state.top
        defer { state.setTop(top) }
        try state.load("return require('bybit.busted')[...](select(2, ...))", chunkName: "=bybit-lua test")
        LuaCall(state.L).push(name)
        if let index { LuaCall(state.L).push(index) }
        try state.callInterruptibly(arguments: index == nil ? 1 : 2)
        return (top + 1..<state.top + 1).map { LuaValue.read(state.L, at: $0) }.map { v -> String in
            if case .integer(let n) = v { return String(n) }
            return v.stringValue ?? v.description
        }
    }

    private func fileError(_ message: String) -> TestResult {
        TestResult(file: path, name: "(loading \(path))", line: 0, status: .error, message: message, seconds: 0)
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
