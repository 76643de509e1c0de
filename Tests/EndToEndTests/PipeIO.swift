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

    /// Reads until `marker` has been seen; the text read so far, or nil at end of file
    /// without it.
    func readUntil(_ marker: String) -> String? {
        var seen = Data()
        while true {
            let chunk = readSome()
            if chunk.isEmpty { return nil }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if text.contains(marker) { return text }
        }
    }

    /// Everything up to end of file, read with ``readSome()``.
    func readAll() -> Data {
        var all = Data()
        while case let chunk = readSome(), !chunk.isEmpty { all.append(chunk) }
        return all
    }

    /// Writes all of `data` with write(2), retried on EINTR (Foundation's `write(_:)` stops
    /// the process on an interrupted write, as its reads do). Gives up on any other error,
    /// such as EPIPE from a child that already exited: SIGPIPE is blocked on this thread
    /// for the write and a pending one taken back, so it cannot kill the test process
    /// (and children do not inherit an ignored SIGPIPE, as they would from SIG_IGN).
    func writeAll(_ data: Data) {
        var pipe = sigset_t()
        var old = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, &old)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var zero = timespec()
                _ = sigtimedwait(&pipe, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &old, nil)
        }
        let bytes = [UInt8](data)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}

/// Reads two pipes to their ends at once (stdout on another thread), so a child that
/// fills one while the other is being read cannot block.
func readBoth(out: FileHandle, err: FileHandle) -> (stdout: Data, stderr: Data) {
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    group.enter()
    DispatchQueue.global().async {
        outData = out.readAll()
        group.leave()
    }
    let errData = err.readAll()
    group.wait()
    return (outData, errData)
}
