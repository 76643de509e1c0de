import BybitWire

extension QueryString {
    /// The parameters of a GET's raw query string; a malformed or duplicated parameter is
    /// a 10001 naming it.
    static func parse(_ raw: Substring) throws(PaperAPIError) -> [String: String] {
        do { return try decode(raw) } catch { throw .params(error.message) }
    }
}
