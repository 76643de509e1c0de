#include "bl_shim.h"
