/*
** fs_policy.c — the one check every file a script names goes through (deny by default).
**
** A path is resolved first (symlinks, "..", /proc/self/fd/N and /dev/fd/N all end at the
** file they name), then judged, then opened so that a link swapped in after the check is
** not followed (openat2 with RESOLVE_NO_SYMLINKS; O_NOFOLLOW and an inode comparison
** where openat2 is missing), and the opened file is checked again by fstat:
**
**   1. /proc and /sys are never reachable: they expose the process's memory, its
**      descriptors and the parent's environment.
**   2. Protected paths (the config file, key files, the audit log, the state directory)
**      are never reachable, by any spelling: compared by resolved path (a directory
**      protects everything under it) and by device and inode (hard links).
**   3. Reads need a readable or writable root above the file, writes a writable one.
**   4. Only regular files open: no devices, FIFOs or directories.
**
** The policy is a registry table (bl_fs_install): { read = {dirs}, write = {dirs},
** protect = {paths} }, roots resolved once when installed. No table: nothing is allowed.
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "bl_host.h"
#include "fs_internal.h"

/* Whether `path` equals `root` or lies below it (both resolved). */
static int bl_fs_under(const char *path, const char *root) {
  size_t n = strlen(root);
  if (n == 1 && root[0] == '/') return 1;
  return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A tail left after the resolved part may hold no "." or ".." component. */
static int bl_fs_plain_tail(const char *tail) {
  for (const char *c = tail; *c != '\0';) {
    size_t n = strcspn(c, "/");
    if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) return 0;
    c += n;
    while (*c == '/') c++;
  }
  return 1;
}

/* realpath, or for a path that does not exist yet: its longest existing ancestor,
** resolved, with the rest appended. -1 and errno when neither works. */
int bl_fs_resolve(const char *path, char out[PATH_MAX], int *exists) {
  *exists = 0;
  if (path[0] == '\0') {
    errno = ENOENT;
    return -1;
  }
  if (realpath(path, out) != NULL) {
    *exists = 1;
    return 0;
  }
  if (errno != ENOENT && errno != ENOTDIR) return -1;
  char abs[PATH_MAX];
  if (path[0] == '/') {
    if (strlen(path) >= sizeof abs) {
      errno = ENAMETOOLONG;
      return -1;
    }
    strcpy(abs, path);
  } else {
    if (getcwd(abs, sizeof abs) == NULL) return -1;
    size_t n = strlen(abs);
    if (n + 1 + strlen(path) >= sizeof abs) {
      errno = ENAMETOOLONG;
      return -1;
    }
    abs[n] = '/';
    strcpy(abs + n + 1, path);
  }
  size_t split = strlen(abs);
  while (split > 1 && abs[split - 1] == '/') abs[--split] = '\0';
  while (split > 0) {
    char *slash = memrchr(abs, '/', split);
    if (slash == NULL) break;
    split = (size_t)(slash - abs);
    char prefix[PATH_MAX], resolved[PATH_MAX];
    memcpy(prefix, abs, split);
    prefix[split] = '\0';
    if (split == 0) strcpy(prefix, "/");
    if (realpath(prefix, resolved) != NULL) {
      const char *tail = abs + split + 1;
      if (!bl_fs_plain_tail(tail)) {
        errno = EACCES;
        return -1;
      }
      int len =
          snprintf(out, PATH_MAX, "%s%s%s", resolved, strcmp(resolved, "/") == 0 ? "" : "/", tail);
      if (len < 0 || len >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
      }
      return 0;
    }
    if (errno != ENOENT && errno != ENOTDIR) return -1;
  }
  errno = ENOENT;
  return -1;
}

/* The directory part of a resolved path ("/" for "/x"). */
static void bl_fs_parent(const char *resolved, char out[PATH_MAX]) {
  strcpy(out, resolved);
  char *slash = strrchr(out, '/');
  if (slash == out)
    out[1] = '\0';
  else if (slash != NULL)
    *slash = '\0';
}

/* Whether `path` (resolved) is on procfs or sysfs; a missing file: its directory. */
static int bl_fs_pseudo(const char *resolved, int exists) {
#ifdef __linux__
  char dir[PATH_MAX];
  if (!exists) bl_fs_parent(resolved, dir);
  struct statfs fs;
  if (statfs(exists ? resolved : dir, &fs) != 0) return 0;
  return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC;
#else
  (void)exists;
  return strncmp(resolved, "/proc/", 6) == 0 || strncmp(resolved, "/sys/", 5) == 0;
#endif
}

