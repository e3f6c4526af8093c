/*
 * cmd_sim.c - `vmlab sim`: one-shot simulation, the way a textbook or
 * libCacheSim's cachesim is used. The command line becomes an experiment
 * object (printed into the results as "experiment"), run by the same runner
 * as `vmlab run`: one code path for both.
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "core/config.h"
#include "core/runner.h"
#include "results/results.h"

static void help(void)
{
    printf(
        "usage: vmlab sim [TRACE | --refs LIST | --workload SPEC] [options]\n"
        "\n"
        "Simulate every combination of the policies and memory sizes given.\n"
        "\n"
        "input (exactly one):\n"
        "  TRACE                 a trace file (- for standard input)\n"
        "  --refs LIST           an inline reference string: 7,0,1,2,0,3\n"
        "  --workload SPEC       a synthetic workload: 'zipf:pages=100000,alpha=0.9,refs=1e7'\n"
        "  --format SPEC         trace format, with options: csv:id=obj_id (default: recognised\n"
        "                        from the file's first bytes; see vmlab list formats)\n"
        "  --unit page|byte      are the numbers page numbers or byte addresses (default: as the\n"
        "                        trace or its format says; page for --refs)\n"
        "\n"
        "model:\n"
        "  --policy LIST         policies, comma-separated, with parameters as\n"
        "                        name:k=v,k=v (default lru): 'lru,fifo,clock:flush=false'\n"
        "  --frames LIST         frame counts, comma-separated, ranges A-B allowed: 3,4 or 1-8;\n"
        "                        A-B:STEP, A-all:xK and all as in vmlab mrc\n"
        "  --memory LIST         memory sizes instead of frames: 64M,256M\n"
        "  --page-size SIZE      page size, K/M/G suffixes (default 4K)\n"
        "  --visibility MODE     exact (the policy sees every access) or hardware (only\n"
        "                        accessed/dirty bits); default exact\n"
        "  --seed N              seed of randomised workloads and policies (default 1)\n"
        "  --plugin PATH         load a policy plugin (repeatable)\n"
        "\n"
        "translation (docs/mmu.md):\n"
        "  --mmu SPEC            translate every reference through an MMU model: profile:NAME\n"
        "                        (vmlab list mmu), a JSON file, inline JSON '{...}' or none;\n"
        "                        repeat for a sweep\n"
        "  --huge-pages POLICY   never, always or khugepaged (default never)\n"
        "  --pcid on|off|N       tag TLB entries by address space (default on), flush on every\n"
        "                        switch (off), or N PCIDs reused least recently used\n"
        "\n"
        "processes and allocation (several ASIDs):\n"
        "  --scope LIST          global (one policy over all frames; default) or local\n"
        "                        (one policy per process over its own frames)\n"
        "  --quota Q             local scope's fixed quotas: equal (default), proportional\n"
        "                        (to distinct pages), or shares by ascending ASID: 1,2,1\n"
        "  --allocation LIST     fixed (default), ws:tau=N (working set) or\n"
        "                        pff:upper=R,lower=R (page-fault frequency); ws and pff\n"
        "                        suspend processes when memory is overcommitted\n"
        "  --fault-cost N        modelled time of a fault, in references (default 10000)\n"
        "\n"
        "output:\n"
        "  --steps               the step-by-step table of each run (frames after every\n"
        "                        reference, fault, victim), for short reference strings\n"
        "  --json                print the results document instead of the table\n");
}

/* ---- the step-by-step table ---- */

struct steps {
    struct table t;
    uint32_t nframes;
    const char **head;
    char **names;
    int *right;
    unsigned shift;
    bool bytes;
};

static void page_text(uint64_t key, char *buf, size_t len)
{
    uint32_t asid = vmlab_page_key_asid(key);
    uint64_t page = vmlab_page_key_page(key);
    if (asid)
        snprintf(buf, len, "%u:%" PRIu64, asid, page);
    else
        snprintf(buf, len, "%" PRIu64, page);
}

static void steps_begin(void *arg, const struct vmlab_cell *c, size_t ncells, const char *policy,
                        const char *workload)
{
    struct steps *s = arg;
    s->nframes = c->frames;
    size_t ncols = 4 + c->frames;
    s->head = cli_need(calloc(ncols, sizeof *s->head));
    s->names = cli_need(calloc(ncols, sizeof *s->names));
    s->right = cli_need(calloc(ncols, sizeof *s->right));
    s->head[0] = "t";
    s->head[1] = "ref";
    for (uint32_t f = 0; f < c->frames; f++) {
        char buf[16];
        snprintf(buf, sizeof buf, "f%u", f);
        s->names[2 + f] = cli_need(strdup(buf));
        s->head[2 + f] = s->names[2 + f];
    }
    s->head[2 + c->frames] = "fault";
    s->head[3 + c->frames] = "victim";
    for (size_t i = 0; i < ncols; i++)
        s->right[i] = i < 2 + c->frames;
    table_init(&s->t, ncols, s->head, s->right);
    printf("%s%s, %u frames, %s\n", c->index ? "\n" : "", policy, c->frames, workload);
}

