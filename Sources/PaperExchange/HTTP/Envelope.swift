import BybitWire

extension Envelope {
    /// An error envelope for `error`; `result` is `{}` as on Bybit, unless the error
    /// carries one.
    static func failure(_ error: PaperAPIError, timeMs: Int64) -> JSONNode {
        guard let result = error.result else {
            return failure(retCode: error.retCode, retMsg: error.retMsg, timeMs: timeMs)
        }
        return .object([
            ("retCode", .int(error.retCode)), ("retMsg", .string(error.retMsg)), ("result", result),
            ("retExtInfo", .object([(String, JSONNode)]())), ("time", .int(timeMs)),
        ])
    }
}
