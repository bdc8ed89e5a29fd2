/* Streaming SAX2 parsers for OOXML package parts (worksheets, shared strings, small parts).
   Untrusted input: XML_PARSE_NONET, never NOENT/DTDLOAD/HUGE, any DOCTYPE refused, nesting
   depth and text sizes bounded. */
#define _GNU_SOURCE
#include <pthread.h>
#include "cxml_sax.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { MODE_SHEET, MODE_SST, MODE_EVENT } parser_mode;

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} buf_t;

static int buf_reserve(buf_t *b, size_t extra) {
    if (b->len + extra <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) return 0;
    b->data = d;
    b->cap = cap;
    return 1;
}

static int buf_append(buf_t *b, const char *s, size_t n) {
    if (!buf_reserve(b, n + 1)) return 0;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 1;
}

struct cxml_parser {
    parser_mode mode;
    xmlParserCtxtPtr ctxt;
    cxml_limits limits;
    void *ctx;
    cxml_row_fn row_fn;
    cxml_merge_fn merge_fn;
    cxml_string_fn string_fn;
    cxml_start_fn start_fn;
    cxml_end_fn end_fn;
    cxml_text_fn text_fn;

    int status;
    char message[512];
    int64_t err_row, err_col;
    int depth;

    /* Sheet state. */
    int in_sheet_data;
    int in_row;
    int64_t row_num;
    int row_implicit;   /* the row had no r attribute: take it from the first cell reference */
    int64_t last_row;
    int in_cell;
    int32_t cell_col;
    int32_t cell_style;
    char cell_type;
    int32_t next_col;
    int capture;        /* 1 while inside <v>, or <t> of an inline string outside <rPh> */
    int cell_has_value;
    int is_depth;       /* >0 inside <is> */
    int rph_depth;      /* >0 inside <rPh> */
    buf_t value;
    buf_t row_bytes;
    cxml_cell *cells;
    size_t ncells, cells_cap;

    /* Shared strings state. */
    int in_si;

    /* Event scratch. */
    buf_t scratch;
    const char **names;
    const char **values;
    size_t attrs_cap;
};

/* The "C" numeric locale for strtod_l, made once for every thread (parsers run on several). */
static locale_t c_locale_value = (locale_t)0;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void c_locale_make(void) { c_locale_value = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0); }

static locale_t c_locale(void) {
    pthread_once(&c_locale_once, c_locale_make);
    return c_locale_value;
}

static void fail(cxml_parser *p, int status, const char *fmt, const char *arg) {
    if (p->status != CXML_OK) return;
    p->status = status;
    snprintf(p->message, sizeof p->message, fmt, arg ? arg : "");
    xmlStopParser(p->ctxt);
}

static int name_is(const xmlChar *a, const char *b) { return strcmp((const char *)a, b) == 0; }

/* Parses "AB12" ($ allowed). Returns 1 and sets col (0-based, may be -1 when absent) and row
   (0 when absent); 0 when malformed or beyond XFD1048576. */
static int parse_ref(const xmlChar *s, const xmlChar *end, int64_t *col, int64_t *row) {
    int64_t c = 0, r = 0;
    int letters = 0, digits = 0;
    for (; s < end; s++) {
        unsigned char u = *s;
        if (u == '$') continue;
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
            if (digits) return 0;
            c = c * 26 + ((u | 0x20) - 'a' + 1);
            letters++;
            if (c > 16384) return 0;
        } else if (u >= '0' && u <= '9') {
            r = r * 10 + (u - '0');
            digits++;
            if (r > 1048576) return 0;
        } else {
            return 0;
        }
    }
    if (digits && r < 1) return 0;
    if (!letters && !digits) return 0;
    *col = letters ? c - 1 : -1;
    *row = digits ? r : 0;
    return 1;
}

