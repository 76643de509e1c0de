/// Thrown by a Swift function to report a bad argument. The trampoline raises it as
/// Lua's own `bad argument #n to 'name' (message)`.
public struct LuaArgumentError: Error, CustomStringConvertible, Sendable {
    /// 1-based argument position (for methods, `self` is 1; Lua adjusts the number).
    public let position: Int32
    public let message: String

    public init(_ position: Int32, _ message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "bad argument #\(position) (\(message))" }
}

/// An error that knows how to push itself as a Lua error object (e.g. a table with
/// fields and a `__tostring`). Thrown from a Swift function, it is raised as is.
public protocol LuaErrorObject: Error {
    /// Pushes exactly one value: the error object.
    func pushErrorObject(_ call: LuaCall)
}
