/* XML Schema (XSD) validation through libxml2. Plain C types only: this header includes no
   libxml2 header, so Swift code that imports Foundation can import it (see ../shared/STYLE.md). */
#ifndef ROSTER_CXML_SCHEMA_H
#define ROSTER_CXML_SCHEMA_H

#include <stddef.h>

/* An opaque handle to a compiled schema. */
typedef struct cxml_schema cxml_schema;

/* Result codes of the functions below. */
enum {
    CXML_SCHEMA_OK = 0,             /* the document is valid (or the schema loaded) */
    CXML_SCHEMA_INVALID = 1,        /* the document parsed but does not satisfy the schema */
    CXML_SCHEMA_BAD_SCHEMA = -1,    /* the schema file could not be read, parsed or compiled */
    CXML_SCHEMA_BAD_DOCUMENT = -2,  /* the document could not be read or is not well-formed */
    CXML_SCHEMA_NO_MEMORY = -3      /* an allocation failed */
};

/* Loads and compiles the XSD at `xsd_path` (parsed with XML_PARSE_NONET, no entity
   substitution). On failure returns NULL, stores a result code in `*status` and writes the
   messages ("line N: message", one per line, NUL-terminated, truncated to fit) into `errbuf`. */
cxml_schema *cxml_schema_load(const char *xsd_path, char *errbuf, size_t errbuf_len, int *status);

/* Frees a schema returned by cxml_schema_load. NULL is ignored. */
void cxml_schema_free(cxml_schema *schema);

/* Validates the XML file at `xml_path` against `schema` (parsed with XML_PARSE_NONET, no entity
   substitution, no DTD loading). Returns CXML_SCHEMA_OK, CXML_SCHEMA_INVALID or
   CXML_SCHEMA_BAD_DOCUMENT; stores the number of messages in `*error_count` and writes them
   ("line N: message", one per line, NUL-terminated, truncated to fit) into `errbuf`. */
int cxml_schema_validate_file(const cxml_schema *schema, const char *xml_path, char *errbuf,
                              size_t errbuf_len, int *error_count);

#endif