static int parse_int(const xmlChar *s, const xmlChar *end, int64_t *out) {
    int64_t v = 0;
    int any = 0;
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9') {
            if (*s == ' ' || *s == '\t') break;
            return 0;
        }
        v = v * 10 + (*s - '0');
        any = 1;
        if (v > 100000000000LL) return 0;
    }
    *out = v;
    return any;
}

size_t cxml_decode_escapes(char *b, size_t n) {
    size_t r = 0, w = 0;
    while (r < n) {
        if (b[r] == '_' && r + 6 < n && (b[r + 1] == 'x' || b[r + 1] == 'X') && b[r + 6] == '_') {
            unsigned v = 0;
            int ok = 1;
            for (int k = 2; k < 6; k++) {
                char c = b[r + k];
                v <<= 4;
                if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
                else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
                else { ok = 0; break; }
            }
            if (ok) {
                size_t consumed = 7;
                if (v >= 0xD800 && v <= 0xDBFF) {
                    /* A surrogate pair written as two escapes. */
                    unsigned lo = 0;
                    int ok2 = r + 13 < n && b[r + 7] == '_' && (b[r + 8] == 'x' || b[r + 8] == 'X') && b[r + 13] == '_';
                    for (int k = 9; ok2 && k < 13; k++) {
                        char c = b[r + k];
                        lo <<= 4;
                        if (c >= '0' && c <= '9') lo |= (unsigned)(c - '0');
                        else if (c >= 'a' && c <= 'f') lo |= (unsigned)(c - 'a' + 10);
                        else if (c >= 'A' && c <= 'F') lo |= (unsigned)(c - 'A' + 10);
                        else ok2 = 0;
                    }
                    if (ok2 && lo >= 0xDC00 && lo <= 0xDFFF) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                        consumed = 14;
                    } else {
                        v = 0xFFFD;
                    }
                } else if (v >= 0xDC00 && v <= 0xDFFF) {
                    v = 0xFFFD;
                }
                if (v < 0x80) {
                    b[w++] = (char)v;
                } else if (v < 0x800) {
                    b[w++] = (char)(0xC0 | (v >> 6));
                    b[w++] = (char)(0x80 | (v & 0x3F));
                } else if (v < 0x10000) {
                    b[w++] = (char)(0xE0 | (v >> 12));
                    b[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
                    b[w++] = (char)(0x80 | (v & 0x3F));
                } else {
                    b[w++] = (char)(0xF0 | (v >> 18));
                    b[w++] = (char)(0x80 | ((v >> 12) & 0x3F));
                    b[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
                    b[w++] = (char)(0x80 | (v & 0x3F));
                }
                r += consumed;
                continue;
            }
        }
        b[w++] = b[r++];
    }
    return w;
}

static int has_escape(const char *b, size_t n) {
    const char *e = b + n;
    for (const char *s = b; s + 6 < e; s++) {
        s = memchr(s, '_', (size_t)(e - s));
        if (!s || s + 6 >= e) return 0;
        if ((s[1] == 'x' || s[1] == 'X') && s[6] == '_') return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- SAX callbacks */

static void on_internal_subset(void *ud, const xmlChar *name, const xmlChar *eid, const xmlChar *sid) {
    (void)eid;
    (void)sid;
    cxml_parser *p = ud;
    fail(p, CXML_ERR_DOCTYPE, "the part declares a DOCTYPE (%s); entity declarations are refused",
         name ? (const char *)name : "");
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *pid, const xmlChar *sid,
                           xmlChar *content) {
    (void)type; (void)pid; (void)sid; (void)content;
    fail(ud, CXML_ERR_DOCTYPE, "the part declares an entity (%s); entity declarations are refused",
         (const char *)name);
}

static xmlEntityPtr on_get_entity(void *ud, const xmlChar *name) {
    (void)ud;
    return xmlGetPredefinedEntity(name);
}

static void on_reference(void *ud, const xmlChar *name) {
    fail(ud, CXML_ERR_DOCTYPE, "the part refers to an undeclared entity &%s;", (const char *)name);
}

static void on_structured_error(void *ud, xmlErrorPtr err) {
    (void)ud;
    (void)err; /* the first fatal error is read from the context after xmlParseChunk */
}

static void on_generic_error(void *ud, const char *msg, ...) {
    (void)ud;
    (void)msg;
}

static int enter(cxml_parser *p) {
    if (++p->depth > p->limits.max_depth) {
        char n[32];
        snprintf(n, sizeof n, "%d", p->limits.max_depth);
        fail(p, CXML_ERR_DEPTH, "elements nest deeper than %s levels", n);
        return 0;
    }
    return 1;
}

static void add_text(cxml_parser *p, buf_t *b, const xmlChar *ch, int len) {
    if (b->len + (size_t)len > p->limits.max_text) {
        char n[32];
        snprintf(n, sizeof n, "%zu", p->limits.max_text);
        fail(p, CXML_ERR_TEXT, "a text value is longer than %s bytes", n);
        return;
    }
    if (!buf_append(b, (const char *)ch, (size_t)len)) fail(p, CXML_ERR_MEMORY, "out of memory%s", "");
}

/* Sheet. */

static void sheet_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                        int nns, const xmlChar **ns, int nattrs, int ndef, const xmlChar **attrs) {
    (void)prefix; (void)uri; (void)nns; (void)ns; (void)ndef;
    cxml_parser *p = ud;
    if (p->status || !enter(p)) return;
    if (p->in_cell) {
        if (name_is(local, "v")) {
            p->capture = 1;
            p->cell_has_value = 1;
            p->value.len = 0;
        } else if (name_is(local, "is")) {
            p->is_depth = p->depth;
            p->cell_has_value = 1;
            p->value.len = 0;
        } else if (p->is_depth && name_is(local, "rPh")) {
            if (!p->rph_depth) p->rph_depth = p->depth;
        } else if (p->is_depth && !p->rph_depth && name_is(local, "t")) {
            p->capture = 2;
        }
        return;
    }
    if (p->in_row) {
        if (!name_is(local, "c")) return;
        p->in_cell = 1;
        p->cell_type = 'n';
        p->cell_style = -1;
        p->cell_col = p->next_col;
        p->cell_has_value = 0;
        p->capture = 0;
        p->is_depth = 0;
        p->rph_depth = 0;
        p->value.len = 0;
        for (int i = 0; i < nattrs; i++) {
            const xmlChar *an = attrs[i * 5];
            const xmlChar *vs = attrs[i * 5 + 3], *ve = attrs[i * 5 + 4];
            if (an[0] == 'r' && an[1] == 0) {
                int64_t c, r;
                if (!parse_ref(vs, ve, &c, &r) || c < 0 || r < 1) {
                    char tmp[64];
                    size_t n = (size_t)(ve - vs) < 40 ? (size_t)(ve - vs) : 40;
                    memcpy(tmp, vs, n);
                    tmp[n] = 0;
                    p->err_row = p->row_num;
                    p->err_col = -1;
                    fail(p, CXML_ERR_ADDRESS, "cell reference \"%s\" is malformed or beyond XFD1048576", tmp);
                    return;
                }
                p->cell_col = (int32_t)c;
                if (p->row_implicit) {
                    p->row_num = r;
                    p->row_implicit = 0;
                }
            } else if (an[0] == 't' && an[1] == 0) {
                size_t n = (size_t)(ve - vs);
                if (n == 1) p->cell_type = (char)vs[0];
                else if (n == 3 && memcmp(vs, "str", 3) == 0) p->cell_type = 'S';
                else if (n == 9 && memcmp(vs, "inlineStr", 9) == 0) p->cell_type = 'i';
                else p->cell_type = 'n';
                if (p->cell_type != 's' && p->cell_type != 'n' && p->cell_type != 'b' && p->cell_type != 'e' &&
                    p->cell_type != 'd' && p->cell_type != 'S' && p->cell_type != 'i')
                    p->cell_type = 'n';
            } else if (an[0] == 's' && an[1] == 0) {
                int64_t v;
                if (parse_int(vs, ve, &v) && v < 0x7fffffff) p->cell_style = (int32_t)v;
            }
        }
        if (p->cell_col > 16383) {
            p->err_row = p->row_num;
            p->err_col = -1;
            fail(p, CXML_ERR_ADDRESS, "a cell lies beyond column XFD%s", "");
        }
        p->next_col = p->cell_col + 1;
        return;
    }
    if (p->in_sheet_data) {
        if (!name_is(local, "row")) return;
        p->in_row = 1;
        p->row_num = p->last_row + 1;
        p->row_implicit = 1;
        p->next_col = 0;
        p->ncells = 0;
        p->row_bytes.len = 0;
        for (int i = 0; i < nattrs; i++) {
            const xmlChar *an = attrs[i * 5];
            if (an[0] == 'r' && an[1] == 0) {
                int64_t v;
                if (!parse_int(attrs[i * 5 + 3], attrs[i * 5 + 4], &v) || v < 1 || v > 1048576) {
                    char tmp[64];
                    size_t n = (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]);
                    if (n > 40) n = 40;
                    memcpy(tmp, attrs[i * 5 + 3], n);
                    tmp[n] = 0;
                    fail(p, CXML_ERR_ADDRESS, "row number \"%s\" is malformed or beyond row 1048576", tmp);
                    return;
                }
                p->row_num = v;
                p->row_implicit = 0;
            }
        }
        if (p->row_num > 1048576) {
            fail(p, CXML_ERR_ADDRESS, "a row lies beyond row 1048576%s", "");
        }
        return;
    }
    if (name_is(local, "sheetData")) {
        p->in_sheet_data = 1;
    } else if (name_is(local, "mergeCell") && p->merge_fn) {
        for (int i = 0; i < nattrs; i++) {
            if (name_is(attrs[i * 5], "ref")) {
                size_t n = (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]);
                if (n > 64) n = 64;
                char tmp[72];
                memcpy(tmp, attrs[i * 5 + 3], n);
                tmp[n] = 0;
                if (p->merge_fn(p->ctx, tmp)) fail(p, CXML_ERR_STOPPED, "stopped%s", "");
            }
        }
    }
}

