import CLuaShim

/// The C fast paths of the Decimal metamethods (CLuaShim's bl_decimal.h), for the
/// module that installs them. The C side reads and writes the userdata `LuaValueType`
/// writes: the type's tag word (handed over in ``bind(_:metatable:tag:)``), then the
/// value in CExactDecimal's layout, which ExactDecimal stores as is.
public enum DecimalFastPaths {
    /// The metamethods with a C fast path.
    public enum Event: CaseIterable {
        case add, sub, mul, unm, eq, lt, le

        var raw: Int32 {
            switch self {
            case .add: Int32(BL_DECIMAL_ADD.rawValue)
            case .sub: Int32(BL_DECIMAL_SUB.rawValue)
            case .mul: Int32(BL_DECIMAL_MUL.rawValue)
            case .unm: Int32(BL_DECIMAL_UNM.rawValue)
            case .eq: Int32(BL_DECIMAL_EQ.rawValue)
            case .lt: Int32(BL_DECIMAL_LT.rawValue)
            case .le: Int32(BL_DECIMAL_LE.rawValue)
            }
        }
    }

    /// The userdata size the C side reads and writes (tag word + value); a
    /// `LuaValueType` whose value has another size is never taken by the fast paths.
    public static var userdataSize: Int { bl_decimal_udata_size() }

    /// `[-0, +0, m]` Binds the state's fast paths to the Decimal type, before any is
    /// installed: they take only userdata that start with `tag` (the type's
    /// ``LuaValueType/tag``), and reach the metatable (at `metatable`) in the userdata
    /// header when this liblua lays it out as Lua 5.4 does. Returns false when they keep
    /// the API calls for the metatable instead.
    @discardableResult
    public static func bind(_ L: OpaquePointer, metatable: Int32, tag: UInt64) -> Bool {
        bl_decimal_bind(L, metatable, tag) != 0
    }

    /// `[-0, +0, m]` Sets metamethod `event` of the metatable at `metatable` to the C
    /// fast path, which hands every case it does not handle to `fallback`.
    public static func setMetamethod(
        _ L: OpaquePointer, metatable: Int32, _ event: Event, fallback: LuaDirectFunction
    ) {
        bl_decimal_setmetamethod(L, metatable, event.raw, fallback)
    }

    /// `[-0, +0, -]` Lets the allocator reuse freed blocks of a decimal userdata's size.
    public static func cacheBlocks(_ L: OpaquePointer) {
        bl_alloc_cache(L, bl_decimal_udata_size())
    }
}
