#include "cxml_bridge.h"
#include <libxml/xmlversion.h>
#include <libxml/parser.h>

int cxml_libxml_version(void) { return LIBXML_VERSION; }
