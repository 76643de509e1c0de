import CLua
import CLuaShim

/// A Lua value that Swift keeps alive: a reference in the registry (`luaL_ref`),
/// released when this object goes away.
public final class LuaRef {
    private weak var state: LuaState?
    /// The registry slot.
    public let ref: Int32

    /// `[-1, +0, m]` Pops the value on top of `state`'s stack and keeps it.
    public init(popping state: LuaState) {
        self.state = state
        self.ref = luaL_ref(state.L, bl_registryindex())
    }

    /// `[-0, +1, -]` Pushes the kept value onto `L` (any thread of the same state).
    public func push(_ L: OpaquePointer) {
        lua_rawgeti(L, bl_registryindex(), lua_Integer(ref))
    }

    deinit {
        // After the state is gone (lua_close) there is nothing to release.
        if let state { luaL_unref(state.L, bl_registryindex(), ref) }
    }
}