static void finish_cell(cxml_parser *p) {
    if (!p->cell_has_value) return;
    char type = p->cell_type;
    size_t len = p->value.len;
    if (len == 0 && type != 'i' && type != 'S') return; /* <v/>: no value */
    if (p->ncells >= p->limits.max_cells) {
        p->err_row = p->row_num;
        p->err_col = p->cell_col;
        fail(p, CXML_ERR_CELLS, "a row holds more cells than the limit%s", "");
        return;
    }
    if (p->ncells == p->cells_cap) {
        size_t cap = p->cells_cap ? p->cells_cap * 2 : 32;
        cxml_cell *c = realloc(p->cells, cap * sizeof *c);
        if (!c) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
        p->cells = c;
        p->cells_cap = cap;
    }
    if (!buf_reserve(&p->value, 1)) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
    p->value.data[len] = 0;
    if ((type == 'i' || type == 'S') && has_escape(p->value.data, len)) {
        len = cxml_decode_escapes(p->value.data, len);
    }
    if (len == 0) return; /* an empty string is not a value */
    cxml_cell *c = &p->cells[p->ncells++];
    c->column = p->cell_col;
    c->style = p->cell_style;
    c->offset = (uint32_t)p->row_bytes.len;
    c->length = (uint32_t)len;
    c->type = type;
    c->is_number = 0;
    c->number = NAN;
    if (type == 's') {
        /* Shared-string indexes: plain digits, parsed without strtod. */
        const char *v = p->value.data;
        size_t k = 0;
        while (k < len && (v[k] == ' ' || v[k] == '\t' || v[k] == '\n' || v[k] == '\r')) k++;
        double idx = 0;
        size_t digits = 0;
        while (k < len && v[k] >= '0' && v[k] <= '9' && digits < 15) {
            idx = idx * 10 + (v[k] - '0');
            k++;
            digits++;
        }
        while (k < len && (v[k] == ' ' || v[k] == '\t' || v[k] == '\n' || v[k] == '\r')) k++;
        if (digits > 0 && k == len) {
            c->number = idx;
            c->is_number = 1;
        }
    } else if (type == 'n' || type == 'b') {
        char *end = NULL;
        double d = strtod_l(p->value.data, &end, c_locale());
        while (end && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')) end++;
        if (end && end != p->value.data && *end == 0) {
            c->number = d;
            c->is_number = 1;
        }
    }
    if (!buf_append(&p->row_bytes, p->value.data, len)) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
    p->row_bytes.data[p->row_bytes.len++] = 0;
}

static void sheet_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix; (void)uri;
    cxml_parser *p = ud;
    if (p->status) return;
    int d = p->depth--;
    if (p->in_cell) {
        if (p->capture == 1 && name_is(local, "v")) {
            p->capture = 0;
        } else if (p->capture == 2 && name_is(local, "t")) {
            p->capture = 0;
        } else if (p->rph_depth == d) {
            p->rph_depth = 0;
        } else if (p->is_depth == d) {
            p->is_depth = 0;
        } else if (name_is(local, "c")) {
            p->in_cell = 0;
            p->capture = 0;
            finish_cell(p);
        }
        return;
    }
    if (p->in_row) {
        if (name_is(local, "row")) {
            p->in_row = 0;
            p->last_row = p->row_num;
            if (p->ncells > 0 && p->row_fn) {
                if (!buf_reserve(&p->row_bytes, 1)) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
                if (p->row_fn(p->ctx, p->row_num, p->cells, p->ncells, p->row_bytes.data))
                    fail(p, CXML_ERR_STOPPED, "stopped%s", "");
            }
            p->ncells = 0;
            p->row_bytes.len = 0;
        }
        return;
    }
    if (p->in_sheet_data && name_is(local, "sheetData")) p->in_sheet_data = 0;
}

