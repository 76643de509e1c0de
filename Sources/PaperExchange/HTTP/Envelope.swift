/// Bybit's response envelope: `retCode`, `retMsg`, `result`, `retExtInfo`, `time`.
enum Envelope {
    /// A success envelope around `result`.
    static func success(_ result: JSONNode, timeMs: Int64) -> JSONNode {
        .object([
            ("retCode", 0), ("retMsg", "OK"), ("result", result),
            ("retExtInfo", .object([])), ("time", .int(timeMs)),
        ])
    }

    /// An error envelope; `result` is `{}` as on Bybit.
    static func failure(_ error: PaperAPIError, timeMs: Int64) -> JSONNode {
        .object([
            ("retCode", .int(error.retCode)), ("retMsg", .string(error.retMsg)), ("result", .object([])),
            ("retExtInfo", .object([])), ("time", .int(timeMs)),
        ])
    }
}
