#!/bin/sh
# results.sh - `vmlab results merge|csv|show` on small documents with
# hand-worked values, the summary over seeds against a by-hand computation,
# and the input errors (one line naming the file and JSON path, exit 2).
. "$top_srcdir/tests/e2e/tap.sh"
plan 36

# Belady's string: FIFO faults 9, 10, 5 with 3, 4, 5 frames; LRU 10, 8; OPT 7, 6, 5
refs=1,2,3,4,1,2,5,1,2,3,4,5
"$VMLAB" sim --refs $refs --policy fifo,lru --frames 3,4 --json >a.json
"$VMLAB" sim --refs $refs --policy fifo,opt --frames 3,4,5 --json >b.json

# ---- merge ----
ok "merge exits 0" "$VMLAB" results merge a.json b.json -o merged/all.json
is "merge reports runs and duplicates (fifo at 3 and 4 frames are in both)" \
    "$("$VMLAB" results merge a.json b.json -o all2.json 2>&1)" \
    "vmlab results merge: 2 documents, 8 runs (2 duplicate runs dropped: same cell, seed and results) -> all2.json"
prov=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(s["file"] for s in d["sources"]), "|",
      " ".join("%s%d:%d" % (r["params"]["policy"], r["params"]["frames"], r["source"]) for r in d["runs"]),
      "|", d["host"]["hostname"] == d["sources"][0]["host"]["hostname"], "summary" in d)' merged/all.json)
is "each run keeps its source; one host, kept; one seed, no summary" "$prov" \
    "a.json b.json | fifo3:0 fifo4:0 lru3:0 lru4:0 fifo5:1 opt3:1 opt4:1 opt5:1 | True False"
ok "merging a merge with another document" "$VMLAB" results merge merged/all.json a.json -o m2.json
is "...carries the sources over and drops the repeats" \
    "$(python3 -c 'import json; d = json.load(open("m2.json")); print(len(d["sources"]), len(d["runs"]))')" \
    "3 8"

# a run of the same cell and seed with other results is refused, naming both
sed 's/"faults": 5,/"faults": 6,/' b.json >conflict.json
exits "a conflicting duplicate is refused (exit 2)" 2 "$VMLAB" results merge b.json conflict.json -o x.json
is "...with one line naming both runs and the difference" "$("$VMLAB" results merge b.json conflict.json -o x.json 2>&1)" \
    'vmlab: conflict.json: $.runs[2]: the same cell and seed as b.json $.runs[2] but different results (metrics.faults: 5 vs 6)'
ok "...and writes nothing" test ! -e x.json
sed 's/"faults": "faults"/"faults": "pages"/' b.json >units.json
is "documents whose units disagree are not merged" "$("$VMLAB" results merge a.json units.json -o x.json 2>&1)" \
    'vmlab: units.json: $.units.faults: is "pages" but a.json says "faults": the documents measure faults differently and cannot be merged'

# ---- show ----
is "show: the table of the merged runs, sorted like one sweep" "$("$VMLAB" results show merged/all.json --metrics faults,major_faults,evictions)" \
"policy  frames  faults  major_faults  evictions
------  ------  ------  ------------  ---------
fifo         3       9             4          6
fifo         4      10             5          6
fifo         5       5             0          0
lru          3      10             5          7
lru          4       8             3          4
opt          3       7             2          4
opt          4       6             1          2
opt          5       5             0          0"
# by policy, over frames: FIFO 9 10 5: mean 8, sd sqrt(7), ci 4.302653 sqrt(7/3) = 6.57;
# LRU 10 8: mean 9, sd sqrt(2), ci 12.706205 (t 0.975 with 1 df) = 12.7; OPT 7 6 5: 6, 1, 2.48
is "show --by policy: means and 95% intervals over the group" "$("$VMLAB" results show merged/all.json --by policy --metrics faults)" \
"policy  n  faults  ±95%
------  -  ------  ----
fifo    3       8  6.57
lru     2       9  12.7
opt     3       6  2.48"
is "show --where keeps matching runs; --by frames" "$("$VMLAB" results show merged/all.json --where policy=fifo,frames=4 --by frames --metrics faults,fault_ratio)" \
"frames  faults  fault_ratio
------  ------  -----------
     4      10     0.833333"
