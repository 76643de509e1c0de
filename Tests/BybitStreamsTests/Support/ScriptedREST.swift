import BybitWire
import Foundation
import Hummingbird
import NIOCore

/// The REST reads a hub makes at start and after a reconnect, answered from the state.
enum ScriptedREST {
    static func router(_ state: ScriptedState) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v5/position/list") { request, _ -> Response in
            let category = request.uri.queryParameters["category"].map(String.init) ?? ""
            let settle = request.uri.queryParameters["settleCoin"].map(String.init)
            state.record { $0.restReads["position", default: 0] += 1 }
            let rows = state.positions.filter {
                $0["category"]?.stringValue == category
                    && (settle == nil || ($0["symbol"]?.stringValue ?? "").hasSuffix(settle!))
            }
            return envelope(.object([("category", .string(category)), ("list", .array(rows)), ("nextPageCursor", "")]))
        }
        router.get("/v5/market/time") { _, _ -> Response in
            state.record { $0.restReads["time", default: 0] += 1 }
            let nanos = Int64(Date().timeIntervalSince1970 * 1e9)
            return envelope(
                .object([("timeSecond", .string(String(nanos / 1_000_000_000))), ("timeNano", .string(String(nanos)))]))
        }
        router.get("/v5/account/wallet-balance") { _, _ -> Response in
            state.record { $0.restReads["wallet", default: 0] += 1 }
            return envelope(.object([("list", .array(state.wallet))]))
        }
        return router
    }

    static func envelope(_ result: JSONValue) -> Response {
        let body = JSONValue.object([
            ("retCode", .int(0)), ("retMsg", .string("OK")), ("result", result), ("retExtInfo", .object([])),
            ("time", .int(1)),
        ])
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body.serialized)))
    }
}
