/* node_yaml.c - libyaml's document to an nc_node tree, with limits and readable errors (see
 * node_yaml.h). */
#include "load/node_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/file.h"
#include "base/names.h"
#include "base/text.h"
#include "base/text_check.h"

/* ---- from libyaml's document to nc_node ------------------------------------------------ */

/* What convert() knows of each libyaml node, to tell aliases (a node reached again) apart and
 * to stop alias loops. */
enum { NODE_UNSEEN = 0, NODE_SEEN, NODE_OPEN };

typedef struct convert_ctx {
    yaml_document_t *doc;
    const char *file;
    size_t count;             /* nodes made so far: bounds alias expansion */
    unsigned char *state;     /* per libyaml node: NODE_UNSEEN, NODE_SEEN or NODE_OPEN */
    const yaml_node_t *blame; /* the outermost node on the current path holding an alias */
    nc_error *err;
} convert_ctx;

static int convert(convert_ctx *cx, yaml_node_t *yn, const yaml_node_t *parent, int depth,
                   nc_node **out);

static int error_at_mark(nc_error *err, const char *file, yaml_mark_t mark, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int error_at_mark(nc_error *err, const char *file, yaml_mark_t mark, const char *fmt, ...)
{
    char msg[NC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nc_error_set(err, NC_EINPUT, "%s", msg);
    nc_error_at(err, file, (int)mark.line + 1, (int)mark.column + 1);
    return NC_EINPUT;
}

/*
 * Refuse documents that expand too far. A node met a second time was reached through an
 * alias (*name); when the expansion passes NC_NODE_MAX_NODES the error points at the outermost
 * value whose aliases did it (cx->blame), not somewhere deep inside the anchors.
 */
static int convert_limits(convert_ctx *cx, yaml_node_t *yn, int depth)
{
    if (depth > NC_NODE_MAX_DEPTH)
        return error_at_mark(cx->err, cx->file, yn->start_mark,
                             "values nested deeper than %d levels", NC_NODE_MAX_DEPTH);
    if (++cx->count <= NC_NODE_MAX_NODES)
        return 0;
    if (cx->blame)
        return error_at_mark(cx->err, cx->file, cx->blame->start_mark,
                             "aliases (*name) expand this value to more than %d values; "
                             "write the values out instead of nesting aliases",
                             NC_NODE_MAX_NODES);
    return error_at_mark(cx->err, cx->file, yn->start_mark,
                         "the document holds more than %d values", NC_NODE_MAX_NODES);
}

static int convert_scalar(convert_ctx *cx, yaml_node_t *yn, nc_node *node)
{
    node->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (yn->data.scalar.length > NC_NODE_MAX_VALUE)
        return nc_node_error(cx->err, node, NC_EINPUT,
                             "a value of %zu bytes: values are at most %d bytes (a name, a "
                             "number, a sentence)",
                             yn->data.scalar.length, NC_NODE_MAX_VALUE);
    node->text = malloc(yn->data.scalar.length + 1);
    if (!node->text)
        return NC_ENOMEM;
    memcpy(node->text, yn->data.scalar.value, yn->data.scalar.length);
    node->text[yn->data.scalar.length] = '\0';
    if (strlen(node->text) != yn->data.scalar.length)
        return nc_node_error(cx->err, node, NC_EINPUT,
                             "a value holds a NUL character (\\0), which nascost cannot use");
    if (nc_text_check(node->text, yn->data.scalar.length, NC_TEXT_PROSE, "the value", cx->err))
        return nc_node_error(cx->err, node, NC_EINPUT, "%s", cx->err->message);
    return 0;
}

/* Check key 'k' of a mapping; 'first' is the index of the pair whose key it repeats, or -1. */
static int convert_key(convert_ctx *cx, const yaml_node_t *k, const nc_node *map, long first)
{
    if (k->type != YAML_SCALAR_NODE)
        return error_at_mark(cx->err, cx->file, k->start_mark, "a key must be a plain name, not %s",
                             k->type == YAML_MAPPING_NODE ? "a mapping" : "a list");
    const char *key = (const char *)k->data.scalar.value;
    if (strlen(key) != k->data.scalar.length)
        return error_at_mark(cx->err, cx->file, k->start_mark,
                             "a key holds a NUL character (\\0), which nascost cannot use");
    if (nc_text_check(key, k->data.scalar.length, NC_TEXT_NAME, "the key", cx->err))
        return error_at_mark(cx->err, cx->file, k->start_mark, "%s", cx->err->message);
    if (first >= 0)
        return error_at_mark(cx->err, cx->file, k->start_mark,
                             "duplicate key '%s' (first given on line %d)", nc_quote(key).text,
                             map->key_line[first]);
    return 0;
}

/* The text of the key of pair 'i' of a libyaml mapping (NULL when it is not a scalar). */
static const char *pair_key(const void *items, size_t i)
{
    const convert_ctx *cx = ((const void *const *)items)[0];
    const yaml_node_t *yn = ((const void *const *)items)[1];
    const yaml_node_t *k = yaml_document_get_node(cx->doc, yn->data.mapping.pairs.start[i].key);
    return k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
}

/*
 * The first key of 'yn' that repeats an earlier one: '*repeat' its pair, '*first' the pair it
 * repeats ('*repeat' is -1 when all keys differ). Sorting the keys makes this O(n log n): the
 * comparison of each key with all before it took 45 s for 200,000 keys.
 */
static int find_repeat(convert_ctx *cx, yaml_node_t *yn, long *repeat, size_t *first)
{
    const void *items[2] = {cx, yn};
    size_t n = (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start), r;
    nc_names ix;
    *repeat = -1;
    if (nc_names_index(&ix, items, n, pair_key))
        return nc_error_set(cx->err, NC_ENOMEM, "out of memory");
    if (nc_names_repeat(&ix, &r, first))
        *repeat = (long)r;
    nc_names_free(&ix);
    return 0;
}

static int convert_map(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    long repeat;
    size_t first;
    int rc = find_repeat(cx, yn, &repeat, &first);
    if (rc)
        return rc;
    for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(cx->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(cx->doc, p->value);
        long i = p - yn->data.mapping.pairs.start;
        rc = convert_key(cx, k, node, i == repeat ? (long)first : -1);
        if (rc)
            return rc;
        nc_node *child;
        if ((rc = convert(cx, v, yn, depth + 1, &child)))
            return rc;
        if (nc_node_append_pair(node, (const char *)k->data.scalar.value,
                                (int)k->start_mark.line + 1, (int)k->start_mark.column + 1, child))
            return NC_ENOMEM;
    }
    return 0;
}

static int convert_seq(convert_ctx *cx, yaml_node_t *yn, int depth, nc_node *node)
{
    for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
         it++) {
        nc_node *child;
        int rc = convert(cx, yaml_document_get_node(cx->doc, *it), yn, depth + 1, &child);
        if (rc)
            return rc;
        if (nc_node_append(node, child))
            return NC_ENOMEM;
    }
    return 0;
}

/* Convert 'yn' (a child of 'parent', NULL for the root) and everything under it. */
static int convert(convert_ctx *cx, yaml_node_t *yn, const yaml_node_t *parent, int depth,
                   nc_node **out)
{
    size_t id = (size_t)(yn - cx->doc->nodes.start);
    if (cx->state[id] == NODE_OPEN)
        return error_at_mark(cx->err, cx->file, parent->start_mark,
                             "this value holds an alias (*name) of itself or of a value "
                             "around it, which would never end");
    int rc = convert_limits(cx, yn, depth);
    if (rc)
        return rc;
    int blamed = cx->state[id] == NODE_SEEN && !cx->blame;
    if (blamed)
        cx->blame = parent;
    cx->state[id] = NODE_OPEN;
    nc_node_kind kind = yn->type == YAML_MAPPING_NODE    ? NC_NODE_MAP
                        : yn->type == YAML_SEQUENCE_NODE ? NC_NODE_SEQ
                                                         : NC_NODE_SCALAR;
    nc_node *node =
        nc_node_new(kind, cx->file, (int)yn->start_mark.line + 1, (int)yn->start_mark.column + 1);
    if (!node)
        return nc_error_set(cx->err, NC_ENOMEM, "out of memory");
    rc = kind == NC_NODE_SCALAR ? convert_scalar(cx, yn, node)
         : kind == NC_NODE_MAP  ? convert_map(cx, yn, depth, node)
                                : convert_seq(cx, yn, depth, node);
    cx->state[id] = NODE_SEEN;
    if (blamed)
        cx->blame = NULL;
    if (rc) {
        if (rc == NC_ENOMEM && cx->err && cx->err->code == NC_OK)
            nc_error_set(cx->err, NC_ENOMEM, "out of memory");
        nc_node_free(node);
        return rc;
    }
    *out = node;
    return 0;
}

/* ---- libyaml's errors, in words a newcomer can act on --------------------------------------- */

/* The 1-based line and column of byte 'offset' of 'text'. */
static void offset_position(const char *text, size_t len, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n')
            *line += 1, *col = 1;
        else if (((unsigned char)text[i] & 0xC0) != 0x80) /* count characters, not bytes */
            *col += 1;
    }
}