static void sheet_chars(void *ud, const xmlChar *ch, int len) {
    cxml_parser *p = ud;
    if (p->capture && !p->status) add_text(p, &p->value, ch, len);
}

/* Shared strings. */

static void sst_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                      const xmlChar **ns, int nattrs, int ndef, const xmlChar **attrs) {
    (void)prefix; (void)uri; (void)nns; (void)ns; (void)nattrs; (void)ndef; (void)attrs;
    cxml_parser *p = ud;
    if (p->status || !enter(p)) return;
    if (!p->in_si) {
        if (name_is(local, "si")) {
            p->in_si = p->depth;
            p->value.len = 0;
            p->rph_depth = 0;
            p->capture = 0;
        }
        return;
    }
    if (name_is(local, "rPh")) {
        if (!p->rph_depth) p->rph_depth = p->depth;
    } else if (!p->rph_depth && name_is(local, "t")) {
        p->capture = 1;
    }
}

static void sst_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix; (void)uri; (void)local;
    cxml_parser *p = ud;
    if (p->status) return;
    int d = p->depth--;
    if (!p->in_si) return;
    if (p->in_si == d) {
        p->in_si = 0;
        size_t len = p->value.len;
        if (!buf_reserve(&p->value, 1)) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
        p->value.data[len] = 0;
        if (has_escape(p->value.data, len)) len = cxml_decode_escapes(p->value.data, len);
        if (p->string_fn(p->ctx, p->value.data, len)) fail(p, CXML_ERR_STOPPED, "stopped%s", "");
        p->value.len = 0;
    } else if (p->rph_depth == d) {
        p->rph_depth = 0;
    } else if (p->capture && name_is(local, "t")) {
        p->capture = 0;
    }
}

