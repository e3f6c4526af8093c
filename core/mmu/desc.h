/*
 * desc.h - MMU descriptions from and to JSON, and the profile search
 * (module-internal; the format is documented in docs/mmu.md).
 */
#ifndef VMLAB_MMU_DESC_H
#define VMLAB_MMU_DESC_H

#include <stddef.h>

#include <jansson.h>

#include <vmlab/error.h>
#include <vmlab/mmu.h>

/*
 * A description from the value @v of an experiment's "mmu" key (or one item
 * of its list) at JSON path @where: "none" (*out = NULL), "profile:NAME", a
 * file path (relative to @base_dir), or an object. Errors name the JSON path,
 * inside the file for files ("$.mmu: zen4.json: $.tlb[1].ways: ...").
 * Return: 0 or < 0.
 */
int mmu_desc_from_json(const json_t *v, const char *where, const char *base_dir,
                       struct vmlab_mmu_desc **out, struct vmlab_error *err);

/* The description in canonical form: every member spelled out. Return: new reference. */
json_t *mmu_desc_json(const struct vmlab_mmu_desc *d);

/* The cost model's defaults (docs/mmu.md gives their sources). */
void mmu_cost_defaults(struct vmlab_mmu_cost *c);

/* ---- profiles (profiles.c) ---- */

/*
 * Find profile @name: NAME.json in the folders of VMLAB_MMU_PATH, then in
 * $(pkgdatadir)/mmu. Return: 0 with @path filled, or VMLAB_EINPUT naming
 * the known profiles.
 */
int mmu_profile_find(const char *name, char *path, size_t len, const char *where,
                     struct vmlab_error *err);

/* Call @fn for every profile found (name, path), in name order, each name once. */
void mmu_profile_foreach(void (*fn)(void *arg, const char *name, const char *path), void *arg);

#endif /* VMLAB_MMU_DESC_H */
