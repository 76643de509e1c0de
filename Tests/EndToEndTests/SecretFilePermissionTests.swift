import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A file holding a secret is read only when nobody but its owner can read it or replace
/// it: the config file, an RSA key file (from a profile or BYBIT_RSA_PRIVATE_KEY_FILE),
/// and every directory above them, as `ssh` checks `~/.ssh`. Refused runs exit 2 before
/// any Lua runs.
@Suite(.processBudget) struct SecretFilePermissionTests {
    static let script = ConfigHome.printOnlyScript

    /// A 2048-bit RSA private key in PEM form, made by openssl, in `dir` with `mode`.
    static func rsaKey(in dir: String, mode: mode_t) throws -> String {
        let path = dir + "/key.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "genrsa", "-traditional", "-out", path, "2048"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            // OpenSSL 1.1 has no -traditional and writes PKCS#1 already.
            let q = Process()
            q.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            q.arguments = ["openssl", "genrsa", "-out", path, "2048"]
            q.standardError = FileHandle.nullDevice
            try q.run()
            q.waitUntilExit()
        }
        chmod(path, mode)
        return path
    }

    @Test func rsaKeyFileReadableByOthersIsRefused() async throws {
        let dir = try ScratchDirectory()
        let key = try Self.rsaKey(in: dir.path, mode: 0o644)
        let home = try ConfigHome(profiles: ConfigHome.profile("rsa", env: "testnet", apiSecret: nil, rsaKeyFile: key))
        let variable = ["BYBIT_API_KEY": "K", "BYBIT_RSA_PRIVATE_KEY_FILE": key]
        for run in await [
            try home.run(["--profile", "rsa"] + Self.script),
            try home.run(["--env", "testnet"] + Self.script, variable),
        ] {
            #expect(run.status == 2, "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "\(key) is readable by others (mode 644); it holds an RSA private key. Run: chmod 600 \(key)"),
                "\(run.stderr)")
            #expect(run.stdout == "")
        }
        // The same key, private: accepted (the run starts; a print sends nothing).
        chmod(key, 0o600)
        for run in await [
            try home.run(["--profile", "rsa"] + Self.script),
            try home.run(["--env", "testnet"] + Self.script, variable),
        ] {
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "RAN")
        }
    }

    @Test func configDirectoryWritableByOthersIsRefused() async throws {
        let server = try await PaperServer()
        let home = try ConfigHome(profile: "desk", signingFor: server, pointed: true)
        let configDir = PrivateFilePaths.parent(home.file)
        let xdgHome = PrivateFilePaths.parent(configDir)
        let run = ["--profile", "desk"] + ConfigHome.addMarginScript
        chmod(configDir, 0o777)
        let writable = try await home.run(run)
        #expect(writable.status == 2)
        #expect(
            writable.stderr.contains(
                "\(configDir) is writable by others (mode 777), so anyone could replace \(home.file). Run: chmod go-w \(configDir)"
            ), "\(writable.stderr)")
        #expect(writable.stdout == "")
        chmod(configDir, 0o755)
        // A directory further up counts as much: whoever can write it can swap the whole tree.
        chmod(xdgHome, 0o775)
        let groupWritable = try await home.run(run)
        #expect(groupWritable.status == 2)
        #expect(groupWritable.stderr.contains("\(xdgHome) is writable by others (mode 775)"), "\(groupWritable.stderr)")
        // Sticky and writable by all, as /tmp (every test's scratch directory sits in one): safe.
        chmod(xdgHome, 0o1777)
        let sticky = try await home.run(run)
        #expect(sticky.status == 0, "\(sticky.stderr)")
        #expect(sticky.stdout == "54299.00\n")
        // The two refused runs sent nothing: the exchange applied exactly the one call.
        let ledger = try server.control("GET", "/paper/ledger?action=add-margin")
        #expect(ledger.contains("\"counts\":{\"add-margin\":1,"), "\(ledger)")
    }

    /// A symlinked config file (a dotfiles manager's) is judged by the file it leads to.
    @Test func symlinkedConfigIsJudgedByItsTarget() async throws {
        let home = try ConfigHome("")
        let target = try ScratchDirectory()
        let real = try target.write("config.toml", ConfigHome.profile("tn", env: "testnet"))
        unlink(home.file)
        symlink(real, home.file)
        chmod(real, 0o644)
        let open = try await home.run(["--profile", "tn"] + Self.script)
        #expect(open.status == 2)
        #expect(open.stderr.contains("\(home.file) is readable by others (mode 644)"), "\(open.stderr)")
        chmod(real, 0o600)
        let ok = try await home.run(["--profile", "tn"] + Self.script)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "RAN")
    }
}

private enum PrivateFilePaths {
    static func parent(_ path: String) -> String { (path as NSString).deletingLastPathComponent }
}