/* Whether file `st` is the file `dir` holds directly (a hard link to a protected one). */
static int bl_fs_inside_by_inode(const char *dir, const struct stat *st) {
  DIR *d = opendir(dir);
  if (d == NULL) return 0;
  int found = 0, seen = 0;
  for (struct dirent *e = readdir(d); e != NULL && !found && seen < 256; e = readdir(d), seen++) {
    struct stat est;
    if (fstatat(dirfd(d), e->d_name, &est, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(est.st_mode))
      found = est.st_dev == st->st_dev && est.st_ino == st->st_ino;
  }
  closedir(d);
  return found;
}

/* Whether the policy's protected list covers `resolved` (file `st` when it exists).
** `ancestors`: a protected path below `resolved` counts too (remove, rename). */
int bl_fs_protected(lua_State *L, const char *resolved, const struct stat *st, int ancestors) {
  int found = 0;
  if (lua_getfield(L, LUA_REGISTRYINDEX, BL_FS_KEY) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  lua_getfield(L, -1, "protect");
  lua_Integer n = lua_istable(L, -1) ? luaL_len(L, -1) : 0;
  for (lua_Integer i = 1; i <= n && !found; i++) {
    lua_rawgeti(L, -1, i);
    const char *p = lua_tostring(L, -1);
    char pr[PATH_MAX];
    int pexists;
    if (p != NULL && bl_fs_resolve(p, pr, &pexists) == 0) {
      found = bl_fs_under(resolved, pr) || (ancestors && bl_fs_under(pr, resolved));
      struct stat pst;
      if (!found && st != NULL && pexists && stat(pr, &pst) == 0) {
        found = pst.st_dev == st->st_dev && pst.st_ino == st->st_ino;
        if (!found && S_ISDIR(pst.st_mode)) found = bl_fs_inside_by_inode(pr, st);
      }
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  return found;
}

/* Whether a root of list `key` ("read" or "write") holds `resolved`; `strict`: below it. */
static int bl_fs_in_roots(lua_State *L, const char *key, const char *resolved, int strict) {
  int found = 0;
  if (lua_getfield(L, LUA_REGISTRYINDEX, BL_FS_KEY) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  lua_getfield(L, -1, key);
  lua_Integer n = lua_istable(L, -1) ? luaL_len(L, -1) : 0;
  for (lua_Integer i = 1; i <= n && !found; i++) {
    lua_rawgeti(L, -1, i);
    const char *root = lua_tostring(L, -1);
    found = root != NULL && bl_fs_under(resolved, root) && !(strict && strcmp(resolved, root) == 0);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  return found;
}

int bl_fs_deny(lua_State *L, const char *fn, const char *path, int access, bl_FsTarget *t,
               const char *why) {
  t->why = why;
  lua_pushfstring(L, "%s: %s access to '%s' denied%s%s", fn,
                  access == BL_FS_WRITE ? "write" : "read", path, why[0] == '(' ? " " : ": ", why);
  errno = EACCES;
  return 0;
}

/* A directory entry itself (remove, rename): its directory resolved, the last component
** kept as it is, so a final symlink names the link and not its target. */
static int bl_fs_resolve_entry(const char *path, char out[PATH_MAX], int *exists) {
  char dir[PATH_MAX];
  size_t len = strlen(path);
  if (len == 0 || len >= sizeof dir) {
    errno = len ? ENAMETOOLONG : ENOENT;
    return -1;
  }
  strcpy(dir, path);
  while (len > 1 && dir[len - 1] == '/') dir[--len] = '\0';
  char *slash = strrchr(dir, '/');
  const char *base = slash ? slash + 1 : dir;
  if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(base, "/") == 0 ||
      *base == '\0') {
    errno = EACCES;
    return -1;
  }
  char name[NAME_MAX + 1];
  if (strlen(base) > NAME_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(name, base);
  char parent[PATH_MAX];
  int pexists;
  if (bl_fs_resolve(slash == NULL ? "." : (slash == dir ? "/" : (*slash = '\0', dir)), parent,
                    &pexists) != 0)
    return -1;
  int n = snprintf(out, PATH_MAX, "%s%s%s", parent, strcmp(parent, "/") == 0 ? "" : "/", name);
  if (n < 0 || n >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  struct stat st;
  *exists = lstat(out, &st) == 0;
  return 0;
}

int bl_fs_check(lua_State *L, const char *fn, const char *path, int access, int entry,
                bl_FsTarget *t) {
  t->why = NULL;
  t->have_st = 0;
  int r = entry ? bl_fs_resolve_entry(path, t->resolved, &t->exists)
                : bl_fs_resolve(path, t->resolved, &t->exists);
  if (r != 0) {
    if (errno == EACCES) return bl_fs_deny(L, fn, path, access, t, "(it cannot be resolved)");
    int e = errno;
    lua_pushfstring(L, "%s: %s", path, strerror(e));
    errno = e;
    return 0;
  }
  if (t->exists) t->have_st = (entry ? lstat(t->resolved, &t->st) : stat(t->resolved, &t->st)) == 0;
  if (bl_fs_pseudo(t->resolved, t->exists))
    return bl_fs_deny(L, fn, path, access, t, "(/proc and /sys are never available to scripts)");
  if (bl_fs_protected(L, t->resolved, t->have_st ? &t->st : NULL, entry))
    return bl_fs_deny(L, fn, path, access, t, "(protected file)");
  int ok = access == BL_FS_WRITE ? bl_fs_in_roots(L, "write", t->resolved, entry)
                                 : bl_fs_in_roots(L, "read", t->resolved, 0) ||
                                       bl_fs_in_roots(L, "write", t->resolved, 0);
  if (!ok)
    return bl_fs_deny(L, fn, path, access, t,
                      access == BL_FS_WRITE
                          ? "outside the writable directories (use --allow-write DIR)"
                          : "outside the allowed directories (use --allow-read DIR)");
  return 1;
}
