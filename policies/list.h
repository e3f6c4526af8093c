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
/* classic policies (issue 3) */
VMLAB_POLICY(nru)
VMLAB_POLICY(enhanced_clock)
VMLAB_POLICY(second_chance)
VMLAB_POLICY(gclock)
VMLAB_POLICY(aging)
VMLAB_POLICY(lfu)
VMLAB_POLICY(lfu_aging)
VMLAB_POLICY(lfu_da)
VMLAB_POLICY(mru)
VMLAB_POLICY(lifo)
VMLAB_POLICY(ws)
VMLAB_POLICY(wsclock)
/* the plugin SDK's annotated skeleton (alloc): FIFO, optional second chance */
VMLAB_POLICY(template)
