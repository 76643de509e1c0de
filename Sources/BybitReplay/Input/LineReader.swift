#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file line by line through one fixed buffer, so a file of any size is read in
/// constant memory: at most ``bufferBytes`` are held, and a line longer than
/// ``maxLineBytes`` is an error rather than a reason to grow.
final class LineReader {
    /// The read buffer's size.
    static let bufferBytes = 64 * 1024
    /// The longest line accepted (a price row is some 40 bytes).
    static let maxLineBytes = 4096

    let path: String
    /// The number of the line ``nextLineSpan()`` returned last (1-based).
    private(set) var lineNumber = 0
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false

    /// Opens `path` for reading.
    init(path: String) throws(ReplayInputError) {
        self.path = path
        buffer = [UInt8](repeating: 0, count: Self.bufferBytes)
        guard let f = fopen(path, "rb") else {
            throw ReplayInputError("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        file = f
    }

    deinit { close() }

    /// Stops reading and closes the file.
    func close() {
        if let file { fclose(file) }
        file = nil
        atEOF = true
        start = 0
        end = 0
    }

    /// Where the next line lies in the reader's buffer, without its `\n` (and `\r`), or nil
    /// at the end of the file. Valid until the next call: read it with ``withBytes(_:_:)``
    /// or ``bytes(_:)`` (a row is parsed in place, not copied).
    func nextLineSpan() throws(ReplayInputError) -> Range<Int>? {
        while true {
            if let newline = newlineIndex() {
                guard newline - start <= Self.maxLineBytes else { throw tooLong() }
                let line = span(upTo: newline)
                start = newline + 1
                return line
            }
            if atEOF {
                guard start < end else { return nil }
                let line = span(upTo: end)
                start = end
                return line
            }
            guard end - start <= Self.maxLineBytes else { throw tooLong() }
            refill()
        }
    }

    /// `body` over the bytes of a span ``nextLineSpan()`` returned.
    func withBytes<R>(_ span: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[span])) }
    }

    /// A copy of the bytes of a span ``nextLineSpan()`` returned.
    func bytes(_ span: Range<Int>) -> [UInt8] { Array(buffer[span]) }

    /// The index of the first `\n` in the unread bytes (memchr: one call per row).
    private func newlineIndex() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let hit = memchr(raw.baseAddress! + start, 10, end - start) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
        }
    }

    private func tooLong() -> ReplayInputError {
        ReplayInputError(path, lineNumber + 1, "line longer than \(Self.maxLineBytes) bytes: not a price file?")
    }

    private func span(upTo stop: Int) -> Range<Int> {
        lineNumber += 1
        var last = stop
        if last > start, buffer[last - 1] == 13 { last -= 1 }
        return start..<last
    }

    /// Moves the unread bytes to the front and reads more after them.
    private func refill() {
        if start > 0 {
            let count = end - start
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, count)
            }
            start = 0
            end = count
        }
        guard let file else {
            atEOF = true
            return
        }
        let read = buffer.withUnsafeMutableBytes { raw in
            fread(raw.baseAddress! + end, 1, Self.bufferBytes - end, file)
        }
        end += read
        if read == 0 { atEOF = true }
    }
}
