enum LuaKitModule {}
