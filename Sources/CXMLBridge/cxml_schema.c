/* XML Schema validation with libxml2's validator. See include/cxml_schema.h. */
#include "cxml_schema.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cxml_schema {
    xmlSchemaPtr schema;
};

/* Collects messages into the caller's buffer, one per line. */
typedef struct {
    char *buf;
    size_t cap;
    size_t len;
    int count;
} cxml_schema_sink;

static pthread_once_t cxml_schema_once = PTHREAD_ONCE_INIT;
static void cxml_schema_init(void) { xmlInitParser(); }

static void cxml_schema_sink_init(cxml_schema_sink *sink, char *buf, size_t cap) {
    sink->buf = buf;
    sink->cap = cap;
    sink->len = 0;
    sink->count = 0;
    if (buf != NULL && cap > 0) buf[0] = '\0';
}

static void cxml_schema_sink_add(cxml_schema_sink *sink, int line, const char *message) {
    sink->count += 1;
    if (sink->buf == NULL || sink->cap == 0 || sink->len + 1 >= sink->cap) return;
    char text[1024];
    const char *m = message != NULL ? message : "unknown error";
    int n = line > 0 ? snprintf(text, sizeof text, "line %d: %s", line, m)
                     : snprintf(text, sizeof text, "%s", m);
    if (n < 0) return;
    size_t tlen = strlen(text);
    /* libxml2 messages end with a newline; keep exactly one. */
    while (tlen > 0 && (text[tlen - 1] == '\n' || text[tlen - 1] == '\r')) text[--tlen] = '\0';
    size_t room = sink->cap - sink->len - 1;
    if (sink->len > 0) {
        if (room == 0) return;
        sink->buf[sink->len++] = '\n';
        room -= 1;
    }
    if (tlen > room) tlen = room;
    memcpy(sink->buf + sink->len, text, tlen);
    sink->len += tlen;
    sink->buf[sink->len] = '\0';
}

static void cxml_schema_structured_error(void *ctx, xmlErrorPtr error) {
    if (error == NULL) return;
    cxml_schema_sink_add((cxml_schema_sink *)ctx, error->line, error->message);
}

/* Parses a file without network access, entity substitution or DTD loading; reports the
   parser's error into the sink instead of stderr. */
static xmlDocPtr cxml_schema_read(const char *path, cxml_schema_sink *sink) {
    /* Open the file first, so that a missing file is reported here rather than printed by
       libxml2's I/O layer on stderr. */
    FILE *probe = fopen(path, "rb");
    if (probe == NULL) {
        char text[512];
        snprintf(text, sizeof text, "cannot open the file: %s", strerror(errno));
        cxml_schema_sink_add(sink, 0, text);
        return NULL;
    }
    fclose(probe);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) return NULL;
    xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || !ctxt->wellFormed) {
        xmlErrorPtr err = xmlCtxtGetLastError(ctxt);
        if (err != NULL && err->message != NULL) {
            cxml_schema_sink_add(sink, err->line, err->message);
        } else {
            cxml_schema_sink_add(sink, 0, "cannot read the file or it is not well-formed XML");
        }
        if (doc != NULL) xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

cxml_schema *cxml_schema_load(const char *xsd_path, char *errbuf, size_t errbuf_len, int *status) {
    pthread_once(&cxml_schema_once, cxml_schema_init);
    cxml_schema_sink sink;
    cxml_schema_sink_init(&sink, errbuf, errbuf_len);
    if (status != NULL) *status = CXML_SCHEMA_BAD_SCHEMA;
    if (xsd_path == NULL) return NULL;

    xmlDocPtr doc = cxml_schema_read(xsd_path, &sink);
    if (doc == NULL) return NULL;
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(doc);
    if (pctxt == NULL) {
        xmlFreeDoc(doc);
        if (status != NULL) *status = CXML_SCHEMA_NO_MEMORY;
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pctxt, cxml_schema_structured_error, &sink);
    xmlSchemaPtr schema = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    xmlFreeDoc(doc);
    if (schema == NULL) {
        if (sink.count == 0) cxml_schema_sink_add(&sink, 0, "the file is not a usable XML schema");
        return NULL;
    }
    cxml_schema *handle = malloc(sizeof *handle);
    if (handle == NULL) {
        xmlSchemaFree(schema);
        if (status != NULL) *status = CXML_SCHEMA_NO_MEMORY;
        return NULL;
    }
    handle->schema = schema;
    if (status != NULL) *status = CXML_SCHEMA_OK;
    return handle;
}

void cxml_schema_free(cxml_schema *schema) {
    if (schema == NULL) return;
    xmlSchemaFree(schema->schema);
    free(schema);
}

int cxml_schema_validate_file(const cxml_schema *schema, const char *xml_path, char *errbuf,
                              size_t errbuf_len, int *error_count) {
    pthread_once(&cxml_schema_once, cxml_schema_init);
    cxml_schema_sink sink;
    cxml_schema_sink_init(&sink, errbuf, errbuf_len);
    if (error_count != NULL) *error_count = 0;
    if (schema == NULL || xml_path == NULL) return CXML_SCHEMA_BAD_DOCUMENT;

    xmlDocPtr doc = cxml_schema_read(xml_path, &sink);
    if (doc == NULL) {
        if (error_count != NULL) *error_count = sink.count;
        return CXML_SCHEMA_BAD_DOCUMENT;
    }
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema->schema);
    if (vctxt == NULL) {
        xmlFreeDoc(doc);
        return CXML_SCHEMA_NO_MEMORY;
    }
    xmlSchemaSetValidStructuredErrors(vctxt, cxml_schema_structured_error, &sink);
    int rc = xmlSchemaValidateDoc(vctxt, doc);
    xmlSchemaFreeValidCtxt(vctxt);
    xmlFreeDoc(doc);
    if (error_count != NULL) *error_count = sink.count;
    if (rc == 0) return CXML_SCHEMA_OK;
    if (rc > 0) {
        if (sink.count == 0) {
            cxml_schema_sink_add(&sink, 0, "the document does not satisfy the schema");
            if (error_count != NULL) *error_count = sink.count;
        }
        return CXML_SCHEMA_INVALID;
    }
    if (sink.count == 0) cxml_schema_sink_add(&sink, 0, "internal error of the schema validator");
    if (error_count != NULL) *error_count = sink.count;
    return CXML_SCHEMA_INVALID;
}
