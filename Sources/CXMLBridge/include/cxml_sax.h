/* Streaming SAX2 parsers over untrusted OOXML package parts, fed chunk by chunk.
   Plain C types only: no libxml2 header is included here (see cxml_bridge.h). */
#ifndef ROSTER_CXML_SAX_H
#define ROSTER_CXML_SAX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An opaque push parser. */
typedef struct cxml_parser cxml_parser;

/* Status codes. */
enum {
    CXML_OK = 0,
    CXML_ERR_XML = 1,      /* not well-formed XML (message says where) */
    CXML_ERR_DOCTYPE = 2,  /* a DOCTYPE declaration: refused in package parts */
    CXML_ERR_DEPTH = 3,    /* element nesting beyond the limit */
    CXML_ERR_TEXT = 4,     /* a text value beyond the limit */
    CXML_ERR_CELLS = 5,    /* too many cells in one row */
    CXML_ERR_ADDRESS = 6,  /* a cell or row reference that is malformed or beyond XFD1048576 */
    CXML_ERR_STOPPED = 7,  /* a callback asked to stop */
    CXML_ERR_MEMORY = 8
};

/* Resource limits of one parser. */
typedef struct {
    int max_depth;
    size_t max_text;
    size_t max_cells;
} cxml_limits;

/* One cell of a worksheet row, as stored. */
typedef struct {
    int32_t column;   /* 0-based */
    int32_t style;    /* the s attribute, -1 when absent */
    uint32_t offset;  /* value text: bytes + offset, NUL-terminated */
    uint32_t length;
    double number;    /* the value parsed as a number (NaN when not numeric) */
    char type;        /* 'n' number, 's' shared string, 'b', 'e', 'S' str formula, 'i' inline, 'd' ISO date */
    uint8_t is_number;/* 1 when `number` holds the whole text parsed */
    uint8_t reserved[2];
} cxml_cell;

/* Called once per completed row that has at least one cell with a value. Return 0 to go on. */
typedef int (*cxml_row_fn)(void *ctx, int64_t row, const cxml_cell *cells, size_t count, const char *bytes);
/* Called for each <mergeCell ref="…">. Return 0 to go on. */
typedef int (*cxml_merge_fn)(void *ctx, const char *ref);
/* Called for each shared string <si> (runs joined, phonetic runs left out, _xHHHH_ decoded). */
typedef int (*cxml_string_fn)(void *ctx, const char *bytes, size_t length);
/* Generic events for small parts: element start with attributes (local names, NUL-terminated values). */
typedef int (*cxml_start_fn)(void *ctx, const char *local, size_t nattrs, const char *const *names,
                             const char *const *values);
typedef int (*cxml_end_fn)(void *ctx, const char *local);
typedef int (*cxml_text_fn)(void *ctx, const char *bytes, size_t length);

/* A worksheet parser: rows of cells, merged ranges. */
cxml_parser *cxml_sheet_parser_new(cxml_limits limits, void *ctx, cxml_row_fn row, cxml_merge_fn merge);
/* A shared-strings parser. */
cxml_parser *cxml_sst_parser_new(cxml_limits limits, void *ctx, cxml_string_fn string);
/* A generic event parser (workbook, relationships, styles). Text is reported in pieces. */
cxml_parser *cxml_event_parser_new(cxml_limits limits, void *ctx, cxml_start_fn start, cxml_end_fn end,
                                   cxml_text_fn text);

/* Feeds a chunk (final = 1 for the last, possibly empty, chunk). Returns a CXML_ status. */
int cxml_parser_feed(cxml_parser *p, const char *data, size_t length, int final);
/* The status so far. */
int cxml_parser_status(const cxml_parser *p);
/* A one-line description of the failure ("" when none). */
const char *cxml_parser_message(const cxml_parser *p);
/* Row (1-based) and column (0-based) where a sheet failure happened, -1 when unknown. */
int64_t cxml_parser_error_row(const cxml_parser *p);
int64_t cxml_parser_error_column(const cxml_parser *p);
/* Frees the parser. */
void cxml_parser_free(cxml_parser *p);

/* Decodes Excel's _xHHHH_ escapes in place; returns the new length. */
size_t cxml_decode_escapes(char *bytes, size_t length);

#ifdef __cplusplus
}
#endif
#endif
