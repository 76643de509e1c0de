/*
** fs_lib.c — the io and os functions that take a file name, each going through the one
** check (fs_policy.c) and opening the file itself (fs_open.c): io.open, io.lines,
** io.input, io.output, os.remove, os.rename. The handles are ordinary Lua file handles
** (luaL_Stream with the "FILE*" metatable), so every file method works on them.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fs_internal.h"

/* nil, message (on top), errno: the way io.open reports a failure. */
static int bl_fs_fail(lua_State *L, int err) {
  luaL_pushfail(L);
  lua_insert(L, -2);
  lua_pushinteger(L, err);
  return 3;
}

static int bl_fs_fclose(lua_State *L) {
  luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int ok = fclose(p->f) == 0;
  return luaL_fileresult(L, ok, NULL);
}

/* Open flags of an io.open mode ("r", "w", "a", optional "+", then only "b"); -1 if invalid. */
static int bl_fs_mode_flags(const char *mode) {
  int flags;
  switch (mode[0]) {
    case 'r': flags = O_RDONLY; break;
    case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
    case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
    default: return -1;
  }
  const char *m = mode + 1;
  if (*m == '+') {
    flags = (flags & ~O_ACCMODE) | O_RDWR;
    m++;
  }
  return strspn(m, "b") == strlen(m) ? flags : -1;
}

/* Pushes a file handle for `path` opened with `mode`; 0 with the message on top on failure. */
static int bl_fs_push_handle(lua_State *L, const char *fn, const char *path, const char *mode,
                             int *err) {
  int flags = bl_fs_mode_flags(mode);
  luaL_Stream *p = (luaL_Stream *)lua_newuserdatauv(L, sizeof(luaL_Stream), 0);
  p->closef = NULL; /* "closed" until the file is open: nothing for __gc to do */
  luaL_setmetatable(L, LUA_FILEHANDLE);
  const char *why;
  int fd = bl_fs_open(L, fn, path, flags, &why);
  if (fd < 0) {
    *err = errno;
    lua_remove(L, -2);
    return 0;
  }
  char fmode[4] = {mode[0], mode[1] == '+' ? '+' : '\0', '\0', '\0'};
  p->f = fdopen(fd, fmode);
  if (p->f == NULL) {
    *err = errno;
    close(fd);
    lua_pop(L, 1);
    lua_pushfstring(L, "%s: %s", path, strerror(*err));
    return 0;
  }
  p->closef = bl_fs_fclose;
  return 1;
}

/* io.open(filename [, mode]) */
static int bl_fs_io_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  luaL_argcheck(L, bl_fs_mode_flags(mode) != -1, 2, "invalid mode");
  int err;
  return bl_fs_push_handle(L, "io.open", path, mode, &err) ? 1 : bl_fs_fail(L, err);
}

/* The iterator of io.lines(filename): upvalue 1 the handle's own lines iterator,
** upvalue 2 the handle, closed at the end of the file as io.lines does. */
static int bl_fs_lines_next(lua_State *L) {
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_call(L, 0, LUA_MULTRET);
  if (lua_isnil(L, 1)) {
    luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, lua_upvalueindex(2), LUA_FILEHANDLE);
    if (p->closef != NULL) {
      lua_getfield(L, lua_upvalueindex(2), "close");
      lua_pushvalue(L, lua_upvalueindex(2));
      lua_call(L, 1, 0);
    }
  }
  return lua_gettop(L);
}

/* io.lines([filename, ...]); upvalue 1: the original (default input). */
static int bl_fs_io_lines(lua_State *L) {
  if (lua_isnoneornil(L, 1)) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
  }
  const char *path = luaL_checkstring(L, 1);
  int err;
  if (!bl_fs_push_handle(L, "io.lines", path, "r", &err))
    return luaL_error(L, "%s", lua_tostring(L, -1));
  lua_replace(L, 1); /* the handle, then the formats */
  lua_getfield(L, 1, "lines");
  lua_insert(L, 2);
  lua_pushvalue(L, 1);
  lua_insert(L, 3);
  lua_call(L, lua_gettop(L) - 2, 1); /* handle:lines(...) */
  lua_pushvalue(L, 1);
  lua_pushcclosure(L, bl_fs_lines_next, 2);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, 1); /* to-be-closed by a generic for */
  return 4;
}

/* io.input([file]) / io.output([file]): upvalue 1 the original, upvalue 2 the mode. */
static int bl_fs_io_default(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) {
    const char *mode = lua_tostring(L, lua_upvalueindex(2));
    const char *fn = mode[0] == 'r' ? "io.input" : "io.output";
    int err;
    if (!bl_fs_push_handle(L, fn, lua_tostring(L, 1), mode, &err))
      return luaL_error(L, "%s", lua_tostring(L, -1));
    lua_replace(L, 1);
  }
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 1, 1);
  return 1;
}

