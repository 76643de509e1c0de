extension QueryString {
    /// Why a raw query string cannot be read.
    public struct Failure: Error, Sendable, Equatable {
        /// What was wrong, naming the parameter.
        public let message: String
    }

    /// The parameters of a raw query string. A key given twice is refused rather than
    /// silently picking one, because the signer and the reader could otherwise disagree
    /// about which value was meant.
    public static func decode(_ raw: Substring) throws(Failure) -> [String: String] {
        var params: [String: String] = [:]
        for piece in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecode(parts[0]), !key.isEmpty else {
                throw Failure(message: "malformed query parameter '\(piece)'")
            }
            guard let value = parts.count > 1 ? percentDecode(parts[1]) : "" else {
                throw Failure(message: "malformed percent-encoding in query parameter '\(key)'")
            }
            guard params.updateValue(value, forKey: key) == nil else {
                throw Failure(message: "duplicated query parameter '\(key)'")
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
                guard let h = it.next(), let l = it.next(), let hv = hexValue(h), let lv = hexValue(l) else {
                    return nil
                }
                out.append(hv << 4 | lv)
            default: out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
