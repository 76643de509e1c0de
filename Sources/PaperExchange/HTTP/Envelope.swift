import BybitWire

extension Envelope {
    /// An error envelope for `error`; `result` is `{}` as on Bybit.
    static func failure(_ error: PaperAPIError, timeMs: Int64) -> JSONNode {
        failure(retCode: error.retCode, retMsg: error.retMsg, timeMs: timeMs)
    }
}
