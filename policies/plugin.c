/*
 * plugin.c - loading out-of-tree policies from shared objects.
 *
 * A plugin exports page-replacement policies (VMLAB_PLUGIN_POLICIES in
 * vmlab/policy.h), TLB replacement policies (VMLAB_PLUGIN_TLB_POLICIES in
 * vmlab/tlb_policy.h), or both, each kind as a pair of symbols:
 *
 *   const uint32_t vmlab_plugin_abi;                       checked first
 *   const struct vmlab_policy *const vmlab_plugin_policies[];   NULL-ended
 *   const uint32_t vmlab_plugin_tlb_abi;
 *   const struct vmlab_tlb_policy *const vmlab_plugin_tlb_policies[];
 *
 * A plugin built for another ABI is refused before any of its structures is
 * read. Plugins stay loaded for the life of the process.
 *
 * dlopen resolves a plugin's calls into libvmlab before the ABI can be
 * read (RTLD_NOW), so a symbol an older ABI exported and this one does not
 * would make an old plugin fail as "undefined symbol" rather than be refused
 * by number. Policy ABI 1 exported two frame verbs that ABI 2 made inline
 * (vmlab/frames.h); they are still exported at the end of this file for
 * that reason alone.
 */
#include <config.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <vmlab/policy.h>
#include <vmlab/tlb_policy.h>

/* Real paths of the plugins loaded so far: loading one twice is a no-op. */
static char **loaded;
static size_t nloaded;

int vmlab_policy_load_plugin(const char *path, struct vmlab_error *err)
{
    /* dlopen searches the library path for a bare name; a plugin is a file */
    char buf[4096];
    if (!strchr(path, '/')) {
        snprintf(buf, sizeof buf, "./%s", path);
        path = buf;
    }
    char *real = realpath(path, NULL);
    if (!real)
        return vmlab_error_set(err, VMLAB_EPLUGIN, "plugin %s: no such file", path);
    for (size_t i = 0; i < nloaded; i++)
        if (!strcmp(loaded[i], real)) {
            free(real);
            return 0;
        }
    char **nl = realloc(loaded, (nloaded + 1) * sizeof *nl);
    if (!nl) {
        free(real);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    loaded = nl;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        free(real);
        return vmlab_error_set(err, VMLAB_EPLUGIN, "plugin %s: cannot load: %s", path, dlerror());
    }
    const uint32_t *abi = dlsym(h, "vmlab_plugin_abi");
    const struct vmlab_policy *const *list = dlsym(h, "vmlab_plugin_policies");
    /* TLB replacement policies (translation model, issue 4) */
    const uint32_t *tabi = dlsym(h, "vmlab_plugin_tlb_abi");
    const struct vmlab_tlb_policy *const *tlist = dlsym(h, "vmlab_plugin_tlb_policies");
    if ((!abi || !list) && (!tabi || !tlist)) {
        dlclose(h);
        free(real);
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "plugin %s: not a vmlab policy plugin (no vmlab_plugin_abi or "
                               "vmlab_plugin_policies; use VMLAB_PLUGIN_POLICIES or "
                               "VMLAB_PLUGIN_TLB_POLICIES)",
                               path);
    }
    if ((abi && list && *abi != VMLAB_POLICY_ABI) ||
        (tabi && tlist && *tabi != VMLAB_TLB_POLICY_ABI)) {
        int page = abi && list && *abi != VMLAB_POLICY_ABI;
        uint32_t got = page ? *abi : *tabi;
        dlclose(h);
        free(real);
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "plugin %s: built for %s ABI %u, but this vmlab has %s ABI "
                               "%u: rebuild it against this vmlab's headers "
                               "(pkg-config --cflags vmlab)",
                               path, page ? "policy" : "TLB policy", got,
                               page ? "policy" : "TLB policy",
                               page ? VMLAB_POLICY_ABI : VMLAB_TLB_POLICY_ABI);
    }
    /* the handle stays open: the policies live in it until the process ends */
    loaded[nloaded++] = real;
    for (size_t i = 0; abi && list && list[i]; i++) {
        int rc = vmlab_policy_register(list[i], err);
        if (rc)
            return vmlab_error_prefix(err, "plugin %s", path);
    }
    for (size_t i = 0; tabi && tlist && tlist[i]; i++) {
        int rc = vmlab_tlb_policy_register(tlist[i], err);
        if (rc)
            return vmlab_error_prefix(err, "plugin %s", path);
    }
    return 0;
}

static int is_so(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && !strcmp(name + n - 3, ".so");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *dir, struct vmlab_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return vmlab_error_set(err, VMLAB_EPLUGIN, "VMLAB_PLUGIN_PATH: cannot open %s", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_so(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                break;
            }
            names = nn;
        }
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (!rc && n > 1) /* (none: names is NULL, which qsort may not be given) */
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            rc = vmlab_policy_load_plugin(path, err);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int vmlab_policy_load_plugin_path(struct vmlab_error *err)
{
    const char *env = getenv("VMLAB_PLUGIN_PATH");
    if (!env || !*env)
        return 0;
    char *copy = strdup(env);
    if (!copy)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    int rc = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ":", &save); item && !rc; item = strtok_r(NULL, ":", &save)) {
        struct stat st;
        if (stat(item, &st))
            rc = vmlab_error_set(err, VMLAB_EPLUGIN, "VMLAB_PLUGIN_PATH: no such file or directory: %s",
                                 item);
        else if (S_ISDIR(st.st_mode))
            rc = load_dir(item, err);
        else
            rc = vmlab_policy_load_plugin(item, err);
    }
    free(copy);
    return rc;
}

/*
 * Policy ABI 1's out-of-line frame verbs, under their ABI-1 symbol names (C
 * names of their own: in ABI 2 the names are static inline functions of
 * vmlab/frames.h, which this file includes and must not call). A plugin
 * built for ABI 1 links against them; it is refused before any of its code
 * runs, so they are never called, but they do what ABI 1 documented.
 */
void vmlab_abi1_frame_clear_accessed(struct vmlab_frames *fr, uint32_t f,
                                     bool flush) __asm__("vmlab_frame_clear_accessed");
bool vmlab_abi1_frame_test_clear_accessed(struct vmlab_frames *fr, uint32_t f,
                                          bool flush) __asm__("vmlab_frame_test_clear_accessed");

void vmlab_abi1_frame_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    vmlab_frame_clear_accessed_hardware(fr, f, flush); /* right in either visibility */
}

bool vmlab_abi1_frame_test_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    bool was = fr->flags[f] & VMLAB_FRAME_ACCESSED;
    if (was || flush)
        vmlab_frame_clear_accessed_hardware(fr, f, flush);
    return was;
}
