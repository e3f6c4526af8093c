#!/bin/sh
# hw.sh - `vmlab host` and `vmlab calibrate --quick` end to end: JSON that
# says what exists and why the rest does not; a calibration that runs in
# well under a minute, writes an MMU profile an experiment runs with, and a
# document whose points, fits, profile and model predictions agree with each
# other. Nothing here asserts a host-specific number: CI machines differ.
. "$top_srcdir/tests/e2e/tap.sh"
plan 19

ok "host exits 0" "$VMLAB" host
"$VMLAB" host --json >host.json
ok "host --json is JSON with page sizes and CPUID" python3 -c '
import json, sys
d = json.load(open("host.json"))
assert 4096 in d["page_sizes"], d["page_sizes"]
assert "cpuid" in d and "papi" in d and "perf_software" in d
c = d["cpuid"]
assert "reason" in c or isinstance(c["hypervisor"], bool), c
p = d["papi"]
assert p["available"] or p["reason"], p'
like "host says whether PAPI can count" "$("$VMLAB" host)" 'PAPI.*(hardware counters|counters unavailable|without PAPI)'

start=$(date +%s)
ok "calibrate --quick exits 0" "$VMLAB" calibrate --quick --max-pages 4096 --huge-max-pages 16 \
    -o cal/calibration.json
end=$(date +%s)
ok "calibrate --quick takes under a minute" test $((end - start)) -lt 60
echo "# calibrate --quick took $((end - start)) s"
ok "the document: schema, curves from 1 to the last N, clock, settings" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
assert d["schema"] == "vmlab-calibration/1"
pts = d["curves"]["4K"]
assert pts[0]["pages"] == 1 and pts[-1]["pages"] == 4096
assert [p["pages"] for p in pts] == sorted(set(p["pages"] for p in pts))
assert "2M" in d["curves"]
assert d["clock"]["ghz"] > 0 and d["clock"]["timer_overhead_ns"] >= 0
assert d["settings"]["quick"] is True'
ok "every point: measured, modelled, and the error between them" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
for size, pts in d["curves"].items():
    base = d["inferred"][size]["base_ns"]
    ghz = d["clock"]["ghz"]
    for p in pts:
        m = p["model"]
        tlb = base + (m["cycles_per_access"] - m["dense_cycles_per_access"]) / ghz
        assert abs(p["predicted_tlb_ns"] - tlb) < 1e-6, p
        assert abs(p["predicted_ns"] - (p["dense_ns"] + tlb)) < 1e-6, p
        e = 100 * (p["predicted_ns"] - p["sparse_ns"]) / p["sparse_ns"]
        assert abs(p["error_pct"] - e) < 1e-6, p
        assert p["sparse_ns_min"] <= p["sparse_ns"] <= p["sparse_ns_max"], p
        assert p["measurements"] >= 1
        assert m["cycles_per_access"] >= 1, p   # every access looks level 1 up
    errs = [abs(p["error_pct"]) for p in pts]
    me = d["model_error"][size]
    assert abs(me["max_abs_pct"] - max(errs)) < 1e-6 and abs(me["mean_abs_pct"] - sum(errs) / len(errs)) < 1e-6'
ok "the fit: steps in order, each a level, the walk, or a walk cost past it" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
for size, f in d["inferred"].items():
    lv = f["levels"]
    L = f["tlb_levels"]
    assert L >= 1
    assert [s["entries"] for s in lv] == sorted(s["entries"] for s in lv)
    for k, s in enumerate(lv):
        role = "next-level" if k + 1 < L else "walk" if k + 1 == L else "unmodelled"
        assert s["role"] == role, (k, s, L)
        assert s["rise_end"] > s["entries"]
        assert s["ways"] == "full" or s["entries"] % s["ways"] == 0, s
        assert abs(s["miss_cycles"] - round(max(0, s["miss_ns"]) * d["clock"]["ghz"])) <= 1, s'
ok "the profile: written where the document says, and the same" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
assert d["profile_path"] == "cal/host.json"
assert json.load(open("cal/host.json")) == d["profile"]'
ok "the profile holds the inferred levels: entries, ways, latencies" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
p = d["profile"]
assert p["name"] == "host" and "vmlab calibrate" in p["source"]
tlbs = {t["name"]: t for t in p["tlb"]}
f = d["inferred"]["4K"]
for k, s in enumerate(f["levels"][:f["tlb_levels"]]):
    t = [t for t in p["tlb"] if t["level"] == k + 1 and t["page_sizes"] == ["4K"]
         and t["type"] != "instruction"]
    assert len(t) == 1, (k, p["tlb"])
    t = t[0]
    assert t["entries"] == s["entries"], (t, s)
    assert t["ways"] == (s["ways"] if s["ways_shown"] else "full"), (t, s)
    assert t["latency"] == (1 if k == 0 else f["levels"][k - 1]["miss_cycles"]), (t, s)
if len(f["levels"]) >= f["tlb_levels"]:
    assert sum(p["cost"]["walk_mem"]) >= f["levels"][f["tlb_levels"] - 1]["miss_cycles"] - 1'
cat >cal/exp.json <<'EOF'
{"name": "on-the-host", "workload": "chase:nodes=3000,refs=30000", "policy": "lru",
 "frames": 4096, "mmu": "host.json"}
EOF
ok "an experiment with \"mmu\": the calibrated profile runs" "$VMLAB" run cal/exp.json -q -o cal/run.json
ok "...translated by the host model" python3 -c '
import json
d = json.load(open("cal/run.json"))
t = d["runs"][0]["translation"]
assert t["model"]["name"] == "host", t["model"]
assert t["walks"] >= 3000'
ok "vmlab sim --mmu takes the profile file" "$VMLAB" sim --workload chase:nodes=100 --frames 128 \
    --mmu cal/host.json
ok "experiments/calibration.json runs with profile:host from VMLAB_MMU_PATH" \
    env VMLAB_MMU_PATH=cal "$VMLAB" run "$top_srcdir/experiments/calibration.json" -q -o cal/cmp.json
ok "...the host against two shipped cores, on four chase sizes" python3 -c '
import json
runs = json.load(open("cal/cmp.json"))["runs"]
assert sorted(set(r["translation"]["model"]["name"] for r in runs)) == ["host", "skylake", "zen4"]
assert len(runs) == 12'
ok "the plot draws the document: measured vs modelled, a figure per page size" \
    sh -c "'$VMLAB' plot cal/calibration.json -o cal/fig --format png && test -s cal/fig/calibration-4K.png && test -s cal/fig/calibration-2M.png"
ok "no counter value without a source: unavailable ones are named with a reason" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
for k, why in d["counters_unavailable"].items():
    assert why.startswith("counters unavailable"), (k, why)
    for pts in d["curves"].values():
        for p in pts:
            assert k not in p.get("counters_per_access", {}), k'
ok "CPUID comparison: every level compared, or why not" python3 -c '
import json
d = json.load(open("cal/calibration.json"))
for c in d["cpuid_comparison"]:
    assert (c["cpuid_entries"] is None) == (c["agrees"] is None), c
    assert c["cpuid_entries"] is not None or c["note"], c'
exits "bad option is exit 2" 2 "$VMLAB" calibrate --max-pages 1
done_testing
