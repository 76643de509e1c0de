#if canImport(Glibc)
    import Glibc
#endif

/// A file that holds a secret (the config file with its API secrets, an RSA private key):
/// read only when nobody but its owner can read it or swap it for another file, the rule
/// `ssh` applies to `~/.ssh` with `StrictModes`.
///
/// - The file: a regular file owned by the user (or root) with no group or other
///   permission bits (`chmod 600`).
/// - Every directory above it, up to `/`, both where its name lives and where a symlink
///   leads: owned by the user or root and not writable by group or others, unless sticky
///   (`/tmp`), where nobody can rename another user's entry. A writable directory would let
///   anyone replace the file with one that sends the keys to their own server.
enum PrivateFile {
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The file's bytes after the checks; `what` names the secret for the messages
    /// ("API secrets", "an RSA private key"). Refuses files larger than `limit` bytes.
    static func read(_ path: String, holding what: String, limit: Int) throws(Refusal) -> [UInt8] {
        func refuse(_ why: String) -> Refusal { Refusal(description: why) }
        func reason() -> String { String(cString: strerror(errno)) }
        guard let resolved = realPath(path) else { throw refuse("cannot read \(path): \(reason())") }
        guard let home = realPath(parent(of: path)) else { throw refuse("cannot read \(path): \(reason())") }
        try checkDirectories(above: home, of: path)
        try checkDirectories(above: parent(of: resolved), of: path)
        // Checked on the open descriptor, so the file checked is the file read.
        let fd = open(resolved, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw refuse("cannot read \(path): \(reason())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw refuse("cannot read \(path): \(reason())") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw refuse("\(path) is not a regular file") }
        try checkOwner(st, of: path, holding: what)
        let others = st.st_mode & (S_IRWXG | S_IRWXO)
        if others != 0 {
            let access = others & (S_IRGRP | S_IROTH) != 0 ? "readable" : "writable"
            throw refuse(
                "\(path) is \(access) by others (mode \(octal(st.st_mode))); it holds \(what). Run: chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw refuse("cannot read \(path): \(reason())") }
            if n == 0 { return bytes }
            bytes += buffer[0..<n]
            guard bytes.count <= limit else { throw refuse("\(path) is larger than \(limit / 1024) KiB") }
        }
    }

    /// `dir` (absolute) and each directory above it: owned by the user or root, and not
    /// writable by group or others unless sticky.
    private static func checkDirectories(above dir: String, of path: String) throws(Refusal) {
        var current = dir
        while true {
            var st = stat()
            guard stat(current, &st) == 0 else {
                throw Refusal(description: "cannot read \(path): \(current): \(String(cString: strerror(errno)))")
            }
            if st.st_uid != 0 && st.st_uid != getuid() {
                throw Refusal(
                    description:
                        "\(current) belongs to another user (uid \(st.st_uid)), who could replace \(path); it must be yours or root's"
                )
            }
            if st.st_mode & (S_IWGRP | S_IWOTH) != 0 && st.st_mode & S_ISVTX == 0 {
                throw Refusal(
                    description:
                        "\(current) is writable by others (mode \(octal(st.st_mode))), so anyone could replace \(path). Run: chmod go-w \(current)"
                )
            }
            if !current.hasPrefix("/") || current == "/" { return }
            current = parent(of: current)
        }
    }

    private static func checkOwner(_ st: stat, of path: String, holding what: String) throws(Refusal) {
        if st.st_uid != 0 && st.st_uid != getuid() {
            throw Refusal(
                description: "\(path) belongs to another user (uid \(st.st_uid)); it holds \(what) and must be yours")
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The directory part of `path` ("." for a bare name, "/" for "/x").
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }

    private static func octal(_ mode: mode_t) -> String { String(mode & 0o7777, radix: 8) }
}
