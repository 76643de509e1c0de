import Foundation
import Testing

/// Scripts that go after the files around the runner — the config file with the API
/// secret, the RSA key, the audit log — and after /proc, through every door a path can
/// take: io.open/lines/input/output, loadfile, dofile, require, package.searchpath,
/// os.remove/rename; spelled directly, through a symlink, `..`, a hard link,
/// /proc/self/fd/N and /dev/fd/N. The filesystem is deny-by-default (fs_policy.c).
@Suite(.processBudget) struct MaliciousScriptFileTests {
    /// A home with a profile whose secret is the server's, a project directory the script
    /// runs in (cwd and script dir: both readable), links to the secrets placed in it.
    final class Home {
        let dir: ScratchDirectory
        let server: PaperServer
        var path: String { dir.path }
        var config: String { path + "/config/bybit-lua/config.toml" }
        var key: String { path + "/keys/rsa.pem" }
        var project: String { path + "/proj" }
        var environment: [String: String] {
            ["HOME": path, "XDG_CONFIG_HOME": path + "/config", "XDG_STATE_HOME": path + "/state"]
        }

        init() async throws {
            dir = try ScratchDirectory()
            server = try await PaperServer()
            try dir.write(
                "config/bybit-lua/config.toml",
                """
                [profile.local]
                base_url = "\(server.url)"
                api_key = "\(server.apiKey)"
                api_secret = "\(server.apiSecret)"
                [profile.rsa]
                env = "testnet"
                api_key = "K"
                rsa_private_key_file = "\(path)/keys/rsa.pem"
                """)
            chmod(config, 0o600)
            try dir.write("keys/rsa.pem", "-----BEGIN PRIVATE KEY-----\nRSA-KEY-BYTES\n-----END PRIVATE KEY-----\n")
            chmod(key, 0o600)
            try dir.write("proj/data.txt", "plain data")
            try FileManager.default.createSymbolicLink(atPath: project + "/config-link", withDestinationPath: config)
            try FileManager.default.createSymbolicLink(atPath: project + "/key-link", withDestinationPath: key)
            try FileManager.default.linkItem(atPath: config, toPath: project + "/config-hardlink")
        }

        func run(_ script: String, _ options: [String] = [], extraEnvironment: [String: String] = [:]) async throws
            -> BinaryRunner.Result
        {
            let file = try dir.write("proj/main.lua", script)
            return try await BinaryRunner.run(
                options + [file], cwd: project, environment: environment.merging(extraEnvironment) { $1 })
        }
    }

    /// `io.open` of the config file and the RSA key printed them; now every spelling is
    /// refused as a protected file, with --allow-read on the whole home too.
    @Test func secretsAreUnreadableBySpelling() async throws {
        let home = try await Home()
        let script = """
            local function try(f, ...) local ok, a, b = pcall(f, ...) return (ok and a) and ("OPENED " .. tostring(io.type(a) and a:read("a") or a)) or tostring(b or a) end
            local h = os.getenv("HOME")
            for _, p in ipairs{ h .. "/config/bybit-lua/config.toml", "config-link", "config-hardlink",
                                 "../config/bybit-lua/config.toml", "./../proj/../config/bybit-lua/./config.toml",
                                 h .. "/keys/rsa.pem", "key-link", "../keys/../keys/rsa.pem" } do
              print(try(io.open, p))
            end
            print(try(io.lines, "config-link"))
            print(try(io.input, "key-link"))
            print(try(loadfile, "config-hardlink"))
            print(try(dofile, "key-link"))
            print(try(io.open, "data.txt"))
            """
        let r = try await home.run(script, ["--profile", "local", "--allow-read", home.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 13, "\(r.stdout)")
        for line in lines.dropLast() {
            #expect(line.contains("access to '") && line.contains("denied (protected file)"), "\(line)")
        }
        #expect(lines.last == "OPENED plain data")
        #expect(lines.first?.hasPrefix("io.open: read access to '\(home.config)' denied (protected file)") == true)
        for text in [r.stdout, r.stderr] {
            #expect(!text.contains(home.server.apiSecret) && !text.contains("RSA-KEY-BYTES"))
        }
        // The key named by BYBIT_RSA_PRIVATE_KEY_FILE (no profile at all) is protected too.
        let env = try await home.run(
            "print(io.open(os.getenv('HOME') .. '/keys/rsa.pem'))", ["--allow-read", home.path],
            extraEnvironment: ["BYBIT_RSA_PRIVATE_KEY_FILE": home.key])
        #expect(
            env.stdout.contains("denied (protected file)") && !env.stdout.contains("RSA-KEY-BYTES"),
            "\(env.stdout)\(env.stderr)")
    }

