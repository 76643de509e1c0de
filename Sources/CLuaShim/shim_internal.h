/*
** shim_internal.h — what the shim's C files share and Swift never calls.
** (Not under include/, so it is not part of the module Swift imports.)
*/
#ifndef BL_SHIM_INTERNAL_H
#define BL_SHIM_INTERNAL_H

#include "bl_host.h"

/* call.c: the trampoline of a direct Swift function (upvalue 1: the function), for
** C closures with the same upvalues that hand a call over to Swift (decimal.c). */
int bl_direct_trampoline(lua_State *L);
/* call.c: what the trampoline does after the Swift function returned n. */
int bl_direct_finish(lua_State *L, bl_Host *h, int n, int prev_enforce);

/* limits.c: the hook that enforces the limits and keeps a kill sticky. */
void bl_hook(lua_State *L, lua_Debug *ar);

#endif
