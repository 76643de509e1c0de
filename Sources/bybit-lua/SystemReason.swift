import Foundation

/// Errors from the system (a file that cannot be read, a port already taken), said as the
/// system says them — "No such file or directory", "Address already in use" — and not
/// as Foundation or SwiftNIO print them ("The operation could not be completed…",
/// "bind(descriptor:ptr:bytes:): … (errno: 98)").
enum SystemReason {
    /// `strerror` of the `errno` the error carries, found by its stored `errno` value (NIO's
    /// `IOError`) or a POSIX error underneath a Cocoa one; else the error's own description.
    static func of(_ error: Error) -> String {
        if let code = errnoCode(in: error) { return String(cString: strerror(code)) }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return String(describing: error)
    }

    /// Whether `error` carries an `errno` (a failed system call).
    static func hasErrno(_ error: Error) -> Bool { errnoCode(in: error) != nil || error is POSIXError }

    /// Why `host` names no address to listen on (`getaddrinfo`'s words), or nil when it does.
    static func unresolvable(_ host: String) -> String? {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        if let result { freeaddrinfo(result) }
        return status == 0 ? nil : String(cString: gai_strerror(status))
    }

    private static func errnoCode(in error: Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return storedErrno(Mirror(reflecting: error), depth: 0)
    }

    /// A stored property or enum payload labelled `errno` holding an `Int32`, two levels deep
    /// at most (NIO's `IOError.error` is `.errno(CInt)`).
    private static func storedErrno(_ mirror: Mirror, depth: Int) -> Int32? {
        for child in mirror.children {
            if child.label == "errno", let code = child.value as? Int32 { return code }
            if depth < 2, let code = storedErrno(Mirror(reflecting: child.value), depth: depth + 1) { return code }
        }
        return nil
    }
}

/// A file read whole, with the system's reason when it cannot be ("cannot read
/// /x/scenario.json: No such file or directory").
func readWholeFile(_ path: String, what: String) throws(RunOptions.UsageError) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw .init(message: "cannot read \(what) \(path): \(String(cString: strerror(errno)))")
    }
    defer { try? handle.close() }
    do { return Array(try handle.readToEnd() ?? Data()) } catch {
        throw .init(message: "cannot read \(what) \(path): \(SystemReason.of(error))")
    }
}
