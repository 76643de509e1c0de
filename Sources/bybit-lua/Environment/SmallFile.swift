#if canImport(Glibc)
import Glibc
#endif

/// Reads a small text file (a config, a PEM key) whole, refusing anything larger
/// than `limit` bytes; nil when it cannot be opened or is too large.
func readSmallFile(_ path: String, limit: Int = 1 << 20) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0..<n]
        if bytes.count > limit { return nil }
    }
    return String(decoding: bytes, as: UTF8.self)
}