exits "show --by with a key no run has: exit 2" 2 "$VMLAB" results show a.json --by polcy
is "...naming it" "$("$VMLAB" results show a.json --by polcy 2>&1 | head -1)" \
    "vmlab results show: --by: no run has a param or metric 'polcy'"
exits "show --metrics with an unknown metric: exit 2" 2 "$VMLAB" results show a.json --metrics faultz
exits "show --where matching nothing: exit 2" 2 "$VMLAB" results show a.json --where frames=99

# translation keys, short: L2 MPKI of the hand-made runs (tests/data/translation.json),
# 4K pages: 40 50 400 420 -> 227.5; 2M pages: 5 5 100 110 -> 55
is "show --metrics with translation keys, grouped by page size" \
    "$("$VMLAB" results show "$top_srcdir/tests/data/translation.json" --by page_size --metrics tlb.L2.mpki | cut -c1-25)" \
"page_size  n  tlb.L2.mpki
---------  -  -----------
       4K  4        227.5
       2M  4           55"

# ---- csv ----
ok "csv exits 0" "$VMLAB" results csv merged/all.json -o all.csv
is "records end with CRLF (RFC 4180)" "$(head -1 all.csv | od -An -c | tr -d ' \n' | tail -c 4)" '\r\n'
is "the header: indices, provenance, flat params, metrics, timing" "$(head -1 all.csv | tr -d '\r')" \
    "run,cell,source.file,source.hostname,params.workload,params.workload_name,params.policy,params.policy_name,params.frames,params.memory_bytes,params.page_size,params.seed,params.visibility,params.scope,params.allocation,params.allocation_name,params.fault_cost,metrics.refs,metrics.hits,metrics.faults,metrics.compulsory_faults,metrics.major_faults,metrics.evictions,metrics.writebacks,metrics.cleanings,metrics.shootdowns,metrics.reads,metrics.writes,metrics.ifetches,metrics.fault_ratio,metrics.hit_ratio,metrics.frames_end,metrics.frames_avg,metrics.frames_max,metrics.suspensions,metrics.forced_resumes,metrics.deferred_refs,metrics.modelled_time,metrics.throughput,timing.wall_s,timing.refs_per_s"
host=$(python3 -c 'import json; print(json.load(open("a.json"))["host"]["hostname"])')
is "a workload label with commas is one quoted field" "$(sed -n 2p all.csv | cut -d'"' -f1-2)" \
    "0,0,a.json,$host,\"inline:refs='1,2,3,4,1,2,5,1,2,3,4,5',unit=page"