static int reader_error(const yaml_parser_t *parser, const char *text, size_t len, const char *name,
                        nc_error *err)
{
    int line, col;
    offset_position(text, len, parser->problem_offset, &line, &col);
    const char *problem = parser->problem ? parser->problem : "unreadable text";
    if (strstr(problem, "control characters"))
        nc_error_set(err, NC_EINPUT,
                     "the file holds a control character (code %d): a scenario is plain text",
                     parser->problem_value);
    else if (strstr(problem, "UTF-8") || strstr(problem, "UTF-16"))
        nc_error_set(err, NC_EINPUT,
                     "the file is not UTF-8 text (%s, byte 0x%02X): save it as "
                     "UTF-8",
                     problem,
                     parser->problem_offset < len ? (unsigned char)text[parser->problem_offset]
                                                  : 0u);
    else
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s", problem);
    nc_error_at(err, name, line, col);
    return NC_EINPUT;
}

/* libyaml's (problem, context) pairs that have a plainer explanation. With 'at_context', the
 * explanation names where the context (the mapping, the bracket, the quote) starts, between
 * 'say' and 'then'. */
static const struct {
    const char *problem, *context, *say, *then;
    int at_context;
} PLAINER[] = {
    {"did not find expected key", "block mapping",
     "this line is indented differently from the keys above it (the keys of one mapping "
     "start in the same column)",
     "", 0},
    {"did not find expected '-'", "block collection",
     "this line is indented differently from the items above it (the '-' of every item of a "
     "list starts in the same column)",
     "", 0},
    {"expected ',' or '}'", "flow mapping", "the '{' at", " is not closed: expected ',' or '}'", 1},
    {"expected ',' or ']'", "flow sequence", "the '[' at", " is not closed: expected ',' or ']'",
     1},
    {"end of stream", "quoted scalar", "the quote at", " is not closed", 1},
    {"undefined alias", NULL, "an alias (*name) with no anchor (&name) before it", "", 0},
};

