#!/bin/sh
# experiments.sh - the translation experiments of experiments/ (issue 7),
# each run as shipped: tlb-reach, walk-caches, nested. Their results
# validate against the JSON Schema (tap.sh, at exit), their figures render,
# and they show what docs/experiments.md says they show: closed forms
# exactly, the rest as inequalities.
. "$top_srcdir/tests/e2e/tap.sh"
plan 41

E="$top_srcdir/experiments"
# facts DOC: one line per run, "workload mmu_name huge_pages: k=v k=v ..." with
#   walks, promotions, faults, stlb (STLB misses), mpki (STLB MPKI), guest and host
#   (walk references, both dimensions), wcyc (walk cycles per reference), and per
#   walk cache NAME.lookups / NAME.hits
facts() {
    python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["runs"]:
    p, m, t = r["params"], r["metrics"], r["translation"]
    stlb = [x for x in t["tlb"] if x["name"] == "STLB"][0]
    f = {"walks": t["walks"], "promotions": t["promotions"], "faults": m["faults"],
         "stlb": stlb["misses"], "mpki": stlb["mpki"], "guest": sum(t["walk_refs"]),
         "host": sum(t["host_walk_refs"]), "hostpt": (t["host_walk_refs"] or [0])[-1],
         "wcyc": t["walk_cycles"] / m["refs"]}
    for c in t["pwc"]:
        f[c["name"] + ".lookups"], f[c["name"] + ".hits"] = c["lookups"], c["hits"]
    print("%s %s %s:" % (p["workload_name"], p["mmu_name"], p["huge_pages"]),
          " ".join("%s=%r" % kv for kv in f.items()))
PY
}
# get FACTS RUN KEY: the value of KEY in the line of RUN ("gups skylake never")
get() {
    printf '%s\n' "$1" | awk -v run="$2:" -v k="$3" '
        index($0, run) == 1 { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }'
}
# holds EXPR: "yes" when the awk expression is true, else the expression
holds() { awk "BEGIN { if ($1) print \"yes\"; else print \"no: $1\" }"; }
# figures DIR: the three figures of a translation experiment, PDF and PNG
figures() {
    for k in tlb cycles walks; do
        [ "$(head -c 5 "$1/$k.pdf")" = "%PDF-" ] || { echo "$1/$k.pdf: not a PDF"; return 1; }
        [ "$(od -An -c -N4 "$1/$k.png" | tr -d ' ')" = '211PNG' ] || { echo "$1/$k.png: not a PNG"; return 1; }
        [ "$(wc -c <"$1/$k.png")" -gt 4000 ] || { echo "$1/$k.png: too small"; return 1; }
    done
}

# ---- tlb-reach: 4 KiB pages against transparent huge pages ----
ok "tlb-reach runs as shipped" "$VMLAB" run "$E/tlb-reach.json" -q -o tlb-reach.json
F=$(facts tlb-reach.json)
ok "tlb-reach: plots (tlb, cycles, walks)" "$VMLAB" plot tlb-reach.json -o tlb-reach --format pdf,png
ok "...which render" figures tlb-reach
# GUPS over 1 GiB with THP: 512 huge pages, each walked once; the STLB's 1536
# entries hold all 512, so there is no other walk: 512 STLB misses
is "GUPS, THP always: 512 promotions (1 GiB / 2 MiB)" "$(get "$F" "gups skylake always" promotions)" 512
is "...512 walks" "$(get "$F" "gups skylake always" walks)" 512
is "...512 STLB misses" "$(get "$F" "gups skylake always" stlb)" 512
is "...and 512 faults" "$(get "$F" "gups skylake always" faults)" 512
is "GUPS: huge pages cut STLB MPKI by 1000x or more" \
    "$(holds "$(get "$F" "gups skylake never" mpki) >= 1000 * $(get "$F" "gups skylake always" mpki)")" yes
is "...and walk cycles per reference by 1000x or more" \
    "$(holds "$(get "$F" "gups skylake never" wcyc) >= 1000 * $(get "$F" "gups skylake always" wcyc)")" yes
