/*
** fs_open.c — opening a checked path so that what is opened is what was checked, and
** installing the policy (fs_policy.c has the check itself).
**
** The resolved path holds no symlink, so openat2 with RESOLVE_NO_SYMLINKS refuses any
** link swapped into it after the check (and /proc "magic links" never resolve). Where
** openat2 is missing (older kernels, seccomp filters) the last component is opened with
** O_NOFOLLOW and the file's device and inode must be the ones checked. Either way the
** opened file is checked again through its descriptor: a regular file, not on /proc or
** /sys, not protected. O_TRUNC is applied only after that.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/vfs.h>
#endif
#include "fs_internal.h"

/* open(2) of a resolved path, refusing symlinks anywhere in it where the kernel can. */
static int bl_fs_open_nolinks(const char *resolved, int flags, mode_t mode) {
  flags |= O_CLOEXEC | O_NOFOLLOW;
#if defined(__linux__) && defined(SYS_openat2)
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = (unsigned long long)flags;
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd = (int)syscall(SYS_openat2, AT_FDCWD, resolved, &how, sizeof how);
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return fd; /* EPERM: seccomp */
#endif
  return open(resolved, flags, mode);
}

int bl_fs_open_dir(const char *dir) {
#ifdef O_PATH
  return bl_fs_open_nolinks(dir, O_PATH | O_DIRECTORY, 0);
#else
  return bl_fs_open_nolinks(dir, O_RDONLY | O_DIRECTORY, 0);
#endif
}

/* Why the file behind `fd` may not be used, or NULL. */
static const char *bl_fs_recheck(lua_State *L, int fd, const bl_FsTarget *t) {
  struct stat st;
  if (fstat(fd, &st) != 0) return "(it cannot be inspected)";
  if (!S_ISREG(st.st_mode)) return "(not a regular file)";
  if (t->have_st && (st.st_dev != t->st.st_dev || st.st_ino != t->st.st_ino))
    return "(the file changed after the check)";
#ifdef __linux__
  struct statfs fs;
  if (fstatfs(fd, &fs) != 0 || fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC)
    return "(/proc and /sys are never available to scripts)";
#endif
  if (bl_fs_protected(L, t->resolved, &st, 0)) return "(protected file)";
  return NULL;
}

int bl_fs_open(lua_State *L, const char *fn, const char *path, int flags, const char **why) {
  int write = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) != 0;
  int access = write ? BL_FS_WRITE : BL_FS_READ;
  bl_FsTarget t;
  *why = NULL;
  if (!bl_fs_check(L, fn, path, access, 0, &t)) {
    *why = t.why;
    return -1;
  }
  int fd = bl_fs_open_nolinks(t.resolved, (flags & ~O_TRUNC) | O_NONBLOCK, 0666);
  if (fd < 0) {
    int e = errno;
    if (e == ELOOP) {
      bl_fs_deny(L, fn, path, access, &t,
                 "(a symbolic link is not followed once the path is checked)");
      *why = t.why;
    } else {
      lua_pushfstring(L, "%s: %s", path, strerror(e));
    }
    errno = e == ELOOP ? EACCES : e;
    return -1;
  }
  const char *refusal = bl_fs_recheck(L, fd, &t);
  if (refusal != NULL) {
    close(fd);
    bl_fs_deny(L, fn, path, access, &t, refusal);
    *why = t.why;
    return -1;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl != -1) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  if ((flags & O_TRUNC) && ftruncate(fd, 0) != 0) {
    int e = errno;
    close(fd);
    lua_pushfstring(L, "%s: %s", path, strerror(e));
    errno = e;
    return -1;
  }
  return fd;
}

/* Argument 1: { read = {...}, write = {...}, protect = {...} }. Roots are resolved now
** (one that does not resolve is dropped); protected paths at every check, since the
** files they name may be created later (the audit log). */
static int bl_fs_install_impl(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_createtable(L, 0, 3);
  for (int k = 0; k < 2; k++) {
    const char *key = k == 0 ? "read" : "write";
    lua_newtable(L);
    lua_getfield(L, 1, key);
    lua_Integer n = lua_istable(L, -1) ? luaL_len(L, -1) : 0, out = 0;
    for (lua_Integer i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      const char *dir = lua_tostring(L, -1);
      char resolved[PATH_MAX];
      if (dir != NULL && realpath(dir, resolved) != NULL) {
        lua_pushstring(L, resolved);
        lua_rawseti(L, -4, ++out);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_setfield(L, -2, key);
  }
  lua_getfield(L, 1, "protect");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
  }
  lua_setfield(L, -2, "protect");
  lua_setfield(L, LUA_REGISTRYINDEX, BL_FS_KEY);
  return 0;
}

int bl_fs_install(lua_State *L) { return bl_protect(L, bl_fs_install_impl, 1, 0); }
