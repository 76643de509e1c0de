#ifndef BL_SHIM_H
#define BL_SHIM_H
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#endif
