import HTTPTypes
import Hummingbird
import NIOCore

/// Reading a POST body, for the `/v5/` routes and the `/paper/` controls alike: HTTP 413
/// beyond the cap, HTTP 400 for a body whose HTTP framing is broken (a bad chunk-size
/// line, a chunk cut short). Both carry retCode 10001, and neither is mistaken for the
/// other: a malformed body is not a large one.
enum RequestBody {
    /// The whole body, at most `max` bytes.
    static func read(_ request: Request, max: Int) async throws(PaperAPIError) -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > max {
            throw tooLarge(declared)
        }
        do {
            return Array(try await request.body.collect(upTo: max).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge(nil)
        } catch {
            // The HTTP parser's own words ("invalid character in chunk size header").
            throw PaperAPIError(
                RetCode.paramsError, "params error: malformed request body: \(error)", httpStatus: .badRequest)
        }
    }

    /// HTTP 413, retCode 10001.
    static func tooLarge(_ size: Int?) -> PaperAPIError {
        PaperAPIError(
            RetCode.paramsError, "params error: request body too large" + (size.map { " (\($0) bytes)" } ?? ""),
            httpStatus: .contentTooLarge)
    }
}