# BFS's arrays lie from address 0: its pages fill ceil(pages / 512) regions, each one huge walk
is "BFS, THP always: a walk per 2 MiB region, ceil(9130 pages / 512) = 18" \
    "$(get "$F" "bfs skylake always" walks) $(get "$F" "bfs skylake always" promotions) $(get "$F" "bfs skylake never" faults)" \
    "18 18 9130"
is "BFS: huge pages cut STLB MPKI (above 5) by 1000x or more" \
    "$(holds "$(get "$F" "bfs skylake never" mpki) > 5 && $(get "$F" "bfs skylake never" mpki) >= 1000 * $(get "$F" "bfs skylake always" mpki)")" yes
# khugepaged collapses a region once all 512 pages are resident: GUPS's random
# updates leave every region partly touched; BFS fills 17 of its 18
is "khugepaged: GUPS gets no huge page, and the misses of 4 KiB pages" \
    "$(get "$F" "gups skylake khugepaged" promotions) $(get "$F" "gups skylake khugepaged" stlb)" \
    "0 $(get "$F" "gups skylake never" stlb)"
is "khugepaged: BFS's STLB MPKI between THP always's and a fifth of 4 KiB pages'" \
    "$(holds "$(get "$F" "bfs skylake always" mpki) < $(get "$F" "bfs skylake khugepaged" mpki) && 5 * $(get "$F" "bfs skylake khugepaged" mpki) < $(get "$F" "bfs skylake never" mpki)")" yes

# ---- walk-caches: none, split PSC, unified UTC, AMD's UPTC ----
ok "walk-caches runs as shipped" "$VMLAB" run "$E/walk-caches.json" -q -o walk-caches.json
F=$(facts walk-caches.json)
ok "walk-caches: plots" "$VMLAB" plot walk-caches.json -o walk-caches --format pdf,png
ok "...which render" figures walk-caches
w=$(get "$F" "gups no-pwc never" walks)
is "no walk cache: 4 references a walk (GUPS)" "$(get "$F" "gups no-pwc never" guest)" "$((4 * w))"
is "...and BFS" "$(get "$F" "bfs no-pwc never" guest)" "$((4 * $(get "$F" "bfs no-pwc never" walks)))"
is "walk caches change no TLB miss: the same walks under each" \
    "$(for c in psc utc uptc; do get "$F" "gups $c never" walks; done | sort -u)" "$w"
refs() { awk -v g="$(get "$F" "$1" guest)" -v w="$(get "$F" "$1" walks)" 'BEGIN {print g / w}'; }
is "GUPS 16 GiB: the split PSC cuts walks to below 2.8 references" "$(holds "$(refs "gups psc never") < 2.8")" yes
is "...the unified cache of the same 38 entries to half a reference fewer" \
    "$(holds "$(refs "gups utc never") < $(refs "gups psc never") - 0.5")" yes
is "...and AMD's UPTC reads what the UTC reads, within 0.01" \
    "$(holds "$(refs "gups uptc never") - $(refs "gups utc never") < 0.01 && $(refs "gups utc never") - $(refs "gups uptc never") < 0.01")" yes
# the UTC is looked up once a walk (the deepest hit ends it); the UPTC once per
# level above the leaf, from the root: 3 lookups for a 4-level walk
is "...the UTC with one lookup a walk, the UPTC with three" \
    "$(get "$F" "gups utc never" UTC.lookups) $(get "$F" "gups uptc never" UPTC.lookups)" "$w $((3 * w))"
is "BFS (35 MiB: under the PDE cache's reach): every cache leaves the leaf alone, below 1.001" \
    "$(holds "$(refs "bfs psc never") < 1.001 && $(refs "bfs utc never") < 1.001 && $(refs "bfs uptc never") < 1.001")" yes
is "every cache cuts walk cycles" \
    "$(holds "$(get "$F" "gups psc never" wcyc) < $(get "$F" "gups no-pwc never" wcyc) && $(get "$F" "gups utc never" wcyc) < $(get "$F" "gups psc never" wcyc) && $(get "$F" "bfs psc never" wcyc) < $(get "$F" "bfs no-pwc never" wcyc)")" yes

