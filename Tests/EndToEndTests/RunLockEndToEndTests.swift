import Foundation
import Testing

/// `--lock` / `--lock=NAME` through the built binary: a second run with the same lock exits
/// 2 at once naming the holder's pid; the lock is a `flock`, so a holder killed with
/// SIGKILL releases it; the default name is the script's and the key's fingerprint.
@Suite(.processBudget) struct RunLockEndToEndTests {
    /// A script that says it started, then waits for its standard input to close.
    static let waiting = "print('ready') io.stdout:flush() io.read('a')"

    /// Its own state home, so the locks of one test never meet another's.
    final class Home {
        let dir: ScratchDirectory
        var environment: [String: String] { ["XDG_STATE_HOME": dir.path + "/state"] }
        var locks: String { dir.path + "/state/bybit-lua/locks" }
        init() throws { dir = try ScratchDirectory() }
    }

    @Test func aSecondRunExits2NamingTheHolderAndAKilledHolderReleasesTheLock() async throws {
        let home = try Home()
        let holder = try RunningBinary(["--lock=job", "-e", Self.waiting], environment: home.environment)
        #expect(await holder.awaitOutput("ready"))
        let second = try await BinaryRunner.run(["--lock=job", "-e", "print('ran')"], environment: home.environment)
        #expect(second.status == 2, "\(second.stderr)")
        #expect(
            second.stderr.hasPrefix("bybit-lua: lock job is held by pid \(holder.pid) (started 20"), "\(second.stderr)")
        #expect(second.stdout == "", "the second run must not start: \(second.stdout)")
        let record = try String(contentsOfFile: home.locks + "/job.lock", encoding: .utf8)
        #expect(record.hasPrefix("pid \(holder.pid)\nstarted "), "\(record)")
        var st = stat()
        #expect(stat(home.locks, &st) == 0 && st.st_mode & 0o777 == 0o700, "locks directory mode")

        holder.signal(SIGKILL)
        _ = await holder.finish()
        let third = try await BinaryRunner.run(["--lock=job", "-e", "print('ran')"], environment: home.environment)
        #expect(third.status == 0, "the crash left the lock held: \(third.stderr)")
        #expect(third.stdout == "ran\n")
    }

    /// A run refused by a held lock says so to a person: one warning alert naming the lock
    /// and the holder's pid (a cron job that never runs is as silent as a dead guard).
    @Test func aHeldLockRaisesAnAlert() async throws {
        let home = try Home()
        let receiver = try NotifyReceiver()
        defer { receiver.shutdown() }
        let holder = try RunningBinary(["--lock=job", "-e", Self.waiting], environment: home.environment)
        let ready = await holder.awaitOutput("ready")
        #expect(ready)
        let refused = try await BinaryRunner.run(
            ["--notify", receiver.url + "/hook", "--lock=job", "-e", "print('ran')"], environment: home.environment)
        #expect(refused.status == 2, "\(refused.stderr)")
        let posts = receiver.posts
        #expect(posts.count == 1, "\(posts.map(\.body))")
        let alert = posts.first?.json ?? [:]
        #expect(alert["level"] as? String == "warning", "\(alert)")
        #expect(
            (alert["text"] as? String)?.hasPrefix("lock taken: lock job is held by pid \(holder.pid)") == true,
            "\(alert)")
        let fields = alert["fields"] as? [String: String] ?? [:]
        #expect(fields == ["lock": "job", "holder_pid": String(holder.pid)], "\(fields)")
        holder.closeInput()
        _ = await holder.finish()
    }

    /// A run that ends (0 or an error) releases the lock for the next one.
    @Test func aFinishedRunReleasesTheLock() async throws {
        let home = try Home()
        let failed = try await BinaryRunner.run(["--lock=job", "-e", "error('boom')"], environment: home.environment)
        #expect(failed.status == 1, "\(failed.stderr)")
        let next = try await BinaryRunner.run(["--lock=job", "-e", "print('ran')"], environment: home.environment)
        #expect(next.status == 0 && next.stdout == "ran\n", "\(next.stderr)")
    }

    /// A bare `--lock` locks the script for its key: the same script with the same key is
    /// refused, another script or another key is not. The key itself is never in the name.
    @Test func theDefaultNameIsTheScriptAndTheKeyFingerprint() async throws {
        let home = try Home()
        let server = try await PaperServer(apiKey: "LOCKKEYONE")
        let dir = try ScratchDirectory()
        let guardScript = try dir.write("my guard.lua", Self.waiting)
        let other = try dir.write("other.lua", "print('other ran')")
        let env = home.environment.merging(server.credentials) { $1 }
        let holder = try RunningBinary(["--base-url", server.url, "--lock", guardScript], environment: env)
        #expect(await holder.awaitOutput("ready"))

        let same = try await BinaryRunner.run(["--base-url", server.url, "--lock", guardScript], environment: env)
        #expect(same.status == 2, "\(same.stderr)")
        #expect(same.stderr.contains("lock my_guard-k:"), "\(same.stderr)")
        #expect(same.stderr.contains("is held by pid \(holder.pid)"), "\(same.stderr)")
        #expect(!same.stderr.contains("LOCKKEYONE"), "the key is never printed")
        let files = try FileManager.default.contentsOfDirectory(atPath: home.locks)
        #expect(files.count == 1 && files[0].hasPrefix("my_guard-k:") && files[0].hasSuffix(".lock"), "\(files)")
        #expect(!files[0].contains("LOCKKEYONE"))

        let another = try await BinaryRunner.run(["--base-url", server.url, "--lock", other], environment: env)
        #expect(another.status == 0 && another.stdout.contains("other ran"), "\(another.stderr)")
        var otherKey = env
        otherKey["BYBIT_API_KEY"] = "LOCKKEYTWO"
        let keyTwo = try await BinaryRunner.run(
            ["--base-url", server.url, "--lock", guardScript], stdin: "", environment: otherKey)
        #expect(keyTwo.status == 0 && keyTwo.stdout == "ready\n", "another key is another lock: \(keyTwo.stderr)")

        let paper = try await BinaryRunner.run(["--lock", guardScript], stdin: "", environment: home.environment)
        #expect(paper.status == 0, "paper is its own lock: \(paper.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.locks + "/my_guard-paper.lock"))
        holder.closeInput()
        _ = await holder.finish()
        #expect(holder.process.terminationStatus == 0)
    }

    @Test func badLockNamesAreUsageErrors() async throws {
        let home = try Home()
        for (args, message) in [
            (["--lock=../escape", "-e", "print('ran')"], "--lock=NAME needs a name of letters"),
            (["--lock=", "-e", "print('ran')"], "--lock=NAME needs a name of letters"),
            (["--lock=a/b", "-e", "print('ran')"], "--lock=NAME needs a name of letters"),
            (["--lock", "-e", "print('ran')"], "--lock needs a name (--lock=NAME) when there is no script file"),
        ] {
            let r = try await BinaryRunner.run(args, stdin: "", environment: home.environment)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(r.stdout == "", "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.dir.path + "/escape.lock"))
    }
}
