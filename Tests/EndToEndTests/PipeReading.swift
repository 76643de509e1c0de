import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileHandle {
    /// What one `read(2)` returns (at most 64 KiB), retried on EINTR; empty at end of
    /// file or on an error. Foundation's `availableData` and `readDataToEndOfFile()` stop
    /// the whole test process with a fatalError when a signal interrupts the read — which
    /// a run of two suites at once on two cores once did.
    func readSome() -> Data {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if n >= 0 { return Data(buffer[0..<n]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything up to end of file, read with ``readSome()``.
    func readAll() -> Data {
        var all = Data()
        while case let chunk = readSome(), !chunk.isEmpty { all.append(chunk) }
        return all
    }
}