rows=$(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    print(r["params.policy"], r["params.frames"], r["metrics.faults"], r["metrics.fault_ratio"])' all.csv | tr '\n' ';')
is "pandas/R read it back: policy, frames, faults, fault ratio (exact reals)" "$rows" \
    "fifo 3 9 0.75;fifo 4 10 0.8333333333333334;lru 3 10 0.8333333333333334;lru 4 8 0.6666666666666666;fifo 5 5 0.4166666666666667;opt 3 7 0.5833333333333334;opt 4 6 0.5;opt 5 5 0.4166666666666667;"
is "--processes: a row per address space" "$("$VMLAB" results csv a.json --processes | cut -d, -f1-3 | tr -d '\r' | tr '\n' ' ')" \
    "run,cell,asid 0,0,0 1,1,0 2,2,0 3,3,0 "

# ---- repetitions over seeds: the summary against a by-hand computation ----
cat >seeds.json <<'JSON'
{"name": "seeds", "workload": "zipf:pages=400,alpha=0.8,refs=4000",
 "policy": ["lru", "random"], "frames": [16, 64], "seeds": {"count": 3, "first": 7}}
JSON
ok "an experiment with seeds runs" "$VMLAB" run seeds.json -q -o seeds-out.json
check=$(python3 -c '
import json, math, statistics, sys
d = json.load(open(sys.argv[1]))
T = 0.95 * math.sqrt(2 / 0.0975)        # t(0.975, 2) = 4.302653, closed form
out = []
for c in d["summary"]["cells"]:
    runs = [d["runs"][i] for i in c["runs"]]
    assert sorted(r["params"]["seed"] for r in runs) == [7, 8, 9], c["seeds"]
    assert "seed" not in c["params"] and "seed=" not in c["params"]["workload"]
    x = [r["metrics"]["faults"] for r in runs]
    s = c["stats"]["metrics.faults"]
    m, sd = sum(x) / 3, statistics.stdev(x)
    ok = s["n"] == 3 and abs(s["mean"] - m) < 1e-9 and abs(s["sd"] - sd) < 1e-9 \
         and abs(s["ci95"] - T * sd / math.sqrt(3)) < 1e-9 and s["min"] == min(x) and s["max"] == max(x)
    out.append("%s/%d:%s" % (c["params"]["policy"], c["params"]["frames"], "ok" if ok else "BAD %r %r" % (x, s)))
print(len(d["runs"]), d["summary"]["confidence"], " ".join(out))' seeds-out.json)
is "summary: per cell, mean, sd and the Student-t 95% interval of its three seeds" "$check" \
    "12 0.95 lru/16:ok lru/64:ok random/16:ok random/64:ok"
like "show averages the seeds and prints the interval" "$("$VMLAB" results show seeds-out.json --metrics faults | head -1)" \
    '^policy  frames  n +faults  ±95%$'
is "csv --summary: a row per cell" "$("$VMLAB" results csv seeds-out.json --summary | cut -d, -f1-3 | tr -d '\r' | tr '\n' ' ')" \
    "cell,n,seeds 0,3,7 8 9 1,3,7 8 9 2,3,7 8 9 3,3,7 8 9 "
printf '{"workload": "loop:pages=5", "policy": "lru", "frames": 2, "seeds": [1, 2, 1]}\n' >dup.json
exits "a seed given twice is refused" 2 "$VMLAB" run dup.json -q
is "...naming the JSON path" "$("$VMLAB" run dup.json -q 2>&1)" 'vmlab: dup.json: $.seeds[2]: seed 1 repeats $.seeds[0]'

# ---- bad input: one line naming the file and the JSON path, exit 2 ----
sed 's|vmlab-results/1|vmlab-results/2|' a.json >v2.json
exits "a document of another schema version: exit 2" 2 "$VMLAB" results show v2.json
is "...one line naming file and path" "$("$VMLAB" results csv v2.json 2>&1)" \
    'vmlab: v2.json: $.schema: is vmlab-results/2; this vmlab reads vmlab-results/1'
head -c 200 a.json >badtrunc.json
exits "a truncated document: exit 2" 2 "$VMLAB" results merge a.json badtrunc.json
like "...naming file, line and column" "$("$VMLAB" results merge a.json badtrunc.json 2>&1)" \
    '^vmlab: badtrunc.json:[0-9]+:[0-9]+: malformed JSON: .+$'
python3 -c '
import json; d = json.load(open("a.json")); d["runs"][1]["metrics"] = "none"
json.dump(d, open("badmetrics.json", "w"))'
is "a run whose metrics is not an object" "$("$VMLAB" results show badmetrics.json 2>&1)" \
    'vmlab: badmetrics.json: $.runs[1].metrics: expected an object'
exits "...exits 2" 2 "$VMLAB" results csv badmetrics.json
exits "an unknown subcommand: exit 2" 2 "$VMLAB" results frobnicate a.json
done_testing