/* Generic events. */

static void ev_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **ns, int nattrs, int ndef, const xmlChar **attrs) {
    (void)prefix; (void)uri; (void)nns; (void)ns; (void)ndef;
    cxml_parser *p = ud;
    if (p->status || !enter(p)) return;
    if ((size_t)nattrs > p->attrs_cap) {
        size_t cap = (size_t)nattrs + 8;
        const char **n = realloc(p->names, cap * sizeof *n);
        if (!n) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
        p->names = n;
        const char **v = realloc(p->values, cap * sizeof *v);
        if (!v) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
        p->values = v;
        p->attrs_cap = cap;
    }
    p->scratch.len = 0;
    size_t total = 0;
    for (int i = 0; i < nattrs; i++) total += (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]) + 1;
    if (!buf_reserve(&p->scratch, total + 1)) { fail(p, CXML_ERR_MEMORY, "out of memory%s", ""); return; }
    for (int i = 0; i < nattrs; i++) {
        const xmlChar *v = attrs[i * 5 + 3], *end = attrs[i * 5 + 4];
        p->values[i] = p->scratch.data + p->scratch.len;
        /* Without XML_PARSE_NOENT, libxml2 hands an `&` of an attribute value (`&amp;` or
           `&#38;` in the file) over as the five bytes `&#38;`, so that a later entity pass could
           tell it from a reference. There is no later pass here: turn each back into `&` (a
           literal "&#38;" in the value arrives as "&#38;#38;" and correctly becomes "&#38;"). */
        while (v < end) {
            if (*v == '&' && end - v >= 5 && memcmp(v, "&#38;", 5) == 0) {
                p->scratch.data[p->scratch.len++] = '&';
                v += 5;
            } else {
                p->scratch.data[p->scratch.len++] = (char)*v++;
            }
        }
        p->scratch.data[p->scratch.len++] = 0;
        p->names[i] = (const char *)attrs[i * 5];
    }
    if (p->start_fn(p->ctx, (const char *)local, (size_t)nattrs, p->names, p->values))
        fail(p, CXML_ERR_STOPPED, "stopped%s", "");
}

