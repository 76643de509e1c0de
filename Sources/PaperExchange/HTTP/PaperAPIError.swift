import BybitAPI
public import HTTPTypes

/// A refusal the paper exchange answers with, in Bybit's terms.
///
/// Business errors travel as HTTP 200 with a non-zero `retCode` (that is what Bybit does
/// and what every client checks); only transport-level refusals (unknown path, oversized
/// body) change the HTTP status.
public struct PaperAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bybit's `retCode`.
    public let retCode: Int
    /// Bybit's `retMsg`, saying what was wrong.
    public let retMsg: String
    /// The HTTP status carrying the envelope.
    public let httpStatus: HTTPResponse.Status
    /// The envelope's `result` when Bybit sends one with the error (set-margin-mode's
    /// `reasons`); nil: `{}`.
    var result: JSONValue? = nil

    /// An error with the given code and message, HTTP 200 unless stated.
    public init(_ retCode: Int, _ retMsg: String, httpStatus: HTTPResponse.Status = .ok) {
        self.retCode = retCode
        self.retMsg = retMsg
        self.httpStatus = httpStatus
    }

    /// `retCode N: message`.
    public var description: String { "retCode \(retCode): \(retMsg)" }

    /// 10001, request parameter error; the message names the parameter and the problem.
    public static func params(_ detail: String) -> PaperAPIError {
        .init(RetCode.paramsError, "params error: \(detail)")
    }
}

/// The `retCode` values the paper exchange answers with (reference §3).
enum RetCode {
    static let ok = 0
    static let paramsError = 10001
    static let timestampWindow = 10002
    static let invalidAPIKey = 10003
    static let badSignature = 10004
    static let tooManyVisits = 10006
    static let serverError = 10016
    static let routeNotFound = 10017
    static let liquidationTriggered = 110011
    static let insufficientForAddMargin = 110014
    static let crossMarginMode = 110015
    static let noOpenPosition = 110033
    static let autoAddOnlyIsolated = 110076
    static let reduceMoreThanMax = 110078
}

extension PaperAPIError {
    static func routeNotFound() -> PaperAPIError {
        .init(RetCode.routeNotFound, "Route not found.", httpStatus: .notFound)
    }
    static let tooManyVisits = PaperAPIError(RetCode.tooManyVisits, "Too many visits!")
    static let invalidAPIKey = PaperAPIError(RetCode.invalidAPIKey, "API key is invalid.")
    static let noOpenPosition = PaperAPIError(RetCode.noOpenPosition, "You can't set margin without an open position")
    static let crossMarginMode = PaperAPIError(RetCode.crossMarginMode, "The position is in cross margin mode.")
    static let insufficientForAddMargin = PaperAPIError(
        RetCode.insufficientForAddMargin, "Insufficient available balance to add additional margin.")
    static let reduceMoreThanMax = PaperAPIError(
        RetCode.reduceMoreThanMax, "Added margin more than max can reduce margin")
    static let liquidationTriggered = PaperAPIError(
        RetCode.liquidationTriggered, "Liquidation will be triggered immediately by this adjustment")
    static let autoAddOnlyIsolated = PaperAPIError(
        RetCode.autoAddOnlyIsolated, "Only isolated mode can set auto-add-margin")
    static let positionIdxMismatch = PaperAPIError(RetCode.paramsError, "position idx not match position mode")
    static let serverError = PaperAPIError(RetCode.serverError, "System error. Please try again later.")
}

extension PaperAPIError {
    /// 10016 for a computation that could not be done exactly (an overflow deep in the
    /// maths); the state is left unchanged because the mutation is abandoned.
    static func internalFailure(_ detail: String) -> PaperAPIError {
        .init(RetCode.serverError, "System error. Please try again later. (\(detail))")
    }
}

/// Runs exact-decimal arithmetic, turning an overflow into a clean 10016.
func arithmetic<T>(_ body: () throws(DecimalError) -> T) throws(PaperAPIError) -> T {
    do {
        return try body()
    } catch {
        throw PaperAPIError.internalFailure(error.message)
    }
}
