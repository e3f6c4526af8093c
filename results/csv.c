/*
 * csv.c - CSV export (csv.h). Rows are built as flat JSON objects first, so
 * the column set (the union of their keys) is known before the header.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "results/csv.h"
#include "results/flat.h"
#include "results/summary.h"

int vmlab_csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return fputs(s, out) < 0 ? -1 : 0;
    if (fputc('"', out) == EOF)
        return -1;
    for (; *s; s++)
        if ((*s == '"' && fputc('"', out) == EOF) || fputc(*s, out) == EOF)
            return -1;
    return fputc('"', out) == EOF ? -1 : 0;
}

/* Copy every member of @from into @row (after what it holds). */
static void append(json_t *row, const json_t *from)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)from, k, v)
        json_object_set(row, k, v);
}

/* The index of @run's cell, numbering cells in order of first appearance in @cells. */
static json_int_t cell_index(json_t *cells, const json_t *run)
{
    json_t *cell = vmlab_run_cell(run);
    char *key = json_dumps(cell, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(cell);
    if (!key)
        return -1;
    json_t *have = json_object_get(cells, key);
    json_int_t i = have ? json_integer_value(have) : (json_int_t)json_object_size(cells);
    if (!have)
        json_object_set_new(cells, key, json_integer(i));
    free(key);
    return i;
}

static void add_source(json_t *row, const json_t *doc, const json_t *run)
{
    const json_t *src = json_object_get(run, "source");
    if (!src)
        return;
    const json_t *s = json_array_get(json_object_get(doc, "sources"), json_integer_value(src));
    json_object_set(row, "source.file", json_object_get(s, "file"));
    json_object_set(row, "source.hostname",
                    json_object_get(json_object_get(s, "host"), "hostname"));
}

static void run_rows(json_t *rows, const json_t *doc, bool per_process)
{
    json_t *cells = json_object();
    size_t i;
    json_t *run;
    json_array_foreach(json_object_get(doc, "runs"), i, run) {
        json_int_t cell = cell_index(cells, run);
        json_t *flat = vmlab_run_flatten(run, 0);
        json_object_del(flat, "source");
        if (!per_process) {
            json_t *row = json_pack("{s:I, s:I}", "run", (json_int_t)i, "cell", cell);
            add_source(row, doc, run);
            append(row, flat);
            json_array_append_new(rows, row);
            json_decref(flat);
            continue;
        }
        /* the run's own params and provenance, then each process's members */
        json_t *common = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(flat, k, v)
            if (!strncmp(k, "params.", 7) || !strncmp(k, "timing.", 7))
                json_object_set(common, k, v);
        size_t j;
        json_t *p;
        json_array_foreach(json_object_get(run, "processes"), j, p) {
            json_t *row = json_pack("{s:I, s:I, s:O?}", "run", (json_int_t)i, "cell", cell, "asid",
                                    json_object_get(p, "asid"));
            add_source(row, doc, run);
            append(row, common);
            json_t *pp = json_copy(p);
            json_object_del(pp, "asid");
            json_t *pflat = vmlab_run_flatten(pp, 0);
            append(row, pflat);
            json_decref(pflat);
            json_decref(pp);
            json_array_append_new(rows, row);
        }
        json_decref(common);
        json_decref(flat);
    }
    json_decref(cells);
}

static int summary_rows(json_t *rows, const json_t *doc, struct vmlab_error *err)
{
    json_t *cells = vmlab_summarize(json_object_get(doc, "runs"), NULL, 0, err);
    if (!cells)
        return err->code ? err->code : VMLAB_ESYSTEM;
    size_t i;
    json_t *c;
    json_array_foreach(cells, i, c) {
        char seeds[4096];
        size_t used = 0;
        size_t j;
        json_t *s;
        seeds[0] = '\0';
        json_array_foreach(json_object_get(c, "seeds"), j, s)
            if (used < sizeof seeds)
                used +=
                    (size_t)snprintf(seeds + used, sizeof seeds - used, "%s%" JSON_INTEGER_FORMAT,
                                     j ? " " : "", json_integer_value(s));
        json_t *row =
            json_pack("{s:I, s:I, s:s}", "cell", (json_int_t)i, "n",
                      (json_int_t)json_array_size(json_object_get(c, "runs")), "seeds", seeds);
        json_t *params = json_pack("{s:O}", "params", json_object_get(c, "params"));
        json_t *pflat = vmlab_run_flatten(params, 0);
        append(row, pflat);
        json_decref(pflat);
        json_decref(params);
        const char *k;
        json_t *st;
        json_object_foreach(json_object_get(c, "stats"), k, st) {
            const char *f;
            json_t *v;
            json_object_foreach(st, f, v) {
                char key[512];
                snprintf(key, sizeof key, "%s.%s", k, f);
                json_object_set(row, key, v);
            }
        }
        json_array_append_new(rows, row);
    }
    json_decref(cells);
    return 0;
}

int vmlab_results_csv(const json_t *doc, enum vmlab_csv_rows kind, FILE *out,
                      struct vmlab_error *err)
{
    json_t *rows = json_array(), *cols = json_object();
    int rc = 0;
    if (kind == VMLAB_CSV_SUMMARY)
        rc = summary_rows(rows, doc, err);
    else
        run_rows(rows, doc, kind == VMLAB_CSV_PROCESSES);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *k;
        json_t *v;
        json_object_foreach(row, k, v)
            if (!json_object_get(cols, k))
                json_object_set_new(cols, k, json_null());
    }
    int bad = 0;
    for (int r = -1; !rc && !bad && r < (int)json_array_size(rows); r++) {
        const char *k;
        json_t *v;
        bool first = true;
        json_object_foreach(cols, k, v) {
            char buf[64];
            const char *text = k;
            if (r >= 0)
                text = vmlab_scalar_text(json_object_get(json_array_get(rows, (size_t)r), k), buf,
                                         sizeof buf);
            bad |= (!first && fputc(',', out) == EOF) || vmlab_csv_field(out, text);
            first = false;
        }
        bad |= fputs("\r\n", out) < 0;
    }
    json_decref(rows);
    json_decref(cols);
    if (!rc && (bad || fflush(out)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "cannot write the CSV: %s", strerror(errno));
    return rc;
}