/* Does the line holding byte 'at' have a ': ' before it? (Then the ':' at 'at' sits inside a
 * value; otherwise it ends a key that is indented where no key can be.) */
static int colon_before(const char *text, size_t len, size_t at)
{
    size_t start = at < len ? at : len;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    for (size_t i = start; i + 1 < at && i + 1 < len; i++)
        if (text[i] == ':' && (text[i + 1] == ' ' || text[i + 1] == '\t'))
            return 1;
    return 0;
}

static int parser_error(const yaml_parser_t *parser, const char *text, size_t len, const char *name,
                        nc_error *err)
{
    if (parser->error == YAML_MEMORY_ERROR)
        return nc_error_set(err, NC_ENOMEM, "out of memory while parsing YAML");
    if (parser->error == YAML_READER_ERROR)
        return reader_error(parser, text, len, name, err);
    const yaml_mark_t *m = parser->problem ? &parser->problem_mark : &parser->context_mark;
    const char *problem = parser->problem ? parser->problem : "error";
    const char *context = parser->context ? parser->context : "";
    int cl = (int)parser->context_mark.line + 1, cc = (int)parser->context_mark.column + 1;
    if (m->index < len && text[m->index] == '\t')
        nc_error_set(err, NC_EINPUT,
                     "malformed YAML: a tab character; YAML indents with spaces, never tabs");
    else if (strstr(problem, "mapping values are not allowed"))
        nc_error_set(err, NC_EINPUT, "malformed YAML: %s",
                     colon_before(text, len, m->index)
                         ? "a value holds ': '; put the value in quotes"
                         : "this key is indented under a key whose value is already on its "
                           "line; check the indentation");
    else {
        size_t i = 0, n = sizeof PLAINER / sizeof PLAINER[0];
        while (i < n && !(strstr(problem, PLAINER[i].problem) &&
                          (!PLAINER[i].context || strstr(context, PLAINER[i].context))))
            i++;
        if (i < n && PLAINER[i].at_context)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s line %d, column %d%s", PLAINER[i].say,
                         cl, cc, PLAINER[i].then);
        else if (i < n)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s", PLAINER[i].say);
        else if (parser->context)
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s (%s at line %d, column %d)", problem,
                         context, cl, cc);
        else
            nc_error_set(err, NC_EINPUT, "malformed YAML: %s", problem);
    }
    nc_error_at(err, name, (int)m->line + 1, (int)m->column + 1);
    return NC_EINPUT;
}

