/*
 * list.h - the in-tree replacement policies, one line each, in the order
 * `vmlab list policies` prints them. Adding a policy: one new file
 * policies/NAME.c defining `const struct vmlab_policy vmlab_policy_NAME`,
 * one line here, one line in policies/local.mk.
 */
VMLAB_POLICY(opt)
VMLAB_POLICY(fifo)
VMLAB_POLICY(lru)
VMLAB_POLICY(clock)
VMLAB_POLICY(random)
/* the plugin SDK's annotated skeleton (alloc): FIFO, optional second chance */
VMLAB_POLICY(template)
