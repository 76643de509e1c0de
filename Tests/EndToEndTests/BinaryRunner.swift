import Foundation

/// Runs the built `bybit-lua` as a subprocess (swift-argument-parser's
/// `AssertExecuteCommand` pattern) and captures what it printed.
struct BinaryRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        let signalled: Bool
        /// The process outlived its time limit and was killed.
        let timedOut: Bool
    }

    /// `BYBIT_LUA_BIN` (set by scripts/test), else `.build/debug/bybit-lua`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["BYBIT_LUA_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/bybit-lua")
    }

    /// Runs `bybit-lua arguments…` to completion, waiting on a thread of its own (see
    /// ``offThePool(_:)``): a replay or a fault run takes tens of seconds in a debug build.
    static func run(
        _ arguments: [String], stdin: String? = nil, cwd: String? = nil,
        environment: [String: String] = [:], limit: Double = 60
    ) async throws -> Result {
        try await offThePool {
            try runBlocking(arguments, stdin: stdin, cwd: cwd, environment: environment, limit: limit)
        }
    }

    private static func runBlocking(
        _ arguments: [String], stdin: String?, cwd: String?, environment: [String: String], limit: Double
    ) throws -> Result {
        let p = makeProcess(arguments, cwd: cwd, environment: environment)
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        // A hung child must fail the test, not hang the suite. The watchdog holds only the
        // pid: a cancelled work item stays queued until its deadline, and one holding the
        // Process kept its three pipes open for `limit` seconds after every run (hundreds
        // of pipe descriptors across the suite, past what Foundation's spawn can handle).
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.writeAll(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a full pipe cannot block the child.
        let (outData, errData) = readBoth(out: out.fileHandleForReading, err: err.fileHandleForReading)
        try? out.fileHandleForReading.close()
        try? err.fileHandleForReading.close()
        exited.wait()
        let killed = p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
        return Result(
            status: p.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            signalled: p.terminationReason == .uncaughtSignal,
            timedOut: killed)
    }

    static func makeProcess(_ arguments: [String], cwd: String?, environment: [String: String]) -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BYBIT_LUA_PATH")
        // The suite must not write the default audit log or history into the home of
        // whoever runs it, nor read their profiles: each run gets its own state and
        // config homes unless a test names its own.
        env["XDG_STATE_HOME"] = privateHomes.state
        env["XDG_CONFIG_HOME"] = privateHomes.config
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        return p
    }
}

/// `XDG_STATE_HOME` and `XDG_CONFIG_HOME` for every subprocess of this test run, made once.
private let privateHomes: (state: String, config: String) = {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("bybit-lua-e2e-homes-\(UUID().uuidString)").path
    let homes = (state: root + "/state", config: root + "/config")
    try? FileManager.default.createDirectory(atPath: homes.state, withIntermediateDirectories: true)
    try? FileManager.default.createDirectory(atPath: homes.config, withIntermediateDirectories: true)
    return homes
}()

/// A temporary directory for scripts, removed afterwards.
final class ScratchDirectory {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bybit-lua-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A `bybit-lua` started in the background with its standard streams on pipes, for tests
/// that signal it or type to it while it runs. Killed if it outlives `limit` seconds, so a
/// hung child fails its test instead of hanging the suite.
final class RunningBinary: @unchecked Sendable {
    let process: Process
    private let out = Pipe(), err = Pipe(), input = Pipe()
    private let watchdog: DispatchWorkItem

    /// Through `env --default-signal=HUP` by default: SIGHUP as a terminal gives it. A suite
    /// started under nohup or by a daemon that ignores SIGHUP would otherwise pass that on,
    /// and bybit-lua rightly leaves an ignored SIGHUP alone.
    static let defaultLauncher = ["/usr/bin/env", "--default-signal=HUP"]

    /// Starts `launcher… bybit-lua arguments…`; the launcher must exec the binary in place
    /// (same pid), as `env` and `nohup` do.
    init(
        _ arguments: [String], environment: [String: String] = [:], limit: Double = 30,
        launcher: [String] = RunningBinary.defaultLauncher
    ) throws {
        process = BinaryRunner.makeProcess(arguments, cwd: nil, environment: environment)
        if let program = launcher.first {
            process.arguments = Array(launcher.dropFirst()) + [process.executableURL!.path] + (process.arguments ?? [])
            process.executableURL = URL(fileURLWithPath: program)
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let pid = process.processIdentifier
        watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
    }

    deinit { watchdog.cancel() }

    var pid: pid_t { process.processIdentifier }

    /// Reads stdout until `marker` has been seen; false at end of output without it.
    func awaitOutput(_ marker: String) async -> Bool { await output(until: marker) != nil }

    /// Stdout read until `marker` has been seen; nil at end of output without it.
    func output(until marker: String) async -> String? {
        await offThePool { [out] in out.fileHandleForReading.readUntil(marker) }
    }

    /// Stderr read until `marker` has been seen; nil at end of output without it.
    func errorOutput(until marker: String) async -> String? {
        await offThePool { [err] in err.fileHandleForReading.readUntil(marker) }
    }

    /// Writes `text` to its standard input.
    func type(_ text: String) { input.fileHandleForWriting.writeAll(Data(text.utf8)) }

    /// Closes its standard input (end of file).
    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Sends `signal` to the process.
    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Reads both pipes to the end, waits for the exit and returns what was left on them.
    func finish() async -> (stdout: String, stderr: String) {
        let (stdout, stderr) = await offThePool { [self] in
            let both = readBoth(out: out.fileHandleForReading, err: err.fileHandleForReading)
            process.waitUntilExit()
            return both
        }
        watchdog.cancel()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Waits for the exit, off the concurrency pool.
    func waitUntilExit() async { await offThePool { [process] in process.waitUntilExit() } }

    /// Killed by the watchdog (it outlived its limit).
    var wasKilled: Bool { process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL }
}
