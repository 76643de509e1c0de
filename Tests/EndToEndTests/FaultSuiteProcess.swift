import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port that nothing listens on (bound to port 0, read back, closed), for
/// a server started later: until then, connecting to it is refused.
func unusedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Reads a child's output line by line as it arrives, so a test can react to what a
/// running script reported (the caller's watchdog bounds the wait).
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    /// Every line read so far.
    private(set) var lines: [String] = []

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next complete line, or nil at end of file.
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                lines.append(line)
                return line
            }
            let chunk = handle.readSome()
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// Reads lines until one starts with `prefix`; nil at end of file.
    func skip(to prefix: String) -> String? {
        while let line = next() {
            if line.hasPrefix(prefix) { return line }
        }
        return nil
    }

    /// Everything left, once the child has closed its end.
    func rest() -> [String] {
        while next() != nil {}
        return lines
    }
}

/// A failed precondition of a test's setup (the exchange refused a fault plan, a read failed).
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
}

extension BinaryRunner.Result: @unchecked Sendable {}