/* Splits a resolved path into an O_PATH descriptor of its directory and its last name. */
static int bl_fs_split(const char *resolved, char base[NAME_MAX + 1]) {
  char dir[PATH_MAX];
  strcpy(dir, resolved);
  char *slash = strrchr(dir, '/');
  strcpy(base, slash + 1);
  if (slash == dir)
    dir[1] = '\0';
  else
    *slash = '\0';
  return bl_fs_open_dir(dir);
}

/* os.remove(filename): the entry itself (a link, not its target); files and empty directories. */
static int bl_fs_os_remove(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  bl_FsTarget t;
  if (!bl_fs_check(L, "os.remove", path, BL_FS_WRITE, 1, &t)) return bl_fs_fail(L, errno);
  char base[NAME_MAX + 1];
  int dfd = bl_fs_split(t.resolved, base);
  int ok = dfd >= 0 && (unlinkat(dfd, base, 0) == 0 ||
                        (errno == EISDIR && unlinkat(dfd, base, AT_REMOVEDIR) == 0));
  int e = errno;
  if (dfd >= 0) close(dfd);
  errno = e;
  return luaL_fileresult(L, ok, path);
}

/* os.rename(from, to): both entries need write access. */
static int bl_fs_os_rename(lua_State *L) {
  const char *from = luaL_checkstring(L, 1), *to = luaL_checkstring(L, 2);
  bl_FsTarget a, b;
  if (!bl_fs_check(L, "os.rename", from, BL_FS_WRITE, 1, &a)) return bl_fs_fail(L, errno);
  if (!bl_fs_check(L, "os.rename", to, BL_FS_WRITE, 1, &b)) return bl_fs_fail(L, errno);
  char na[NAME_MAX + 1], nb[NAME_MAX + 1];
  int da = bl_fs_split(a.resolved, na), db = bl_fs_split(b.resolved, nb);
  int ok = da >= 0 && db >= 0 && renameat(da, na, db, nb) == 0;
  int e = errno;
  if (da >= 0) close(da);
  if (db >= 0) close(db);
  errno = e;
  return luaL_fileresult(L, ok, NULL);
}

static void bl_fs_set(lua_State *L, const char *lib, const char *field, lua_CFunction f, int wrap,
                      const char *mode) {
  if (lua_getglobal(L, lib) != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  if (wrap) lua_getfield(L, -1, field);
  if (mode) lua_pushstring(L, mode);
  lua_pushcclosure(L, f, (wrap ? 1 : 0) + (mode ? 1 : 0));
  lua_setfield(L, -2, field);
  lua_pop(L, 1);
}

/* loadfile([filename [, mode [, env]]]): text only, through the check. */
static int bl_fs_loadfile_lua(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  int env = !lua_isnone(L, 3) ? 3 : 0;
  if (bl_fs_loadfile(L, "loadfile", fname) != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (env != 0) {
    lua_pushvalue(L, env);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

static int bl_fs_dofile_cont(lua_State *L, int d1, lua_KContext d2) {
  (void)d1;
  (void)d2;
  return lua_gettop(L) - 1;
}

/* dofile([filename]): text only, through the check. */
static int bl_fs_dofile_lua(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  lua_settop(L, 1);
  if (bl_fs_loadfile(L, "dofile", fname) != LUA_OK) return lua_error(L);
  lua_callk(L, 0, LUA_MULTRET, 0, bl_fs_dofile_cont);
  return bl_fs_dofile_cont(L, 0, 0);
}

void bl_fs_libs(lua_State *L) {
  bl_fs_set(L, "io", "open", bl_fs_io_open, 0, NULL);
  bl_fs_set(L, "io", "lines", bl_fs_io_lines, 1, NULL);
  bl_fs_set(L, "io", "input", bl_fs_io_default, 1, "r");
  bl_fs_set(L, "io", "output", bl_fs_io_default, 1, "w");
  bl_fs_set(L, "os", "remove", bl_fs_os_remove, 0, NULL);
  bl_fs_set(L, "os", "rename", bl_fs_os_rename, 0, NULL);
  bl_fs_set(L, "package", "searchpath", bl_fs_searchpath, 0, NULL);
  lua_pushcfunction(L, bl_fs_loadfile_lua);
  lua_setglobal(L, "loadfile");
  lua_pushcfunction(L, bl_fs_dofile_lua);
  lua_setglobal(L, "dofile");
}