static void ev_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix; (void)uri;
    cxml_parser *p = ud;
    if (p->status) return;
    p->depth--;
    if (p->end_fn(p->ctx, (const char *)local)) fail(p, CXML_ERR_STOPPED, "stopped%s", "");
}

static void ev_chars(void *ud, const xmlChar *ch, int len) {
    cxml_parser *p = ud;
    if (p->status) return;
    if (p->text_fn(p->ctx, (const char *)ch, (size_t)len)) fail(p, CXML_ERR_STOPPED, "stopped%s", "");
}

static void sst_chars(void *ud, const xmlChar *ch, int len) {
    cxml_parser *p = ud;
    if (p->capture && !p->status) add_text(p, &p->value, ch, len);
}

/* ---------------------------------------------------------------- lifecycle */

/* libxml2 is set up once per process, whichever thread comes first (pthread_once: a plain
   flag checked by two reading threads at once was a data race). */
static pthread_once_t parser_once = PTHREAD_ONCE_INIT;
static void init_parser(void) { xmlInitParser(); }

static cxml_parser *make(parser_mode mode, cxml_limits limits, void *ctx) {
    pthread_once(&parser_once, init_parser);
    cxml_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->mode = mode;
    p->limits = limits;
    if (p->limits.max_depth <= 0) p->limits.max_depth = 256;
    if (p->limits.max_text == 0) p->limits.max_text = 1 << 20;
    if (p->limits.max_cells == 0) p->limits.max_cells = 16384;
    p->ctx = ctx;
    p->err_row = -1;
    p->err_col = -1;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.internalSubset = on_internal_subset;
    sax.externalSubset = on_internal_subset;
    sax.entityDecl = on_entity_decl;
    sax.getEntity = on_get_entity;
    sax.getParameterEntity = on_get_entity;
    sax.reference = on_reference;
    sax.serror = on_structured_error;
    sax.error = on_generic_error;
    sax.warning = on_generic_error;
    sax.fatalError = on_generic_error;
    switch (mode) {
    case MODE_SHEET:
        sax.startElementNs = sheet_start;
        sax.endElementNs = sheet_end;
        sax.characters = sheet_chars;
        sax.cdataBlock = sheet_chars;
        break;
    case MODE_SST:
        sax.startElementNs = sst_start;
        sax.endElementNs = sst_end;
        sax.characters = sst_chars;
        sax.cdataBlock = sst_chars;
        break;
    case MODE_EVENT:
        sax.startElementNs = ev_start;
        sax.endElementNs = ev_end;
        sax.characters = ev_chars;
        sax.cdataBlock = ev_chars;
        break;
    }
    p->ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, NULL);
    if (!p->ctxt) {
        free(p);
        return NULL;
    }
    xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    return p;
}

