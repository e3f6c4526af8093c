/*
 * registry.h - what the registries of page policies (policies/registry.c)
 * and TLB policies (policies/tlb/registry.c) share: the rule for names and
 * the growing list of plugins registered at start-up.
 */
#ifndef VMLAB_POLICIES_LIB_REGISTRY_H
#define VMLAB_POLICIES_LIB_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

/* Names are lower case: [a-z0-9_-]+. */
static inline bool registry_name_ok(const char *name)
{
    if (!name || !name[0])
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return false;
    return true;
}

/* The plugins of one registry, in the order registered. */
struct registry_list {
    const void **items;
    size_t n, cap;
};

/* Append @p (borrowed). Return: 0, or -1 when out of memory. */
static inline int registry_append(struct registry_list *l, const void *p)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? 2 * l->cap : 8;
        const void **items = realloc(l->items, ncap * sizeof *items);
        if (!items)
            return -1;
        l->items = items;
        l->cap = ncap;
    }
    l->items[l->n++] = p;
    return 0;
}

#endif /* VMLAB_POLICIES_LIB_REGISTRY_H */