    /// After an add_margin the audit log is open in the process: /proc/self/fd/N and
    /// /dev/fd/N for writing truncated it, and its path could simply be rewritten.
    @Test func theAuditLogCannotBeErasedOrForged() async throws {
        let home = try await Home()
        let audit = home.project + "/audit.jsonl"
        let script = """
            add_margin{ symbol = "BTCUSDT", margin = "1" }
            local refused, opened = 0, 0
            for n = 0, 64 do
              for _, p in ipairs{ "/proc/self/fd/" .. n, "/dev/fd/" .. n } do
                for _, mode in ipairs{ "w", "a", "r+" } do
                  local f, err = io.open(p, mode)
                  if f then opened = opened + 1; f:close() elseif err:find("(protected file)", 1, true) then refused = refused + 1 end
                end
              end
            end
            print("refused", refused, "opened", opened)
            for _, p in ipairs{ "audit.jsonl", "./audit.jsonl", "../proj/audit.jsonl" } do
              print(io.open(p, "w"))
              print(pcall(io.output, p))
              print(os.remove(p))
              print(os.rename(p, "moved.jsonl"))
            end
            """
        let r = try await home.run(
            script, ["--base-url", home.server.url, "--audit-log", audit, "--allow-write", home.project],
            extraEnvironment: home.server.credentials)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("refused\t"), "\(r.stdout)")
        let counts = r.stdout.split(separator: "\n").first.map { $0.split(separator: "\t") } ?? []
        #expect(counts.count == 4 && (Int(counts[1]) ?? 0) >= 6 && counts[3] == "0", "\(r.stdout)")
        // io.open, io.output, os.remove and os.rename, for each of three spellings
        #expect(r.stdout.components(separatedBy: "denied (protected file)").count - 1 == 12, "\(r.stdout)")
        let log = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(log.contains("\"BTCUSDT\""), "the audit log lost its line: \(log)")
        #expect(!FileManager.default.fileExists(atPath: home.project + "/moved.jsonl"))
    }

    /// `/proc` was guarded for io.* only: loadfile/dofile read /proc/self/maps and the
    /// parent's environ (the syntax error echoed the first bytes); in strict,
    /// package.path = "/proc/self/?" with require did the same; searchpath probed anything.
    @Test func procAndProbesAreClosedToLoadersToo() async throws {
        let home = try await Home()
        let script = """
            print(loadfile("/proc/self/maps"))
            print(pcall(dofile, "/proc/" .. PPID .. "/environ"))
            print(pcall(dofile, "/proc/self/cwd/../config/bybit-lua/config.toml"))
            package.path = "/proc/self/?"
            print(pcall(require, "environ"))
            print(package.searchpath("passwd", "/etc/?"))
            print(package.searchpath("config", "../config/bybit-lua/?.toml"))
            print(package.searchpath("data", "./?.txt"))
            """
        for sandbox in ["default", "strict"] {
            let body =
                sandbox == "strict"
                ? script.split(separator: "\n").filter { !$0.contains("loadfile") && !$0.contains("dofile") }.joined(
                    separator: "\n")
                : script
            let r = try await home.run(
                "PPID = \(getpid())\n" + body, ["--sandbox", sandbox, "--allow-read", home.path])
            #expect(r.status == 0, "\(sandbox): \(r.stderr)")
            let out = r.stdout
            if sandbox == "default" {
                #expect(
                    out.contains(
                        "nil\tloadfile: read access to '/proc/self/maps' denied (/proc and /sys are never available to scripts)"
                    ), "\(out)")
                #expect(
                    out.contains("false\tdofile: read access to '/proc/\(getpid())/environ' denied (/proc and /sys"),
                    "\(out)")
                #expect(out.contains("/config/bybit-lua/config.toml' denied (protected file)"), "\(out)")
            }
            #expect(
                out.contains("no file '/proc/self/environ' (/proc and /sys are never available to scripts)"),
                "\(sandbox): \(out)")
            #expect(out.contains("nil\tno file '/etc/passwd' (outside the allowed directories)"), "\(sandbox): \(out)")
            #expect(
                out.contains("nil\tno file '../config/bybit-lua/config.toml' (protected file)"), "\(sandbox): \(out)")
            #expect(out.hasSuffix("./data.txt\n"), "\(sandbox): \(out)")
            #expect(!out.contains("PATH=") && !out.contains("r-xp") && !out.contains(home.server.apiSecret), "\(out)")
        }
    }

    /// Nothing is writable without --allow-write; under it, files are created, written,
    /// renamed and removed, and a symlink placed there leads nowhere else.
    @Test func writesNeedAllowWrite() async throws {
        let home = try await Home()
        let out = home.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: out + "/escape", withDestinationPath: home.path + "/elsewhere.txt")
        try FileManager.default.createSymbolicLink(
            atPath: out + "/to-data", withDestinationPath: home.project + "/data.txt")
        let script = """
            local out = os.getenv("HOME") .. "/out"
            print(io.open(out .. "/report.txt", "w"))
            print(io.open("data.txt", "a"))
            print(os.remove("data.txt"))
            print(os.tmpname, io.tmpfile, io.popen, os.execute, os.setlocale)
            """
        let denied = try await home.run(script)
        #expect(denied.status == 0, "\(denied.stderr)")
        #expect(
            denied.stdout == """
                nil\tio.open: write access to '\(out)/report.txt' denied: outside the writable directories (use --allow-write DIR)\t13
                nil\tio.open: write access to 'data.txt' denied: outside the writable directories (use --allow-write DIR)\t13
                nil\tos.remove: write access to 'data.txt' denied: outside the writable directories (use --allow-write DIR)\t13
                nil\tnil\tnil\tnil\tnil

                """, "\(denied.stdout)")
        let allowed = try await home.run(
            """
            local out = os.getenv("HOME") .. "/out"
            local f = assert(io.open(out .. "/report.txt", "w")); f:write("one\\ntwo\\n"); f:close()
            for l in io.lines(out .. "/report.txt") do io.write(l, ";") end print()
            print(os.rename(out .. "/report.txt", out .. "/final.txt"), io.open(out .. "/final.txt"):read("a") == "one\\ntwo\\n")
            print(io.open(out .. "/escape", "w"))
            print(io.open(out .. "/to-data", "w"))
            print(os.remove(out .. "/final.txt"), io.open(out .. "/final.txt"))
            """, ["--allow-write", out])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let lines = allowed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(allowed.stdout)")
        #expect(lines.first == "one;two;")
        #expect(lines.dropFirst().first == "true\ttrue")
        #expect(
            lines.dropFirst(2).first?.contains("write access to '\(out)/escape' denied") == true, "\(allowed.stdout)")
        #expect(
            lines.dropFirst(3).first?.contains(
                "write access to '\(out)/to-data' denied: outside the writable directories") == true,
            "\(allowed.stdout)")
        #expect(
            lines.last?.hasPrefix("true\tnil\t\(out)/final.txt: No such file or directory") == true, "\(allowed.stdout)"
        )
        #expect(!FileManager.default.fileExists(atPath: home.path + "/elsewhere.txt"))
        #expect(try String(contentsOfFile: home.project + "/data.txt", encoding: .utf8) == "plain data")
        let bad = try await BinaryRunner.run(["--allow-write", home.path + "/none", "-e", "print(1)"])
        #expect(
            bad.status == 2 && bad.stderr.contains("--allow-write \(home.path)/none: not a directory"), "\(bad.stderr)")
    }

    /// `bybit-lua test` reads the current directory, the spec paths and the module path,
    /// never the protected files, and writes only under `--allow-write`.
    @Test func specFilesGetTheSamePolicy() async throws {
        let home = try await Home()
        try home.dir.write(
            "proj/spec/files_spec.lua",
            """
            describe("files", function()
              it("reads the project, not the secrets", function()
                assert.are.equal("plain data", io.open("\(home.project)/data.txt"):read("a"))
                local f, err = io.open("\(home.config)")
                assert.is_nil(f)
                assert.is_truthy(err:find("(protected file)", 1, true))
              end)
              it("writes only under --allow-write", function()
                local f, err = io.open("\(home.project)/out.txt", "w")
                if os.getenv("SPEC_WRITABLE") then assert.is_truthy(f); f:close()
                else assert.is_truthy(err:find("outside the writable directories (use --allow-write DIR)", 1, true)) end
              end)
            end)
            """)
        let env = home.environment
        let denied = try await BinaryRunner.run(
            ["test", "--allow-read", home.path, "spec"], cwd: home.project, environment: env)
        #expect(denied.status == 0 && denied.stdout.contains("2 passed, 0 failed"), "\(denied.stdout)\(denied.stderr)")
        let allowed = try await BinaryRunner.run(
            ["test", "--allow-read", home.path, "--allow-write", home.project, "spec"],
            cwd: home.project, environment: env.merging(["SPEC_WRITABLE": "1"]) { $1 })
        #expect(
            allowed.status == 0 && allowed.stdout.contains("2 passed, 0 failed"), "\(allowed.stdout)\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.project + "/out.txt"))
    }

    /// `./lua/?.lua` is the script's project, not the current directory: cron and
    /// systemd start scripts from `/`.
    @Test func modulesAreFoundNextToTheScriptFromAnyDirectory() async throws {
        let dir = try ScratchDirectory()
        try dir.write("proj/lua/helper.lua", "return { greet = function() return 'helper found' end }")
        try dir.write("proj/lua/desk/init.lua", "return 'desk found'")
        try dir.write("proj/sibling.lua", "return 'sibling found'")
        let main = try dir.write(
            "proj/main.lua",
            "print(require('helper').greet(), require('desk'), require('sibling'), io.open('/etc/hostname'))")
        let r = try await BinaryRunner.run([main], cwd: "/")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.hasPrefix(
                "helper found\tdesk found\tsibling found\tnil\tio.open: read access to '/etc/hostname' denied: outside the allowed directories"
            ), "\(r.stdout)")
    }
}