cxml_parser *cxml_sheet_parser_new(cxml_limits limits, void *ctx, cxml_row_fn row, cxml_merge_fn merge) {
    cxml_parser *p = make(MODE_SHEET, limits, ctx);
    if (p) {
        p->row_fn = row;
        p->merge_fn = merge;
    }
    return p;
}

cxml_parser *cxml_sst_parser_new(cxml_limits limits, void *ctx, cxml_string_fn string) {
    cxml_parser *p = make(MODE_SST, limits, ctx);
    if (p) p->string_fn = string;
    return p;
}

cxml_parser *cxml_event_parser_new(cxml_limits limits, void *ctx, cxml_start_fn start, cxml_end_fn end,
                                   cxml_text_fn text) {
    cxml_parser *p = make(MODE_EVENT, limits, ctx);
    if (p) {
        p->start_fn = start;
        p->end_fn = end;
        p->text_fn = text;
    }
    return p;
}

int cxml_parser_feed(cxml_parser *p, const char *data, size_t length, int final) {
    if (p->status) return p->status;
    while (length > 0 || final) {
        int n = length > (1u << 30) ? (1 << 30) : (int)length;
        int rc = xmlParseChunk(p->ctxt, data, n, (final && (size_t)n == length) ? 1 : 0);
        data += n;
        length -= (size_t)n;
        if (p->status) return p->status;
        if (rc != 0 || !p->ctxt->wellFormed) {
            const xmlError *e = xmlCtxtGetLastError(p->ctxt);
            char msg[400];
            if (e && e->message) {
                size_t m = strlen(e->message);
                while (m > 0 && (e->message[m - 1] == '\n' || e->message[m - 1] == ' ')) m--;
                if (m > 300) m = 300;
                char tmp[320];
                memcpy(tmp, e->message, m);
                tmp[m] = 0;
                snprintf(msg, sizeof msg, "%s (line %d)", tmp, e->line);
            } else {
                snprintf(msg, sizeof msg, "error %d", rc);
            }
            if (e && e->message && strstr(e->message, "Excessive depth")) {
                fail(p, CXML_ERR_DEPTH, "elements nest too deeply: %s", msg);
                return p->status;
            }
            fail(p, CXML_ERR_XML, "not well-formed XML: %s", msg);
            return p->status;
        }
        if (length == 0) break;
    }
    return p->status;
}

int cxml_parser_status(const cxml_parser *p) { return p->status; }
const char *cxml_parser_message(const cxml_parser *p) { return p->message; }
int64_t cxml_parser_error_row(const cxml_parser *p) { return p->err_row; }
int64_t cxml_parser_error_column(const cxml_parser *p) { return p->err_col; }

void cxml_parser_free(cxml_parser *p) {
    if (!p) return;
    if (p->ctxt) {
        xmlFreeParserCtxt(p->ctxt);
    }
    free(p->value.data);
    free(p->row_bytes.data);
    free(p->cells);
    free(p->scratch.data);
    free(p->names);
    free(p->values);
    free(p);
}
