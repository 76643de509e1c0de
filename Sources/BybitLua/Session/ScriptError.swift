import BybitAPI
import LuaKit

/// The structured error every bybit function raises: a table with `kind`, `code`
/// (Bybit's retCode when there is one), `message` and `endpoint` (plus `position`
/// after an `outcome_unknown`, and `request` for guard and audit refusals), whose
/// `tostring` is one clear line. Scripts branch on `err.kind` and `err.code`.
struct ScriptError: LuaErrorObject {
    /// `api`, `network`, `timeout`, `outcome_unknown`, `rate_limited`, `guard`, `audit`
    /// (the intent line could not be written, so nothing was sent), `validation`,
    /// `decoding`, `http`. The audit log's `outcome` uses the same words.
    let kind: String
    let code: Int?
    let message: String
    let endpoint: String
    /// Extra fields pushed by the caller (e.g. the re-read position).
    var extra: [(String, (LuaCall) -> Void)] = []

    init(kind: String, code: Int? = nil, message: String, endpoint: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.endpoint = endpoint
    }

    init(_ e: BybitError) {
        self.init(kind: e.kind, code: e.code, message: e.message, endpoint: e.endpoint)
    }

    static let metatableKey = "bybit-lua.BybitError"

    /// `bybit: api error 110033 on /v5/position/add-margin: You can't set margin without an open position`
    static let toStringSource = """
        local e = ...
        local s = "bybit: " .. tostring(e.kind):gsub("_", " ") .. " error"
        if e.code ~= nil then s = s .. " " .. tostring(e.code) end
        if e.endpoint ~= nil and e.endpoint ~= "" then s = s .. " on " .. e.endpoint end
        return s .. ": " .. tostring(e.message)
        """

    /// Creates the shared metatable (once per state), from Swift so that no
    /// sandbox profile can stop it.
    static func installMetatable(in state: LuaState) throws(LuaError) {
        let L = state.L
        let top = state.top
        defer { state.setTop(top) }
        LuaCall(L).newTable(record: 3)
        LuaCall(L).push("BybitError")
        LuaCall(L).setField(-2, "__name")
        LuaCall(L).push("BybitError")
        LuaCall(L).setField(-2, "__metatable")
        try state.load(toStringSource, chunkName: "=bybit error")
        LuaCall(L).setField(-2, "__tostring")
        LuaCall(L).setRegistryField(metatableKey)
    }

    func pushErrorObject(_ call: LuaCall) {
        RunMetrics.current?.error(kind: kind)
        call.newTable(record: 6)
        call.push(kind)
        call.setField(-2, "kind")
        if let code {
            call.push(Int64(code))
            call.setField(-2, "code")
        }
        call.push(message)
        call.setField(-2, "message")
        call.push(endpoint)
        call.setField(-2, "endpoint")
        for (name, pushValue) in extra {
            pushValue(call)
            call.setField(-2, name)
        }
        call.pushRegistryField(Self.metatableKey)
        call.setMetatable(-2)
    }
}
