/*
 * badabi_plugin.c - a plugin that claims to be built for another policy ABI;
 * vmlab must refuse to load it (tests/e2e/plugin.sh).
 */
#include <stddef.h>
#include <stdint.h>

#include <vmlab/policy.h>

const uint32_t vmlab_plugin_abi = VMLAB_POLICY_ABI + 41;
const struct vmlab_policy *const vmlab_plugin_policies[] = {NULL};
