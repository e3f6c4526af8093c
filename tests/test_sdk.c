/*
 * test_sdk.c - the plugin SDK's skeleton, policies/template.c (registered
 * as "template"): FIFO on Belady's string, second chance in both
 * visibilities, its timer (the tick hook), and its hooks driven one by one
 * (remove() from the middle of the ring, as local scope's allocator calls
 * it; tick() as the engine calls it).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "workloads/text.h"

START_TEST(template_is_fifo)
{
    /*
     * Belady's string, 3 frames: 1 2 3 F; 4 evicts 1; 1 evicts 2; 2 evicts
     * 3; 5 evicts 4; 1 2 H; 3 evicts 1; 4 evicts 2; 5 H: 9 faults. 4 frames:
     * 10 (the anomaly).
     */
    ck_assert_uint_eq(test_sim("template", "1 2 3 4 1 2 5 1 2 3 4 5", 3).faults, 9);
    ck_assert_uint_eq(test_sim("template", "1 2 3 4 1 2 5 1 2 3 4 5", 4).faults, 10);
    char buf[64];
    test_victims("template", "1 2 3 4 1 2 5 1 2 3 4 5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2 3 4 1 2");
}
END_TEST

START_TEST(template_second_chance)
{
    /*
     * 3 frames, 1 2 3 4 2 5. Loading sets a page's accessed bit.
     *   4: 1, 2, 3 have their bit set: each is cleared and sent to the back;
     *      1 comes round with its bit clear: victim 1; ring 2 3 4.
     *   2: hit; its bit is set again (its translation was flushed at 4).
     *   5: 2 is spared (bit cleared, to the back), 3 is clear: victim 3.
     * Plain FIFO evicts 1 then 2. In hardware visibility without flush the
     * hit at 2 does not set the bit (the TLB still holds it): 2 goes.
     */
    char buf[64];
    test_victims("template", "1 2 3 4 2 5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2");
    test_victims("template:second_chance=true", "1 2 3 4 2 5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    test_victims_ex("template:second_chance=true", "1 2 3 4 2 5", 3, VMLAB_VIS_HARDWARE, buf,
                    sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    test_victims_ex("template:second_chance=true,flush=false", "1 2 3 4 2 5", 3, VMLAB_VIS_HARDWARE,
                    buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2");
}
END_TEST

START_TEST(template_timer)
{
    /*
     * second_chance with interval=3: a tick clears every accessed bit at
     * t3 (and t6, past the end). 3 frames, 1 2 3 2 4 5, ring oldest first:
     *   t0-2 1 2 3 F, bits set by the loads   [1* 2* 3*]
     *   tick at t3: every bit cleared          [1 2 3]
     *   t3 2 hit                               [1 2* 3]
     *   t4 4 F: 1 is clear -> 1                [2* 3 4*]
     *   t5 5 F: 2 is spared (to the back), 3 is clear -> 3
     * Without the timer the loads' bits spare all three at t4 (each
     * cleared), 1 goes, and 2's use at t3 came before that clearing: at t5
     * 2 is clear -> 2. Hardware visibility: with flush the same victims as
     * exact; shoot-downs: the tick's 3, then every bit the ring tests is
     * flushed, set or not (vmlab_frame_test_clear_accessed with flush): 1
     * at t4, 2 and 3 at t5: 6; the victims are not cached when they go.
     * Without flush, 2 stays in the TLB after the tick and its use at t3
     * sets no bit: 1 then 2, each still cached when it goes: 2.
     */
    char buf[64];
    test_victims("template:second_chance=true,interval=3", "1 2 3 2 4 5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    test_victims("template:second_chance=true", "1 2 3 2 4 5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2");
    test_victims_ex("template:second_chance=true,interval=3", "1 2 3 2 4 5", 3, VMLAB_VIS_HARDWARE,
                    buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    ck_assert_uint_eq(test_sim_ex("template:second_chance=true,interval=3", "1 2 3 2 4 5", 3,
                                  VMLAB_VIS_HARDWARE, 1)
                          .shootdowns,
                      6);
    const char *nf = "template:second_chance=true,interval=3,flush=false";
    test_victims_ex(nf, "1 2 3 2 4 5", 3, VMLAB_VIS_HARDWARE, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2");
    ck_assert_uint_eq(test_sim_ex(nf, "1 2 3 2 4 5", 3, VMLAB_VIS_HARDWARE, 1).shootdowns, 2);
}
END_TEST

START_TEST(template_hooks_one_by_one)
{
    /* a frame table of 4 frames, all used, driven as the engine does */
    const struct vmlab_policy *p = vmlab_policy_find("template");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(p->hit);
    uint8_t flags[4];
    uint64_t key[4] = {10, 11, 12, 13}, shootdowns = 0;
    struct vmlab_frames fr = {.n = 4, .flags = flags, .key = key, .shootdowns = &shootdowns};
    struct vmlab_policy_env env = {.nframes = 4, .seed = 1, .frames = &fr};
    struct vmlab_params params;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_params_parse(&params, p->params, NULL, "t", &err), 0);
    void *st;
    ck_assert_int_eq(p->init(&st, &env, &params, &err), 0);
    struct vmlab_access a = {.key = 99};
    /* loaded in the order 2 0 3 1: the ring is 2 0 3 1, oldest first */
    static const uint32_t order[] = {2, 0, 3, 1};
    for (int i = 0; i < 4; i++) {
        flags[order[i]] = VMLAB_FRAME_USED;
        p->insert(st, order[i], &a);
    }
    /* 0 leaves from the middle (a window passed it): 2 3 1 */
    p->remove(st, 0);
    flags[0] = 0;
    ck_assert_uint_eq(p->victim(st, &a), 2);
    p->insert(st, 2, &a); /* 3 1 2 */
    p->remove(st, 2);     /* the newest leaves: 3 1 */
    ck_assert_uint_eq(p->victim(st, &a), 3);
    p->insert(st, 3, &a); /* 1 3 */
    ck_assert_uint_eq(p->victim(st, &a), 1);
    /* no interval: the tick at time 0 asks for no other */
    ck_assert_uint_eq(p->tick(st, 0), VMLAB_NEVER);
    p->fini(st);
    vmlab_params_free(&params);
    /* interval=5: a tick at 0 asks for 5; at 5 it clears the set bits (frame 1's) and asks for 10
     */
    ck_assert_int_eq(vmlab_params_parse(&params, p->params, "interval=5", "t", &err), 0);
    ck_assert_int_eq(p->init(&st, &env, &params, &err), 0);
    ck_assert_uint_eq(p->tick(st, 0), 5);
    flags[0] = flags[2] = VMLAB_FRAME_USED;
    flags[1] = VMLAB_FRAME_USED | VMLAB_FRAME_ACCESSED | VMLAB_FRAME_DIRTY;
    flags[3] = VMLAB_FRAME_ACCESSED; /* no page: left alone */
    ck_assert_uint_eq(p->tick(st, 5), 10);
    ck_assert_uint_eq(flags[1], VMLAB_FRAME_USED | VMLAB_FRAME_DIRTY);
    ck_assert_uint_eq(flags[3], VMLAB_FRAME_ACCESSED);
    ck_assert_uint_eq(shootdowns, 0); /* exact visibility: no TLB */
    p->fini(st);
    vmlab_params_free(&params);
}
END_TEST

START_TEST(template_in_local_scope_under_ws)
{
    /*
     * One process, 2 frames, ws with tau = 3: references 1 2 1 3 4 1.
     *   v1 1 F, v2 2 F (memory full), v3 1 H
     *   v4 3 F: nothing 3 old; the process holds every frame, so it replaces
     *      within its own: FIFO's victim is 1 (loaded first), though just used
     *   v5 4 F: 2 (last used v2 <= 5 - 3) leaves the window: remove(2's frame)
     *      from the ring; 4 takes the free frame; ring 3 4
     *   v6 1 F: nothing leaves; victim 3, the oldest left in the ring
     * 5 faults; 3 pages out: 2 victims and 1 left the window.
     */
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    ck_assert_int_eq(vmlab_text_open_string(&s, "1 2 1 3 4 1", "t", VMLAB_UNIT_PAGE, &err), 0);
    struct vmlab_params pp, ap;
    const struct vmlab_policy *p = vmlab_policy_find("template");
    ck_assert_int_eq(vmlab_params_parse(&pp, p->params, NULL, "t", &err), 0);
    ck_assert_int_eq(
        vmlab_params_parse(&ap, vmlab_allocation_params(VMLAB_ALLOC_WS), "tau=3", "t", &err), 0);
    struct vmlab_sim_config cfg = {.policy = p,
                                   .policy_params = &pp,
                                   .frames = 2,
                                   .page_size = 4096,
                                   .scope = VMLAB_SCOPE_LOCAL,
                                   .allocation = VMLAB_ALLOC_WS,
                                   .alloc_params = &ap};
    struct vmlab_sim_result r;
    ck_assert_msg(vmlab_simulate(&cfg, s, &r, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(r.total.faults, 5);
    ck_assert_uint_eq(r.total.evictions, 3);
    vmlab_sim_result_free(&r);
    vmlab_params_free(&pp);
    vmlab_params_free(&ap);
    vmlab_stream_close(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sdk");
    ADD_TEST(s, template_is_fifo);
    ADD_TEST(s, template_second_chance);
    ADD_TEST(s, template_timer);
    ADD_TEST(s, template_hooks_one_by_one);
    ADD_TEST(s, template_in_local_scope_under_ws);
    return test_run_suite(s);
}
