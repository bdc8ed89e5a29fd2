#ifndef ROSTER_CZIP_SHIM_H
#define ROSTER_CZIP_SHIM_H
#include <zip.h>
#endif
