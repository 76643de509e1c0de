import CLua
import CLuaShim

/// Creates the named, locked metatable a userdata type uses: `metamethods` as
/// fields, `methods` behind `__index`, `__metatable` set to the name so scripts can
/// neither read nor replace it. `.direct` functions get the metatable as their
/// upvalue 1. `extra` may add fields (e.g. `__gc`) with the metatable on top.
/// Returns the metatable's address, which type checks compare against.
func makeUserdataMetatable(
    _ L: OpaquePointer, name: String,
    methods: [(String, LuaFunction)], metamethods: [(String, LuaFunction)],
    extra: (OpaquePointer) -> Void = { _ in }
) -> UnsafeRawPointer {
    precondition(luaL_newmetatable(L, name) != 0, "userdata type \(name) registered twice")
    let mt = lua_gettop(L)
    func push(_ fn: LuaFunction) {
        if case .direct(let f) = fn {
            lua_pushvalue(L, mt)
            bl_pushdirect(L, f, 1)
        } else {
            LuaStack.push(L, function: fn)
        }
    }
    for (key, fn) in metamethods {
        push(fn)
        LuaCall(L).setField(-2, key)
    }
    extra(L)
    lua_createtable(L, 0, Int32(methods.count))
    for (key, fn) in methods {
        push(fn)
        LuaCall(L).setField(-2, key)
    }
    LuaCall(L).setField(-2, "__index")
    LuaStack.push(L, string: name)
    LuaCall(L).setField(-2, "__metatable")
    let address = lua_topointer(L, -1)!
    bl_pop(L, 1)
    return address
}
