#ifndef ROSTER_CZIP_SHIM_H
#define ROSTER_CZIP_SHIM_H
#include <zip.h>
/* zlib: the XLSX writer deflates sheet data on its own thread, ahead of packaging. */
#include <zlib.h>
#endif
