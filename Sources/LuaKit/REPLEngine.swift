import CLua
import CLuaShim

/// lua.c's read-eval-print algorithm, without a terminal: feed it lines, it says
/// whether it needs more input and what to print. The terminal front end (line
/// editing, history, signals) lives in the runner.
///
/// Results go to the global `_PRINT` when it is a function (the runner sets the
/// pretty printer there), else to the global `print`, as in lua.c.
///
/// For each input: first try `return <line>;` so expressions print; if that does
/// not compile, compile the line as a statement; while the syntax error ends in
/// `<eof>` the input is incomplete and further lines are appended.
public final class REPLEngine {
    /// What happened to a line.
    public enum Outcome: Equatable {
        /// The input is incomplete: prompt with `continuationPrompt` and feed more.
        case needsMore
        /// The input ran; `results` values were printed through the global `print`.
        case ran(results: Int32)
        /// A syntax or runtime error, with lua.c's message (no program name).
        case failed(LuaError.Kind, String)
    }

    public let state: LuaState
    private var pending: [String] = []
    /// What the complete input was, for history (expression form when it printed).
    public private(set) var lastInput: String?

    public init(state: LuaState) { self.state = state }

    /// `_PROMPT` or "> " (tostring'd, as lua.c does).
    public var prompt: String { promptGlobal("_PROMPT", default: "> ") }
    /// `_PROMPT2` or ">> ".
    public var continuationPrompt: String { promptGlobal("_PROMPT2", default: ">> ") }
    /// Whether a multi-line input is under way.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Drops a partial multi-line input (Ctrl-C at the prompt).
    public func cancelInput() { pending.removeAll() }

    /// Feeds one line (without its newline).
    public func feed(_ line: String) -> Outcome {
        let L = state.L
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        var text = line
        if pending.isEmpty, text.hasPrefix("=") { text = "return " + text.dropFirst() }  // 5.2 compat
        pending.append(text)
        let source = pending.joined(separator: "\n")
        if pending.count == 1, (try? state.load("return " + source + ";", chunkName: "=stdin")) != nil {
            lastInput = source
        } else {
            do {
                try state.load(source, chunkName: "=stdin")
                lastInput = source
            } catch {
                if error.kind == .syntax, error.message.hasSuffix("<eof>") { return .needsMore }
                pending.removeAll()
                lastInput = source
                return .failed(error.kind, error.message)
            }
        }
        pending.removeAll()
        state.resetAfterStop()
        do {
            try state.callInterruptibly(arguments: 0, results: LUA_MULTRET)
        } catch {
            return .failed(error.kind, error.message)
        }
        let n = lua_gettop(L) - base
        if n > 0 {
            // `_PRINT`, when a script or the host sets it (a pretty printer), else `print`,
            // looked up inside the call: `_G` may have an `__index` that raises.
            bl_pushcfunction(L, bl_print_results)
            lua_rotate(L, base + 1, 1)
            do {
                // Printing a huge table is code too: Ctrl-C stops it like any other.
                try state.callInterruptibly(arguments: n, results: 0)
            } catch {
                return .failed(error.kind, "error calling 'print' (\(error.message))")
            }
        }
        return .ran(results: n)
    }

    private func promptGlobal(_ name: String, default value: String) -> String {
        switch state.global(name) {
        case .nil: return value
        case .string(let b): return String(decoding: b, as: UTF8.self)
        case let other: return other.description
        }
    }
}