static void steps_step(void *arg, const struct vmlab_step *st)
{
    struct steps *s = arg;
    size_t ncols = 4 + s->nframes;
    char **cells = cli_need(calloc(ncols, sizeof *cells));
    char buf[64];
    snprintf(buf, sizeof buf, "%" PRIu64, st->time + 1);
    cells[0] = cli_need(strdup(buf));
    page_text(st->key, buf, sizeof buf);
    cells[1] = cli_need(strdup(buf));
    for (uint32_t f = 0; f < s->nframes; f++) {
        if (vmlab_frame_used(st->frames, f)) {
            page_text(st->frames->key[f], buf, sizeof buf);
            cells[2 + f] = cli_need(strdup(buf));
        }
    }
    cells[2 + s->nframes] = cli_need(strdup(st->fault ? "F" : ""));
    if (st->evicted) {
        page_text(st->victim_key, buf, sizeof buf);
        cells[3 + s->nframes] = cli_need(strdup(buf));
    }
    table_row(&s->t, (const char *const *)cells);
    for (size_t i = 0; i < ncols; i++)
        free(cells[i]);
    free(cells);
}

static void steps_end(void *arg, const struct vmlab_cell *c, size_t ncells,
                      const struct vmlab_sim_result *r)
{
    struct steps *s = arg;
    table_print(&s->t, stdout);
    printf("%" PRIu64 " faults in %" PRIu64 " references (%" PRIu64 " compulsory)\n",
           r->total.faults, r->total.refs, r->total.compulsory_faults);
    table_free(&s->t);
    for (size_t i = 0; i < 4 + (size_t)s->nframes; i++)
        free(s->names[i]);
    free(s->names);
    free(s->head);
    free(s->right);
}

/* ---- the command ---- */

int cmd_sim(int argc, char **argv)
{
    enum { O_JSON = CLI_O_NEXT, O_STEPS, O_MMU, O_HUGE, O_PCID };
    static const struct option opts[] = {
        CLI_INPUT_OPTIONS,
        {"json", no_argument, NULL, O_JSON},
        {"steps", no_argument, NULL, O_STEPS},
        {"mmu", required_argument, NULL, O_MMU},
        {"huge-pages", required_argument, NULL, O_HUGE},
        {"pcid", required_argument, NULL, O_PCID},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct cli_input in;
    cli_input_init(&in);
    bool json_out = false, steps = false;
    int c, status;
    /* translation model (issue 4) */
    const char *mmu_specs[32];
    size_t nmmu = 0;
    const char *huge = NULL, *pcid = NULL;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_input_option(&in, c, optarg, &status)) {
            if (status)
                return status;
            continue;
        }
        switch (c) {
        case O_JSON: json_out = true; break;
        case O_STEPS: steps = true; break;
        case O_MMU:
            if (nmmu == sizeof mmu_specs / sizeof mmu_specs[0])
                return cli_usage("sim", "--mmu: at most %zu models", nmmu);
            mmu_specs[nmmu++] = optarg;
            break;
        case O_HUGE: huge = optarg; break;
        case O_PCID: pcid = optarg; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("sim", "unknown option");
        }
    }
    json_t *doc = cli_input_experiment("sim", &in, argc, argv, optind, &status);
    if (!doc)
        return status;
    const char *input_opt = in.input_opt;
    uint64_t pagev = in.page_bytes;
    /* translation model (issue 4) */
    json_t *mmus = json_array();
    for (size_t i = 0; i < nmmu; i++) {
        json_error_t jerr;
        json_t *m = mmu_specs[i][0] == '{' ? json_loads(mmu_specs[i], 0, &jerr)
                                           : json_string(mmu_specs[i]);
        if (!m) {
            json_decref(mmus);
            json_decref(doc);
            return cli_usage("sim", "--mmu: malformed JSON at %d: %s", jerr.position, jerr.text);
        }
        json_array_append_new(mmus, m);
    }
    if (nmmu)
        json_object_set(doc, "mmu", nmmu == 1 ? json_array_get(mmus, 0) : mmus);
    json_decref(mmus);
    if (huge)
        json_object_set_new(doc, "huge_pages", json_string(huge));
    if (pcid) {
        uint64_t npcid;
        json_t *pv = !strcmp(pcid, "on")      ? json_true()
                     : !strcmp(pcid, "off")   ? json_false()
                     : !vmlab_parse_count(pcid, &npcid) ? json_integer((json_int_t)npcid)
                                                        : json_string(pcid);
        json_object_set_new(doc, "pcid", pv);
    }
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    int rc = vmlab_experiment_parse(&e, doc, "command line", "", "sim", &err);
    json_decref(doc);
    if (rc) {
        cli_map_paths(&err, input_opt);
        return cli_fail(&err);
    }
    struct steps st = {0};
    struct vmlab_run_hooks hooks = {
        .cell_begin = steps_begin,
        .step = steps_step,
        .cell_end = steps_end,
        .arg = &st,
    };
    if (steps) {
        for (size_t i = 0; i < e.nsizes; i++) {
            uint64_t f = e.by_memory ? e.sizes[i] / pagev : e.sizes[i];
            if (f > 32) {
                vmlab_experiment_free(&e);
                return cli_usage("sim", "--steps draws at most 32 frames (asked for %" PRIu64 ")",
                                 f);
            }
        }
    }
    json_t *results = NULL;
    rc = vmlab_experiment_run(&e, steps ? &hooks : NULL, &results, &err);
    vmlab_experiment_free(&e);
    if (rc) {
        cli_map_paths(&err, input_opt);
        return cli_fail(&err);
    }
    if (json_out) {
        rc = vmlab_results_write(results, "-", &err);
    } else {
        if (steps)
            printf("\n");
        cli_print_runs(stdout, results);
        cli_print_translation(stdout, results); /* translation model (issue 4) */
    }
    json_decref(results);
    return rc ? cli_fail(&err) : EXIT_OK;
}
