/*
 * lifo.c - an out-of-tree policy plugin, built only against the installed
 * vmlab headers:
 *
 *   cc -shared -fPIC $(pkg-config --cflags vmlab) lifo.c -o example-lifo.so \
 *      $(pkg-config --libs vmlab)
 *   vmlab sim --plugin ./example-lifo.so --policy example-lifo \
 *      --refs 1,2,3,4,1,2,5,1,2,3,4,5 --frames 3
 *
 * LIFO: evict the page loaded most recently. Frames are stacked in the order
 * their pages were loaded; the victim is the top of the stack.
 *
 *   insert ─► [ top | ... | bottom ]      victim = top
 *
 * A page that faulted in is the next to go, so a working set loaded early
 * stays while the pages that follow take turns in one frame: good on a loop
 * a little larger than memory, bad on anything with recency. On
 * 1,2,3,4,1,2,5,1,2,3,4,5 with 3 frames, 1 and 2 stay and the third frame
 * holds 3, 4, 5, 3, 4, 5 in turn: 8 faults, victims 3 4 5 3 4.
 *
 * Parameters: none. Both visibilities (no hit hook).
 * Source: FIFO's mirror image, a classic operating-systems exercise.
 */
#include <stdlib.h>

#include <vmlab/policy.h>

struct lifo {
    uint32_t *stack; /* frames in load order, stack[len - 1] the newest */
    uint32_t len;
};

static int lifo_init(void **state, const struct vmlab_policy_env *env,
                     const struct vmlab_params *params, struct vmlab_error *err)
{
    (void)params;
    struct lifo *s = calloc(1, sizeof *s);
    if (s)
        s->stack = malloc((env->nframes ? env->nframes : 1) * sizeof *s->stack);
    if (!s || !s->stack) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *state = s;
    return 0;
}

static uint32_t lifo_victim(void *state, const struct vmlab_access *a)
{
    struct lifo *s = state;
    (void)a;
    return s->len ? s->stack[--s->len] : VMLAB_NO_FRAME;
}

static void lifo_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lifo *s = state;
    (void)a;
    s->stack[s->len++] = frame;
}

static void lifo_remove(void *state, uint32_t frame)
{
    struct lifo *s = state;
    for (uint32_t i = 0; i < s->len; i++)
        if (s->stack[i] == frame) {
            for (uint32_t j = i; j + 1 < s->len; j++)
                s->stack[j] = s->stack[j + 1];
            s->len--;
            return;
        }
}

static void lifo_fini(void *state)
{
    struct lifo *s = state;
    free(s->stack);
    free(s);
}

static const struct vmlab_policy example_lifo = {
    .abi = VMLAB_POLICY_ABI,
    .name = "example-lifo",
    .summary = "last in, first out (the out-of-tree example plugin)",
    .source = "FIFO's mirror image (a textbook exercise)",
    .init = lifo_init,
    .victim = lifo_victim,
    .insert = lifo_insert,
    .remove = lifo_remove,
    .fini = lifo_fini,
};

VMLAB_PLUGIN_POLICIES(&example_lifo);
