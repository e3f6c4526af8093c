/*
 * vmlab/params.h - named, typed parameters of policies, workloads and formats.
 *
 * Every pluggable item describes its parameters with a table of
 * struct vmlab_param_desc (terminated by an entry whose name is NULL). The
 * same table drives parsing ("k=v,k=v" from a command line or the members of
 * a JSON object), validation (type, range, choices), defaults, the canonical
 * spelling written into results, and the listing printed by `vmlab list`.
 *
 * A spec names an item and its parameters: "zipf:pages=100000,alpha=0.9".
 * A value that holds a comma or an '=' is quoted: "inline:refs='1,2,3'".
 */
#ifndef VMLAB_PARAMS_H
#define VMLAB_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmlab_param_type {
    VMLAB_PARAM_INT,     /* signed 64-bit integer */
    VMLAB_PARAM_COUNT,   /* unsigned 64-bit count; accepts exact e-notation: 1e7 */
    VMLAB_PARAM_SIZE,    /* bytes; accepts binary suffixes K, M, G, T (4K = 4096) */
    VMLAB_PARAM_REAL,    /* double */
    VMLAB_PARAM_BOOL,    /* true/false, yes/no, on/off, 1/0 */
    VMLAB_PARAM_STRING,  /* text; with choices, one of them */
};

struct vmlab_param_desc {
    const char *name;            /* NULL ends a table */
    enum vmlab_param_type type;
    const char *def;             /* default as text; NULL: the parameter is required */
    double min, max;             /* inclusive range of numeric types; unchecked when min > max */
    const char *choices;         /* STRING: allowed values "a|b|c", or NULL for any */
    const char *doc;             /* one line: meaning and unit */
};

/* Range helpers for tables: VMLAB_RANGE(1, 64), VMLAB_ANY (no range). */
#define VMLAB_RANGE(lo, hi) (lo), (hi)
#define VMLAB_ANY 1, 0

#define VMLAB_PARAMS_MAX 24

struct vmlab_param_value {
    union {
        int64_t i;   /* INT */
        uint64_t u;  /* COUNT, SIZE */
        double d;    /* REAL */
        bool b;      /* BOOL */
    };
    char *s;         /* the value as given (owned); for STRING the value itself */
    bool set;        /* given explicitly, not defaulted */
};

struct vmlab_params {
    const struct vmlab_param_desc *desc;  /* borrowed; lives as long as the registry */
    unsigned n;                           /* entries in desc */
    struct vmlab_param_value v[VMLAB_PARAMS_MAX];
};

/* Start an empty parameter set described by @desc (may be NULL: no parameters). */
void vmlab_params_init(struct vmlab_params *p, const struct vmlab_param_desc *desc);

/*
 * Set parameter @name from its text @value; @where prefixes error messages
 * (e.g. "$.workload.pages" or "--workload"). Return: 0 or VMLAB_EINPUT.
 */
int vmlab_params_set(struct vmlab_params *p, const char *name, const char *value,
                     const char *where, struct vmlab_error *err);

/* Apply defaults; fail if a required parameter is missing. Return: 0 or VMLAB_EINPUT. */
int vmlab_params_finish(struct vmlab_params *p, const char *where, struct vmlab_error *err);

/* init + set each "k=v" of @text (NULL or "" for none) + finish. */
int vmlab_params_parse(struct vmlab_params *p, const struct vmlab_param_desc *desc,
                       const char *text, const char *where, struct vmlab_error *err);

/* Deep copy @src into @dst (which must not hold values). Return: 0 or VMLAB_ESYSTEM. */
int vmlab_params_copy(struct vmlab_params *dst, const struct vmlab_params *src);

/* Release the strings held by @p; @p may be initialised again. */
void vmlab_params_free(struct vmlab_params *p);

/*
 * Write the canonical "k=v,k=v" of every parameter (defaults included, in
 * table order, values quoted where needed) into @buf. Return: the length it
 * needs, as snprintf.
 */
size_t vmlab_params_format(const struct vmlab_params *p, char *buf, size_t len);

/* Typed getters. @name must be in the table (checked by assert). */
int64_t vmlab_param_int(const struct vmlab_params *p, const char *name);
uint64_t vmlab_param_u64(const struct vmlab_params *p, const char *name); /* COUNT, SIZE */
double vmlab_param_real(const struct vmlab_params *p, const char *name);
bool vmlab_param_bool(const struct vmlab_params *p, const char *name);
const char *vmlab_param_string(const struct vmlab_params *p, const char *name);
bool vmlab_param_is_set(const struct vmlab_params *p, const char *name);
/* Whether @name is in @p's table at all (a generic caller, e.g. a mix of workloads, asks first). */
bool vmlab_param_has(const struct vmlab_params *p, const char *name);

/* "int", "count", "size", "real", "bool", "string". */
const char *vmlab_param_type_name(enum vmlab_param_type type);

/*
 * Value parsers shared by every layer. Return 0, or -1 when @text is not a
 * whole value of the kind (no message: callers say where).
 */
int vmlab_parse_size(const char *text, uint64_t *bytes);   /* "4096", "4K", "2M", "1G", "4KiB" */
int vmlab_parse_count(const char *text, uint64_t *count);  /* "1000", "1e7", "2.5e6" (exact) */
int vmlab_parse_int(const char *text, int64_t *value);     /* decimal or 0x-hex, signed */
int vmlab_parse_real(const char *text, double *value);
int vmlab_parse_bool(const char *text, bool *value);

/* Format @bytes with the largest exact binary suffix ("4K", "2M", "1536"). */
void vmlab_format_size(uint64_t bytes, char *buf, size_t len);

/*
 * Split a spec "name:params" into its name (copied into @name, at most
 * @name_len bytes with the NUL) and a pointer to the parameter text (NULL when
 * there is none). Return: 0 or VMLAB_EINPUT (empty or too long a name).
 */
int vmlab_spec_split(const char *spec, char *name, size_t name_len, const char **params,
                     const char *where, struct vmlab_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_PARAMS_H */
