/// Parses a raw query string the way Bybit's gateway reads GET parameters.
///
/// The raw string is what gets signed; this only extracts values. A key given twice is
/// refused rather than silently picking one, because the signer and the handler could
/// otherwise disagree about which value was meant.
enum QueryString {
    static func parse(_ raw: Substring) throws(PaperAPIError) -> [String: String] {
        var params: [String: String] = [:]
        for piece in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecode(parts[0]), !key.isEmpty else {
                throw .params("malformed query parameter '\(piece)'")
            }
            guard let value = parts.count > 1 ? percentDecode(parts[1]) : "" else {
                throw .params("malformed percent-encoding in query parameter '\(key)'")
            }
            guard params.updateValue(value, forKey: key) == nil else {
                throw .params("duplicated query parameter '\(key)'")
            }
        }
        return params
    }

    /// `%XX` and `+` decoding; nil for a broken escape or bytes that are not UTF-8.
    static func percentDecode(_ s: Substring) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            switch b {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let h = it.next(), let l = it.next(), let hv = hexValue(h), let lv = hexValue(l) else { return nil }
                out.append(hv << 4 | lv)
            default: out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