# ---- nested: native against two-dimensional walks ----
ok "nested runs as shipped" "$VMLAB" run "$E/nested.json" -q -o nested.json
F=$(facts nested.json)
ok "nested: plots" "$VMLAB" plot nested.json -o nested --format pdf,png
ok "...which render" figures nested
w=$(get "$F" "gups native never" walks)
is "native, no walk cache: 4 references a walk" "$(get "$F" "gups native-no-pwc never" guest)" "$((4 * w))"
# every guest entry and the data page need a host walk: 4 x (4 + 1) + 4 = 24
is "2-D, no walk cache: 24 references a walk, 4 guest and 20 host" \
    "$(get "$F" "gups 2d-no-pwc never" guest) $(get "$F" "gups 2d-no-pwc never" host)" "$((4 * w)) $((20 * w))"
is "...the walks figure: 1 per guest level, 5 per host level" \
    "$(awk -F'"' '$2 == "2d-no-pwc" {print $3}' nested/walks.dat)" " 1 1 1 1 0 0 0 0 5 5 5 5 0"
g=$(get "$F" "gups native never" guest)
is "guest walk caches only: the native walk, and a cold host walk of 4 for each of its references and the data page" \
    "$(get "$F" "gups 2d-guest-psc never" guest) $(get "$F" "gups 2d-guest-psc never" host)" "$g $((4 * (g + w)))"
is "host walk caches and a nested TLB: under 5 references a walk (of 24)" \
    "$(holds "$(get "$F" "gups 2d-psc-ntlb never" guest) + $(get "$F" "gups 2d-psc-ntlb never" host) < 5 * $w")" yes
is "2 MiB host pages: no host PT reference, fewer host references" \
    "$(get "$F" "gups 2d-psc-ntlb-host2M never" hostpt) $(holds "$(get "$F" "gups 2d-psc-ntlb-host2M never" host) < $(get "$F" "gups 2d-psc-ntlb never" host)")" \
    "0 yes"
is "2-D walks without caches cost 5x the walk cycles of native ones with theirs, or more" \
    "$(holds "$(get "$F" "gups 2d-no-pwc never" wcyc) >= 5 * $(get "$F" "gups native never" wcyc)")" yes
# the closed form (g + 1)(h + 1) - 1 for g guest and h host levels read, on a small
# GUPS (a variant of the experiment: every cache off)
cold() {
    "$VMLAB" sim --workload gups:table=64M,updates=20000 --memory 128M --huge-pages "$1" --json \
        --mmu "{\"profile\": \"skylake\", \"pwc\": \"none\", \"nested\": $2}" >cold.json &&
        python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["runs"][0]["translation"]
print((sum(t["walk_refs"]) + sum(t["host_walk_refs"])) / t["walks"])' cold.json
}
is "2-D, no cache, 2 MiB host pages: 5 x 4 - 1 = 19" "$(cold never '{"page_size": "2M"}')" "19.0"
is "...1 GiB host pages: 5 x 3 - 1 = 14" "$(cold never '{"page_size": "1G"}')" "14.0"
is "...2 MiB guest pages (THP), 4 KiB host pages: 4 x 5 - 1 = 19" "$(cold always true)" "19.0"
is "...both 2 MiB: 4 x 4 - 1 = 15" "$(cold always '{"page_size": "2M"}')" "15.0"

# ---- the documentation ----
for x in tlb-reach walk-caches nested; do
    grep -q "^## $x " "$top_srcdir/docs/experiments.md" || echo "$x"
done >undocumented.txt
is "each is documented in docs/experiments.md" "$(cat undocumented.txt)" ""
for x in tlb-reach walk-caches nested; do
    grep -q "experiments/$x.json" "$top_srcdir/experiments/local.mk" || echo "$x"
done >uninstalled.txt
is "...and installed" "$(cat uninstalled.txt)" ""
done_testing
