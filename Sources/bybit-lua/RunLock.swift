import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `--lock` / `--lock=NAME`: at most one run per lock, so a cron job that fires while
/// the last one still runs, or a second copy started by hand, does not guard the same
/// account twice. Held with `flock(2)` on `$XDG_STATE_HOME/bybit-lua/locks/NAME.lock`:
/// the kernel releases it when the process ends however it ends (kill -9 included), so a
/// crash never leaves a stale lock. The holder's pid and start time are written into the
/// file after the lock is taken, only to name the holder; the lock itself is the flock.
struct RunLock {
    /// What `--lock` asked for.
    enum Request: Equatable {
        /// A bare `--lock`: the script's file name and the API key's fingerprint.
        case defaultName
        /// `--lock=NAME`.
        case named(String)
    }

    /// Why the lock could not be taken; the runner exits 2 with this message.
    struct Failure: Error {
        let message: String
        /// The pid of the run holding it, when the lock is held (nil: some other failure).
        let holder: String?
    }

    let name: String
    let path: String
    /// Kept open for the life of the process: closing it would release the lock.
    private let descriptor: Int32

    /// Characters a lock name may use: the name becomes a file name.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-:".unicodeScalars.contains($0)
            }
    }

    /// The default name: the script's file name without `.lua` (characters a file name
    /// should not carry become `_`), a dash, and `keyFingerprint` ("paper" for paper).
    static func defaultName(script: String?, keyFingerprint: String) -> String? {
        guard let script, script != "-" else { return nil }
        var base = (script as NSString).lastPathComponent
        if base.hasSuffix(".lua") { base = String(base.dropLast(4)) }
        let cleaned = String(
            base.unicodeScalars.map { s in
                CharacterSet.alphanumerics.contains(s) && s.isASCII || "._-".unicodeScalars.contains(s)
                    ? Character(s) : "_"
            })
        let stem = cleaned.drop { $0 == "." }
        return (stem.isEmpty ? "script" : String(stem)) + "-" + keyFingerprint
    }

    /// Takes the lock `name` under `stateDirectory` (made 0700), without waiting.
    static func acquire(name: String, stateDirectory: String) throws(Failure) -> RunLock {
        let directory = stateDirectory + "/locks"
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw Failure(
                message: "lock \(name): cannot create \(directory): \(String(cString: strerror(errno)))", holder: nil)
        }
        let path = directory + "/" + name + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw Failure(
                message: "lock \(name): cannot open \(path): \(String(cString: strerror(errno)))", holder: nil)
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            let holder = Self.holder(fd)
            close(fd)
            guard reason == EWOULDBLOCK else {
                throw Failure(message: "lock \(name): \(path): \(String(cString: strerror(reason)))", holder: nil)
            }
            let who =
                holder.map { "pid \($0.pid)\($0.started.map { " (started \($0))" } ?? "")" }
                ?? "another run (starting: its pid is not written yet)"
            throw Failure(message: "lock \(name) is held by \(who)", holder: holder?.pid)
        }
        let record = "pid \(getpid())\nstarted \(Self.now())\n"
        _ = ftruncate(fd, 0)
        _ = record.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunLock(name: name, path: path, descriptor: fd)
    }

    /// The pid and start time a holder wrote, if it has written them yet.
    private static func holder(_ fd: Int32) -> (pid: String, started: String?)? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: buffer[..<n], as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let pid = fields["pid"], Int32(pid) != nil else { return nil }
        return (pid, fields["started"])
    }

    private static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
