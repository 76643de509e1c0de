/// A failure reported by Lua: a syntax error, a runtime error, or a run the host
/// stopped (limit, interrupt, `os.exit`).
public struct LuaError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure ended the call.
    public enum Kind: Sendable, Equatable {
        case syntax
        case runtime
        case memory
        case errorInHandler
        case file
        case timeout
        case instructionLimit
        case interrupted
        /// SIGTERM: the script was stopped after any call in flight finished.
        case terminated
        /// `os.exit(code)`: not a failure of the script; the host exits with `code`.
        case exit(Int32)
    }

    public let kind: Kind
    /// The message as lua.c prints it (with the traceback for runtime errors).
    public let message: String
    /// A snapshot of the error object when it was not a string (e.g. a table with
    /// `kind`, `code`, `message`), so hosts can branch on it.
    public let object: LuaValue?

    public init(kind: Kind, message: String, object: LuaValue? = nil) {
        self.kind = kind
        self.message = message
        self.object = object
    }

    public var description: String { message }
}
