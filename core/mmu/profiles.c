/*
 * profiles.c - finding MMU profiles: JSON descriptions of real cores
 * (core/mmu/profiles/NAME.json in the sources, installed in
 * $(pkgdatadir)/mmu). "profile:NAME" looks for NAME.json in the folders of
 * VMLAB_MMU_PATH (colon-separated) first, then in the installed folder, so a
 * user's own profiles (the calibration command writes one) come first; last,
 * in the source tree the command was built from, so that an uninstalled
 * build finds them too.
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "desc.h"

#ifndef VMLAB_PKGDATADIR
#define VMLAB_PKGDATADIR "/usr/local/share/vmlab"
#endif

#ifndef VMLAB_SRC_PROFILES
#define VMLAB_SRC_PROFILES ""
#endif

#define MAX_DIRS 16
#define MAX_PROFILES 256

/* The folders searched, in order: VMLAB_MMU_PATH's, then the installed one. */
static size_t search_dirs(char dirs[MAX_DIRS][1024])
{
    size_t n = 0;
    const char *env = getenv("VMLAB_MMU_PATH");
    if (env && *env) {
        char *copy = strdup(env), *save = NULL;
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d && n < MAX_DIRS - 1;
             d = strtok_r(NULL, ":", &save))
            snprintf(dirs[n++], sizeof dirs[0], "%s", d);
        free(copy);
    }
    snprintf(dirs[n++], sizeof dirs[0], "%s/mmu", VMLAB_PKGDATADIR);
    if (VMLAB_SRC_PROFILES[0])
        snprintf(dirs[n++], sizeof dirs[0], "%s", VMLAB_SRC_PROFILES);
    return n;
}

static int valid_name(const char *name)
{
    if (!*name)
        return 0;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return 0;
    return 1;
}

struct profile {
    char name[64];
    char path[1024 + 80];
};

struct found {
    struct profile p[MAX_PROFILES];
    size_t n;
};

static int cmp_profile(const void *a, const void *b)
{
    return strcmp(((const struct profile *)a)->name, ((const struct profile *)b)->name);
}

/* Every profile, the first folder's where a name is in several, sorted by name. */
static void collect(struct found *f)
{
    char dirs[MAX_DIRS][1024];
    size_t nd = search_dirs(dirs);
    f->n = 0;
    for (size_t i = 0; i < nd; i++) {
        DIR *d = opendir(dirs[i]);
        if (!d)
            continue;
        for (struct dirent *e; (e = readdir(d)) && f->n < MAX_PROFILES;) {
            size_t len = strlen(e->d_name);
            if (len < 6 || len - 5 >= sizeof f->p[0].name || strcmp(e->d_name + len - 5, ".json"))
                continue;
            struct profile *p = &f->p[f->n];
            snprintf(p->name, sizeof p->name, "%.*s", (int)(len - 5), e->d_name);
            size_t k = 0;
            while (k < f->n && strcmp(f->p[k].name, p->name))
                k++;
            if (k < f->n || !valid_name(p->name))
                continue;
            snprintf(p->path, sizeof p->path, "%s/%s", dirs[i], e->d_name);
            f->n++;
        }
        closedir(d);
    }
    qsort(f->p, f->n, sizeof f->p[0], cmp_profile);
}

void mmu_profile_foreach(void (*fn)(void *arg, const char *name, const char *path), void *arg)
{
    struct found *f = malloc(sizeof *f);
    if (!f)
        return;
    collect(f);
    for (size_t i = 0; i < f->n; i++)
        fn(arg, f->p[i].name, f->p[i].path);
    free(f);
}

int mmu_profile_find(const char *name, char *path, size_t len, const char *where,
                     struct vmlab_error *err)
{
    if (!valid_name(name))
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: a profile name holds only a-z, 0-9, '_' and '-', got '%s'",
                               where, name);
    char dirs[MAX_DIRS][1024];
    size_t nd = search_dirs(dirs);
    for (size_t i = 0; i < nd; i++) {
        struct stat st;
        snprintf(path, len, "%s/%s.json", dirs[i], name);
        if (!stat(path, &st) && S_ISREG(st.st_mode))
            return 0;
    }
    struct found *f = malloc(sizeof *f);
    if (!f)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    collect(f);
    char known[1024] = "", hint[96] = "";
    const char *names[MAX_PROFILES];
    size_t used = 0;
    for (size_t i = 0; i < f->n; i++) {
        names[i] = f->p[i].name;
        if (used < sizeof known)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     f->p[i].name);
    }
    vmlab_suggest(name, names, f->n, hint, sizeof hint);
    vmlab_error_set(
        err, VMLAB_EINPUT,
        "%s: unknown MMU profile '%s'%s (known: %s; searched VMLAB_MMU_PATH and %s/mmu)", where,
        name, hint, f->n ? known : "none", VMLAB_PKGDATADIR);
    free(f);
    return VMLAB_EINPUT;
}
