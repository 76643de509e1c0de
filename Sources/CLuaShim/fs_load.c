/*
** fs_load.c — loading chunks from files and finding modules through the one check:
** loadfile, dofile and the package.path searcher read through bl_fs_loadfile, and
** package.searchpath reports only files the check lets a script read (it is no probe
** of the rest of the filesystem). Text only, as everywhere (mode "t").
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fs_internal.h"

/* lauxlib.c's reader state and reader. */
typedef struct bl_LoadF {
  int n;
  FILE *f;
  char buff[BUFSIZ];
} bl_LoadF;

static const char *bl_getF(lua_State *L, void *ud, size_t *size) {
  bl_LoadF *lf = (bl_LoadF *)ud;
  (void)L;
  if (lf->n > 0) {
    *size = (size_t)lf->n;
    lf->n = 0;
  } else {
    if (feof(lf->f)) return NULL;
    *size = fread(lf->buff, 1, sizeof(lf->buff), lf->f);
  }
  return lf->buff;
}

/* A UTF-8 BOM and a first line starting with '#' are skipped, as luaL_loadfilex does. */
static int bl_skipcomment(FILE *f, int *cp) {
  int c = getc(f);
  if (c == 0xEF && getc(f) == 0xBB && getc(f) == 0xBF) c = getc(f);
  *cp = c;
  if (c != '#') return 0;
  do {
    c = getc(f);
  } while (c != EOF && c != '\n');
  *cp = getc(f);
  return 1;
}

int bl_fs_loadfile(lua_State *L, const char *fn, const char *filename) {
  if (filename == NULL) return luaL_loadfilex(L, NULL, "t"); /* standard input */
  lua_pushfstring(L, "@%s", filename);
  int name = lua_gettop(L);
  const char *why;
  int fd = bl_fs_open(L, fn, filename, O_RDONLY, &why);
  if (fd < 0) {
    if (why == NULL) { /* not a denial: Lua's own wording */
      int e = errno;
      lua_pop(L, 1);
      lua_pushfstring(L, "cannot open %s: %s", filename, strerror(e));
    }
    lua_remove(L, name);
    return LUA_ERRFILE;
  }
  bl_LoadF lf;
  lf.f = fdopen(fd, "r");
  if (lf.f == NULL) {
    int e = errno;
    close(fd);
    lua_pushfstring(L, "cannot open %s: %s", filename, strerror(e));
    lua_remove(L, name);
    return LUA_ERRFILE;
  }
  lf.n = 0;
  int c;
  if (bl_skipcomment(lf.f, &c)) lf.buff[lf.n++] = '\n'; /* keeps line numbers right */
  if (c != EOF) lf.buff[lf.n++] = (char)c;
  int status = lua_load(L, bl_getF, &lf, lua_tostring(L, name), "t");
  int readerror = ferror(lf.f);
  fclose(lf.f);
  if (readerror) {
    lua_settop(L, name - 1);
    lua_pushfstring(L, "cannot read %s", filename);
    return LUA_ERRFILE;
  }
  lua_remove(L, name);
  return status;
}

/* Appends "\n\tno file 'candidate'" (with the reason when it is not simply missing) to
** the message at index msg. `why`: a denial's reason, NULL when the open failed. */
static void bl_fs_not_found(lua_State *L, int msg, const char *candidate, const char *why,
                            int err) {
  const char *reason = why;
  size_t len = why ? strlen(why) : 0;
  if (why != NULL && why[0] == '(') {
    reason++;
    len -= 2;
  } /* "(protected file)" */
  const char *hint = why != NULL ? strstr(why, " (use --") : NULL;
  if (hint != NULL) len = (size_t)(hint - why); /* the flag is named once, by io.open */
  if (why == NULL && err != ENOENT && err != ENOTDIR) {
    reason = strerror(err);
    len = strlen(reason);
  }
  lua_pushvalue(L, msg);
  lua_pushfstring(L, "%sno file '%s'", lua_rawlen(L, msg) ? "\n\t" : "", candidate);
  if (reason != NULL) {
    lua_pushliteral(L, " (");
    lua_pushlstring(L, reason, len);
    lua_pushliteral(L, ")");
    lua_concat(L, 5);
  } else {
    lua_concat(L, 2);
  }
  lua_replace(L, msg);
}

/* package.searchpath(name, path [, sep [, rep]]) */
int bl_fs_searchpath(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *path = luaL_checkstring(L, 2);
  const char *sep = luaL_optstring(L, 3, ".");
  const char *rep = luaL_optstring(L, 4, LUA_DIRSEP);
  if (*sep != '\0' && strchr(name, *sep) != NULL) name = luaL_gsub(L, name, sep, rep);
  lua_pushliteral(L, "");
  int msg = lua_gettop(L);
  for (const char *p = path; *p != '\0';) {
    size_t len = strcspn(p, LUA_PATH_SEP);
    if (len > 0) {
      lua_pushlstring(L, p, len);
      const char *candidate = luaL_gsub(L, lua_tostring(L, -1), LUA_PATH_MARK, name);
      const char *why;
      int fd = bl_fs_open(L, "package.searchpath", candidate, O_RDONLY, &why);
      if (fd >= 0) {
        close(fd);
        return 1; /* the candidate is on top */
      }
      int err = errno;
      lua_pop(L, 1); /* the open's message */
      bl_fs_not_found(L, msg, candidate, why, err);
      lua_pop(L, 2); /* template, candidate */
    }
    p += len;
    if (*p != '\0') p++;
  }
  luaL_pushfail(L);
  lua_insert(L, -2);
  return 2;
}
