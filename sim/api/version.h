/*
 * version.h - the library's version (sim/api/version.c). nc_version() is public: it is
 * declared, with NC_API, in include/nascost.h, which this header brings in; the header exists
 * for the tree's rule of one header per .c.
 */
#ifndef NC_API_VERSION_H
#define NC_API_VERSION_H

#include "nascost.h"

#endif
