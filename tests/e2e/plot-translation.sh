#!/bin/sh
# plot-translation.sh - the plot kinds of translation runs on hand-worked
# cases: `walks` (walk memory references per walk, stacked by level, for
# radix, hashed, cuckoo and nested page tables), `tlb` without the structures
# nothing looked up and with --logy, the labels of huge-page settings, and
# which kinds `vmlab plot` chooses for translation runs.
. "$top_srcdir/tests/e2e/tap.sh"
plan 18

png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}
# row FILE LABEL: the values of the .dat row of LABEL, space-separated
row() {
    awk -F'"' -v l="$2" '$2 == l {sub(/^ /, "", $3); print $3}' "$1"
}

# Four page tables behind a 1-entry TLB, the pages 0 4 8 0 (8 frames): every
# reference walks (4 walks), and nothing is cached on the way:
#   radix 4 levels      1 reference per level per walk          PT PD PDPT PML4 = 1 1 1 1
#   nested 4 + 4        each of the 4 guest entries and the data page needs a host walk:
#                       host levels 5 each, guest 1 each        1 1 1 1, host 5 5 5 5 (24)
#   hashed, 4 buckets, page mod 4: all in bucket 0, new mappings at the chain's head:
#                       walk 0: [0] 1 entry; 4: [4 0] 1; 8: [8 4 0] 1; 0: 3rd
#                       anchors 4, entries 6                    anchors 1, chain 1.5
#   cuckoo, 3 ways      3 parallel probes a walk                probes 3
"$VMLAB" sim --refs 0,4,8,0 --frames 8 --json \
    --mmu '{"name": "radix", "tlb": [{"entries": 1}]}' \
    --mmu '{"name": "nested", "tlb": [{"entries": 1}], "nested": true}' \
    --mmu '{"name": "hashed", "tlb": [{"entries": 1}], "page_table": {"type": "hashed", "buckets": 4, "hash": "modulo"}}' \
    --mmu '{"name": "cuckoo", "tlb": [{"entries": 1}], "page_table": {"type": "cuckoo", "ways": 3}}' \
    >walks.json
ok "walks: plot exits 0" "$VMLAB" plot walks.json -o w --kind walks --format pdf,png
ok "walks: a PDF and a 990x720 PNG (3.3 x 2.4 in)" \
    sh -c "test \"\$(head -c 5 w/walks.pdf)\" = '%PDF-' && test \"$(png_size w/walks.png)\" = 990x720"
is "walks: the parts, leaf first, host last" \
    "$(sed -n 's/^# configuration, then memory references per walk of each part: //p' w/walks.dat)" \
    "PT PD PDPT PML4 PML5 chain anchors probes host_PT host_PD host_PDPT host_PML4 host_PML5"
is "walks: radix, 1 reference per level" "$(row w/walks.dat radix)" "1 1 1 1 0 0 0 0 0 0 0 0 0"
is "walks: nested, 24: 1 per guest level, 5 per host level" "$(row w/walks.dat nested)" \
    "1 1 1 1 0 0 0 0 5 5 5 5 0"
is "walks: hashed, the anchor and 1.5 chain entries" "$(row w/walks.dat hashed)" \
    "0 0 0 0 0 1.5 1 0 0 0 0 0 0"
is "walks: cuckoo, 3 probes" "$(row w/walks.dat cuckoo)" "0 0 0 0 0 0 0 3 0 0 0 0 0"
is "walks: parts 0 everywhere (PML5, host PML5) have no key entry" \
    "$(grep -o 'title "[a-zA-Z0-9 ]*"' w/walks.gp | tr '\n' '|')" \
    'title "PT"|title "PD"|title "PDPT"|title "PML4"|title "chain"|title "anchors"|title "probes"|title "host PT"|title "host PD"|title "host PDPT"|title "host PML4"|'

# Skylake's TLBs on 4 KiB data pages: nothing looks up the 2M and 1G TLBs or the
# instruction TLBs; two huge-page settings, two workloads, one policy
cat >thp.json <<'JSON'
{"workload": ["zipf:pages=5000,refs=20000", "loop:pages=3000,refs=20000"], "policy": "lru",
 "frames": 8192, "mmu": "profile:skylake", "huge_pages": ["never", "always"]}
JSON
"$VMLAB" run thp.json -q -o thp-out.json
ok "translation runs: plot chooses its kinds" "$VMLAB" plot thp-out.json -o t --format png
is "...tlb, cycles and walks; no bars for a single policy" "$(ls t | grep '\.png$' | tr '\n' ' ')" \
    "cycles.png tlb.png walks.png "
is "tlb: only the structures some run looked up" "$(grep -v '^#' t/tlb.dat | cut -d' ' -f1 | tr '\n' ' ')" \
    '"L1d-4K" "L1d-2M" "STLB" '
like "tlb: huge-page settings named as Linux names them" "$(sed -n 3p t/tlb.dat)" \
    '"zipf, THP never" ci95 "zipf, THP always" ci95 "loop, THP never" ci95 "loop, THP always" ci95'
is "tlb: the 2M TLB has no lookups without huge pages" \
    "$(row t/tlb.dat L1d-2M | awk '{print $1, $5}')" "0 0"
least=$(grep -v '^#' t/tlb.dat | tr ' ' '\n' | grep -E '^[0-9.e+-]+$' | awk '$1 > 0' | sort -g | head -1)
ok "tlb --logy: a log axis" "$VMLAB" plot thp-out.json -o tl --format png --kind tlb --logy
is "...from half the least MPKI above 0" "$(grep -E '^set (logscale|yrange)' tl/tlb.gp | tr '\n' '|')" \
    "set logscale y 10|set yrange [$(awk -v x="$least" 'BEGIN {printf "%.6g", x / 2}'):*]|"

printf '{"workload": "loop:pages=4,refs=8", "policy": "lru", "frames": 2}\n' >plain.json
"$VMLAB" run plain.json -q -o plain-out.json
exits "walks of runs without translation: exit 2" 2 "$VMLAB" plot plain-out.json -o none --kind walks
like "...saying why" "$("$VMLAB" plot plain-out.json -o none --kind walks 2>&1)" \
    'walks: no run has translation.walk_refs'
ok "the man page names the walks kind" grep -q '^\.B walks$' "$top_srcdir/docs/vmlab.1"
done_testing