/* ---- loading ------------------------------------------------------------------------------ */

/* An empty document: say whether the file is blank or only comments. */
static int empty_error(const char *text, size_t len, const char *name, nc_error *err)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    nc_error_set(err, NC_EINPUT, "%s: expected a YAML mapping ('key: value' lines)",
                 i == len ? "the file is empty" : "the file holds no value, only comments");
    nc_error_at(err, name, 1, 1);
    return NC_EINPUT;
}

/* A NUL byte means binary data, which libyaml would report as a puzzling control character. */
static int binary_error(const char *text, size_t len, const char *name, nc_error *err)
{
    const char *nul = memchr(text, '\0', len);
    if (!nul)
        return 0;
    int line, col;
    offset_position(text, len, (size_t)(nul - text), &line, &col);
    nc_error_set(err, NC_EINPUT, "the file holds binary data (a NUL byte), not YAML text");
    nc_error_at(err, name, line, col);
    return NC_EINPUT;
}

/* A document that is only '---': an empty plain scalar. */
static int is_empty_document(yaml_document_t *doc)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    return root && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0 &&
           root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* After the first document: anything but the end of the stream is an error (a scenario is one
 * document; a second one would otherwise be ignored without a word). */
static int no_second_document(yaml_parser_t *parser, const char *text, size_t len, const char *name,
                              nc_error *err)
{
    for (;;) { /* empty documents (a '---' with nothing after it) say nothing: skip them */
        yaml_document_t next;
        if (!yaml_parser_load(parser, &next))
            return parser_error(parser, text, len, name, err);
        int end = !yaml_document_get_root_node(&next), empty = !end && is_empty_document(&next);
        int rc = end || empty ? 0
                              : error_at_mark(err, name, next.start_mark,
                                              "a second YAML document ('---'): a file holds one "
                                              "document");
        yaml_document_delete(&next);
        if (rc || end)
            return rc;
    }
}

/* The anchor (&name) an event defines, or NULL. */
static const unsigned char *event_anchor(const yaml_event_t *ev)
{
    return ev->type == YAML_SCALAR_EVENT           ? ev->data.scalar.anchor
           : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
           : ev->type == YAML_MAPPING_START_EVENT  ? ev->data.mapping_start.anchor
                                                   : NULL;
}

