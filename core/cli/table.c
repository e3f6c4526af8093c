/*
 * table.c - aligned text tables for the terminal: titles, a rule, rows;
 * numbers right-aligned, text left-aligned.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"

void table_init(struct table *t, size_t ncols, const char *const *head, const int *right)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->head = cli_need(malloc((ncols ? ncols : 1) * sizeof *t->head));
    t->right = cli_need(malloc((ncols ? ncols : 1) * sizeof *t->right));
    for (size_t c = 0; c < ncols; c++) {
        t->head[c] = head[c];
        t->right[c] = right ? right[c] : 0;
    }
}

void table_row(struct table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? 2 * t->cap : 16;
        size_t row = t->ncols ? t->ncols : 1;
        t->cells = cli_need(realloc(t->cells, ncap * row * sizeof *t->cells));
        t->cap = ncap;
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = cli_need(strdup(cells[c] ? cells[c] : ""));
    t->nrows++;
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void table_print(const struct table *t, FILE *out)
{
    size_t *w = cli_need(calloc(t->ncols ? t->ncols : 1, sizeof *w));
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = width(t->head[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->cells[r * t->ncols + c];
            if (s && width(s) > w[c])
                w[c] = width(s);
        }
    }
    size_t linecap = 4;
    for (size_t c = 0; c < t->ncols; c++)
        linecap += 4 * w[c] + 2;
    char *line = cli_need(malloc(linecap));
    for (int row = -2; row < (int)t->nrows; row++) {
        size_t used = 0;
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s;
            char rule[256];
            if (row == -2) {
                s = t->head[c];
            } else if (row == -1) {
                size_t n = w[c] < sizeof rule - 1 ? w[c] : sizeof rule - 1;
                memset(rule, '-', n);
                rule[n] = '\0';
                s = rule;
            } else {
                s = t->cells[(size_t)row * t->ncols + c];
                if (!s)
                    s = "";
            }
            int pad = (int)(w[c] - width(s));
            const char *sep = c + 1 < t->ncols ? "  " : "";
            if (t->right[c])
                used += (size_t)snprintf(line + used, linecap - used, "%*s%s%s", pad, "", s, sep);
            else
                used += (size_t)snprintf(line + used, linecap - used, "%s%*s%s", s, pad, "", sep);
        }
        while (used > 0 && line[used - 1] == ' ')
            used--;
        fprintf(out, "%.*s\n", (int)used, line);
    }
    free(line);
    free(w);
}

void table_free(struct table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->head);
    free(t->right);
    memset(t, 0, sizeof *t);
}
