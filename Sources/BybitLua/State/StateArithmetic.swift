import BybitAPI

/// `bybit.state.add`'s sum: integers stay integers (overflow is an error, never a wrap);
/// a decimal on either side makes an exact decimal.
enum StateArithmetic {
    /// `old + amount`, or why the stored value cannot be added to. `old` nil: a stored value
    /// that could not be read.
    static func sum(_ old: StateValue?, _ amount: StateValue, key: [UInt8]) -> Result<
        StateValue, ScriptStateStore.Failure
    > {
        let name = String(decoding: key, as: UTF8.self)
        switch (old, amount) {
        case (.integer(let a)?, .integer(let b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            if overflow { return .failure(.init(message: "'\(name)': \(a) + \(b) is past the integer range")) }
            return .success(.integer(sum))
        case (let stored?, _):
            guard let a = decimal(stored), let b = decimal(amount) else {
                return .failure(
                    .init(
                        message: "'\(name)' holds \(describe(stored)), not an integer or a decimal: nothing was added"))
            }
            do { return .success(.decimal(try a + b)) } catch {
                return .failure(.init(message: "'\(name)': \(a) + \(b): \(error.message)"))
            }
        case (nil, _):
            return .failure(.init(message: "the stored value of '\(name)' cannot be read: nothing was added"))
        }
    }

    private static func decimal(_ value: StateValue) -> ExactDecimal? {
        switch value {
        case .integer(let i): return ExactDecimal(Int(i))
        case .decimal(let d): return d
        default: return nil
        }
    }

    private static func describe(_ value: StateValue) -> String {
        switch value {
        case .boolean: return "a boolean"
        case .number: return "a float"
        case .string: return "a string"
        case .table: return "a table"
        case .integer: return "an integer"
        case .decimal: return "a decimal"
        }
    }
}