/*
 * Refuse, from libyaml's events and before its loader builds the document, a first document
 * of more than NC_NODE_MAX_NODES values (an alias counts as one) or NC_NODE_MAX_ANCHORS
 * anchors, or nested deeper than NC_NODE_MAX_DEPTH (the errors convert_limits would give
 * later, at the same place). The loader keeps some 180 bytes a value: a 16 MiB flow sequence
 * of 8 million values took 1.4 GB before it was refused; and it looks each alias up among all
 * the anchors before it: 50,000 anchors took minutes. Malformed YAML is left to the loader,
 * which explains it.
 */
static int check_size(const char *text, size_t len, const char *name, nc_error *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    size_t count = 0, anchors = 0;
    int depth = 0, rc = 0, done = 0;
    /* per open collection: 1 for a mapping whose next value is a key (keys are no values,
     * as in convert), 2 for a mapping whose next is a value, 0 for a list */
    unsigned char open[NC_NODE_MAX_DEPTH + 2] = {0};
    if (!yaml_parser_initialize(&parser))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    while (!done && !rc && yaml_parser_parse(&parser, &ev)) {
        int opens = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
        int value = opens || ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT;
        int key = value && depth > 0 && open[depth - 1] == 1;
        if (value && depth > 0 && open[depth - 1])
            open[depth - 1] = key ? 2 : 1;
        if (value && depth > NC_NODE_MAX_DEPTH)
            rc = error_at_mark(err, name, ev.start_mark, "values nested deeper than %d levels",
                               NC_NODE_MAX_DEPTH);
        else if (value && !key && ++count > NC_NODE_MAX_NODES)
            rc = error_at_mark(err, name, ev.start_mark, "the document holds more than %d values",
                               NC_NODE_MAX_NODES);
        else if (event_anchor(&ev) && ++anchors > NC_NODE_MAX_ANCHORS)
            rc = error_at_mark(err, name, ev.start_mark,
                               "the document defines more than %d anchors (&name)",
                               NC_NODE_MAX_ANCHORS);
        if (opens && !rc) /* depth <= NC_NODE_MAX_DEPTH here */
            open[depth++] = ev.type == YAML_MAPPING_START_EVENT;
        depth -= ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT;
        done = ev.type == YAML_DOCUMENT_END_EVENT || ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

static int convert_document(nc_node **out, yaml_document_t *doc, const char *name, nc_error *err)
{
    size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
    convert_ctx cx = {doc, name, 0, calloc(n ? n : 1, 1), NULL, err};
    if (!cx.state)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = convert(&cx, yaml_document_get_root_node(doc), NULL, 0, out);
    free(cx.state);
    return rc;
}

int nc_node_load_string(nc_node **out, const char *text, size_t len, const char *name,
                        nc_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = 0;
    *out = NULL;
    if (len > NC_NODE_MAX_BYTES) {
        nc_error_set(err, NC_EINPUT, "file is larger than %u MiB", NC_NODE_MAX_BYTES >> 20);
        nc_error_at(err, name, 0, 0);
        return NC_EINPUT;
    }
    if ((rc = binary_error(text, len, name, err)) || (rc = check_size(text, len, name, err)))
        return rc;
    if (!yaml_parser_initialize(&parser))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, text, len, name, err);
        yaml_parser_delete(&parser);
        return rc;
    }
    if (!yaml_document_get_root_node(&doc))
        rc = empty_error(text, len, name, err);
    else if (!(rc = no_second_document(&parser, text, len, name, err)))
        rc = convert_document(out, &doc, name, err);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int nc_node_load_file(nc_node **out, const char *path, nc_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = nc_file_read(&text, &len, path, NC_NODE_MAX_BYTES, err);
    if (!rc)
        rc = nc_node_load_string(out, text, len, path, err);
    free(text);
    return rc;
}
