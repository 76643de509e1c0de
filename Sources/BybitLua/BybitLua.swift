/// The Lua bindings for Bybit (issue 5). This file only anchors the module until the
/// bindings land.
enum BybitLuaModule {}
