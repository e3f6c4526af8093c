/*
 * testlib.h - what the unit tests share: running a Check suite with TAP
 * output (one line per test, counted by the automake TAP driver), and
 * simulating a reference string through a policy in one call.
 */
#ifndef VMLAB_TESTLIB_H
#define VMLAB_TESTLIB_H

#include <check.h>
#include <stdint.h>

#include <vmlab/vmlab.h>

/* Belady, Nelson and Shedler 1969: the anomaly string (FIFO: 9 faults in 3 frames, 10 in 4). */
#define TEST_BELADY "1,2,3,4,1,2,5,1,2,3,4,5"
/* Silberschatz, Operating System Concepts, the chapter's reference string. */
#define TEST_SILBERSCHATZ "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1"

/* One TCase per test function, named after it, so every TAP line names its test. */
#define ADD_TEST(suite, fn)                         \
    do {                                            \
        TCase *tc_ = tcase_create(#fn);             \
        tcase_set_timeout(tc_, 120);                \
        tcase_add_test(tc_, fn);                    \
        suite_add_tcase(suite, tc_);                \
    } while (0)

/* Run @s, print TAP on stdout. Return: the process exit status. */
int test_run_suite(Suite *s);

/*
 * Simulate the text-syntax reference string @refs (page numbers) through
 * policy @spec ("lru", "clock:flush=false") with @frames frames.
 * Fails the current test on any error. Return: the run's totals.
 */
struct vmlab_metrics test_sim(const char *spec, const char *refs, uint32_t frames);

/* The same with a visibility and a seed. */
struct vmlab_metrics test_sim_ex(const char *spec, const char *refs, uint32_t frames,
                                 int visibility, uint64_t seed);

/* The same over references in memory (unit page). */
struct vmlab_metrics test_sim_refs(const char *spec, const struct vmlab_ref *refs, size_t n,
                                   uint32_t frames);

/* The same over references in memory (unit page), with a visibility and a seed. */
struct vmlab_metrics test_sim_refs_ex(const char *spec, const struct vmlab_ref *refs, size_t n,
                                      uint32_t frames, int visibility, uint64_t seed);

/* The same over any stream (not closed). */
struct vmlab_metrics test_sim_stream(const char *spec, struct vmlab_stream *s, uint32_t frames,
                                     int visibility, uint64_t seed);

struct vmlab_experiment;

/*
 * Parse the experiment JSON text @json (which must be valid JSON; relative
 * paths from ".", name "exp"). Return: vmlab_experiment_parse's code.
 */
int test_parse_experiment(struct vmlab_experiment *e, const char *json, struct vmlab_error *err);

/* Victims, in order, of simulating @refs: written as "4 1 2" into @buf. */
void test_victims(const char *spec, const char *refs, uint32_t frames, char *buf, size_t len);

/* The same in visibility @visibility. */
void test_victims_ex(const char *spec, const char *refs, uint32_t frames, int visibility,
                     char *buf, size_t len);

/*
 * Open workload @spec ("zipf:pages=10") with 4 KiB pages, its seed @seed
 * unless the spec sets one (as a run does). Return: 0 with *s, or the error
 * code with @err filled (the spec's parse or the workload's open).
 */
int test_workload_open(const char *spec, uint64_t seed, struct vmlab_stream **s,
                       struct vmlab_error *err);

/* Open @spec (failing the current test on any error), read it whole: *n references, malloc'd. */
struct vmlab_ref *test_workload_read(const char *spec, uint64_t seed, size_t *n);

/* Victims of simulating @n references in memory (unit page); fails when @len is too small. */
void test_victims_refs(const char *spec, const struct vmlab_ref *refs, size_t n, uint32_t frames,
                       int visibility, char *buf, size_t len);

/*
 * Simulate the text-syntax string @refs and assert the fault count and the
 * victims in order ("3 2 1"), naming @spec in failures. Return: the totals.
 */
struct vmlab_metrics test_expect(const char *spec, const char *refs, uint32_t frames,
                                 int visibility, uint64_t faults, const char *victims);

/* Assert that @spec faults no more with each frame added, 1..@max_frames, on @refs (@what). */
void test_check_stack(const char *spec, const struct vmlab_ref *refs, size_t n,
                      uint32_t max_frames, const char *what);

/*
 * Read generator @spec as test_workload_read does, as page numbers (its byte
 * addresses over 4 KiB pages) into *@refs (malloc'd). Return: how many.
 */
size_t test_workload_refs(const char *spec, uint64_t seed, struct vmlab_ref **refs);

/* ---- helpers of the modern-policy tests (issue 3), usable by any test ---- */

/* Read the page-unit trace file @path (format recognised) whole: *n references, malloc'd. */
struct vmlab_ref *test_trace_read(const char *path, size_t *n);

/*
 * Simulate the text-syntax @refs without failing the test on error.
 * Return: vmlab_simulate's code (0 or < 0, with @err filled).
 */
int test_sim_status(const char *spec, const char *refs, uint32_t frames, int visibility,
                    struct vmlab_error *err);

/* ---- recorded results (issue 8: policies made faster must choose as before) ---- */

/* What identifies a run's choices: equal fingerprints, the same victims in the same order. */
struct test_fingerprint {
    uint64_t faults;
    uint64_t hash; /* FNV-1a (64 bits) of each victim's page key in order, then of the
                      write-backs, cleanings and shoot-downs */
};

/*
 * Simulate @n references in memory (unit page, seed 1) through @spec in
 * @frames frames, with scope @scope and allocation @allocation (enum
 * vmlab_scope, enum vmlab_allocation; local scope rewinds the references).
 * Fails the current test on any error. Return: the run's fingerprint.
 */
struct test_fingerprint test_fingerprint(const char *spec, const struct vmlab_ref *refs, size_t n,
                                         uint32_t frames, int visibility, int scope,
                                         int allocation);

/*
 * A recorded run: policy @spec on recorded trace @trace (test_check_recorded's
 * list), in @visibility, globally (allocation -1) or with local scope and
 * allocation @allocation, and the fingerprint it gave when recorded.
 */
struct test_recorded {
    const char *spec;
    unsigned trace;
    int visibility;
    int allocation; /* -1: global scope; else enum vmlab_allocation, local scope */
    uint64_t faults, hash;
};

/*
 * Assert that each of the @n runs @rows gives its recorded fingerprint, on
 * the three generator traces below (each over its own frames):
 *   0: zipf, 5000 pages, alpha 0.8, 30% writes, 40000 references; 500 frames
 *   1: phases of locality (300 pages of 4000, 4000 references a phase, 20%
 *      writes), 40000 references; 400 frames
 *   2: three processes taking turns (zipf, a loop, hot/cold), 45000
 *      references; 600 frames
 * With VMLAB_TEST_RECORD=1 in the environment it prints the rows with the
 * fingerprints of this build instead (to record them, before a change that
 * must not alter any choice).
 */
void test_check_recorded(const struct test_recorded *rows, size_t n);

#endif /* VMLAB_TESTLIB_H */
