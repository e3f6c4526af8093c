/*
 * registry.c - the policy registry: the in-tree policies of list.h, then
 * out-of-tree plugins in the order they were loaded (plugin.c). Built at
 * start-up, before any run; read-only afterwards, so runs on several threads
 * may look policies up freely.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>

#include "lib/registry.h"

#define VMLAB_POLICY(n) extern const struct vmlab_policy vmlab_policy_##n;
#include "list.h"
#undef VMLAB_POLICY

static const struct vmlab_policy *const builtin[] = {
#define VMLAB_POLICY(n) &vmlab_policy_##n,
#include "list.h"
#undef VMLAB_POLICY
};

#define NBUILTIN (sizeof builtin / sizeof builtin[0])

static struct registry_list extra; /* plugins, registered at start-up */

size_t vmlab_policy_count(void)
{
    return NBUILTIN + extra.n;
}

const struct vmlab_policy *vmlab_policy_at(size_t i)
{
    if (i < NBUILTIN)
        return builtin[i];
    return i - NBUILTIN < extra.n ? extra.items[i - NBUILTIN] : NULL;
}

const struct vmlab_policy *vmlab_policy_find(const char *name)
{
    for (size_t i = 0; i < vmlab_policy_count(); i++)
        if (!strcmp(vmlab_policy_at(i)->name, name))
            return vmlab_policy_at(i);
    return NULL;
}

int vmlab_policy_register(const struct vmlab_policy *p, struct vmlab_error *err)
{
    if (p->abi != VMLAB_POLICY_ABI)
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "policy built for ABI %u, but this vmlab has policy ABI %u: "
                               "rebuild it against this vmlab's headers",
                               p->abi, VMLAB_POLICY_ABI);
    if (!p->name || !p->name[0] || !p->init || !p->victim || !p->insert)
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "policy lacks a name or one of init, victim, insert");
    if (!registry_name_ok(p->name))
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "policy name '%s' may hold only a-z, 0-9, '_' and '-'", p->name);
    if (vmlab_policy_find(p->name))
        return vmlab_error_set(err, VMLAB_EPLUGIN, "a policy named '%s' is already registered",
                               p->name);
    if (registry_append(&extra, p))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return 0;
}
