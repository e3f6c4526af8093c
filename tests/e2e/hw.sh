#!/bin/sh
# hw.sh - `vmlab host` and `vmlab calibrate --quick` end to end: JSON that
# says what exists and why the rest does not; calibration that runs in well
# under a minute and infers at least one TLB level.
. "$top_srcdir/tests/e2e/tap.sh"
plan 8

ok "host exits 0" "$VMLAB" host
"$VMLAB" host --json >host.json
ok "host --json is JSON with page sizes and CPUID" python3 -c '
import json, sys
d = json.load(open("host.json"))
assert 4096 in d["page_sizes"], d["page_sizes"]
assert "cpuid" in d and "papi" in d and "perf_software" in d
p = d["papi"]
assert p["available"] or p["reason"], p'
like "host says whether PAPI can count" "$("$VMLAB" host)" 'PAPI.*(hardware counters|counters unavailable|without PAPI)'

start=$(date +%s)
ok "calibrate --quick exits 0" "$VMLAB" calibrate --quick --max-pages 4096 --huge-max-pages 16 -o cal.json
end=$(date +%s)
ok "calibrate --quick takes under a minute" test $((end - start)) -lt 60
ok "calibration document: schema, curves, inferred levels, errors per point" python3 -c '
import json
d = json.load(open("cal.json"))
assert d["schema"] == "vmlab-calibration/1"
pts = d["curves"]["4K"]
assert pts[0]["pages"] == 1 and pts[-1]["pages"] == 4096
assert all("error_pct" in p and "predicted_ns" in p for p in pts)
assert len(d["inferred"]["4K"]["levels"]) >= 1
assert "2M" in d["curves"]'
ok "no counter value without a source: unavailable ones are named with a reason" python3 -c '
import json
d = json.load(open("cal.json"))
for k, why in d["counters_unavailable"].items():
    assert why.startswith("counters unavailable"), (k, why)
    for p in d["curves"]["4K"]:
        assert k not in p.get("counters_per_access", {}), k'
exits "bad option is exit 2" 2 "$VMLAB" calibrate --max-pages 1
done_testing
