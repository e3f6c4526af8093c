/*
 * plot.h - `vmlab plot`: what the command (cmd_plot.c), the figure writer
 * (plot_out.c) and the kinds (plot_results.c, plot_calib.c) share.
 *
 * A figure is three things in the output folder, written in this order:
 *
 *   NAME.dat   the numbers drawn, with comments naming the source, the
 *              figure's full key and every column
 *   NAME.gp    the gnuplot script: a header saying how to render it, the
 *              shared style (scripts/vmlab-style.gp, copied in), then the
 *              figure's own settings and plot command
 *   NAME.pdf, NAME.png, NAME.svg   rendered by running gnuplot on NAME.gp
 *
 * so an author edits NAME.gp and runs `gnuplot -e "fmt='pdf'" NAME.gp`.
 */
#ifndef VMLAB_CLI_PLOT_H
#define VMLAB_CLI_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

struct plot_opts {
    const char *src;      /* the document's file: named in comments and warnings */
    const char *dir;      /* output folder (exists) */
    const char *formats;  /* comma-separated: pdf, png, svg */
    const char *size;     /* "column" (3.3 in) or "page" (7 in) */
    int logx;             /* 1 log, 0 linear, -1 chosen from the data */
    bool logy;            /* log y axis (mrc, belady, tlb) */
    bool title;           /* a short title on each figure */
    const char *baseline; /* bars: a policy name or "none"; NULL: opt, else lru, else none */
    int xmemory;          /* 1 memory on x, 0 frames, -1 as the experiment gave sizes */
};

/* One figure being written. */
struct plot_fig {
    char base[96]; /* file name without extension */
    FILE *dat, *gp;
    const struct plot_opts *o;
};

/*
 * Create DIR/@base.dat and DIR/@base.gp with their headers: @what (one line:
 * what the figure shows), @key (the figure's full identity, or NULL), the
 * default @height in inches, and the style. Return: 0, or -1 with a message.
 */
int plot_fig_open(struct plot_fig *f, const struct plot_opts *o, const char *base, const char *what,
                  const char *key, double height);

/* Close the files and run gnuplot once per format. Return: 0 or an exit status. */
int plot_fig_finish(struct plot_fig *f);

/* @s as a gnuplot double-quoted string. */
void plot_gp_string(FILE *f, const char *s);

/* @s as a .dat field: double-quoted (gnuplot reads "a b" as one column). */
void plot_dat_string(FILE *f, const char *s);

/* @x in a .dat, exactly (vmlab_real_text); NaN as the missing value "?". */
void plot_dat_real(FILE *f, double x);

/*
 * A file-name base "KIND" or "KIND-LABEL" (LABEL reduced to letters, digits,
 * '.', '_' and '-'), made unique among the names in @used (an object it
 * adds to). Empty @label: "KIND" alone.
 */
void plot_base_name(char *buf, size_t len, const char *kind, const char *label, json_t *used);

/*
 * Tics of a log2 @axis ('x' or 'y') spanning data from @lo to @hi: labelled
 * powers of two, at most about 7 across a column (14 across a page), the
 * others as minor tics; labels with binary suffixes (256, 1K, 64M) when
 * @sizes, else plain. Also sets the range with a little margin.
 */
void plot_log2_tics(FILE *gp, const struct plot_opts *o, char axis, double lo, double hi,
                    bool sizes);

/* "vmlab plot: SRC: MESSAGE" on standard error. */
void plot_warn(const struct plot_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- the kinds ---- */

#define PLOT_RESULT_KINDS "mrc, bars, belady, tlb, cycles"

/*
 * Draw the figures of results document @doc: the comma-separated @kinds, or
 * (NULL) the kinds its runs call for. Return: 0, or an exit status (EXIT_USAGE
 * when nothing could be drawn).
 */
int plot_results(json_t *doc, const struct plot_opts *o, const char *kinds);

/* Draw a calibration document (`vmlab calibrate -o`). Return: 0 or an exit status. */
int plot_calibration(const json_t *doc, const struct plot_opts *o);

#endif /* VMLAB_CLI_PLOT_H */
