/* The libxml2 bridge. Every libxml2 call of the project lives in this C target; this public
   header includes no libxml2 header (opaque handles and plain C types only), so Swift code that
   imports Foundation can import it. See ../shared/STYLE.md. */
#ifndef ROSTER_CXML_BRIDGE_H
#define ROSTER_CXML_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

/* Returns the libxml2 version the bridge was linked with, e.g. 20914. */
int cxml_libxml_version(void);

#endif
