#!/bin/sh
# policies-b.sh - the modern policies through the command: listed with their
# parameters, a hand-worked string, exact-only policies refused in hardware
# visibility (exit 2), shoot-downs counted in the results.
. "$top_srcdir/tests/e2e/tap.sh"
plan 10

out=$("$VMLAB" list policies)
missing=
for p in 2q lru-k arc car clock-pro lirs linux-lru mglru s3-fifo sieve; do
    printf '%s\n' "$out" | grep -Eq "^  $p " || missing="$missing $p"
done
is "list: every modern policy" "$missing" ""
like "list: parameters with defaults (lirs hir 0.01)" "$out" "hir +real +0\.01"
like "list: mglru's access channel and its choices" "$out" "access +string +mapped .*mapped\|fd"

# SIEVE, 3 frames, worked by hand in tests/test_policies_b.c: 7 faults
out=$("$VMLAB" sim --refs 1,2,3,1,4,2,5,1,2,3 --policy sieve,lru --frames 3)
is "sim: sieve and lru on the hand-worked string" "$(printf '%s\n' "$out" | awk 'NR > 2 {print $1, $4}')" "sieve:flush=true 7
lru 8"

exits "hardware visibility refuses arc (exit 2)" 2 \
    "$VMLAB" sim --refs 1,2,3,1,4 --policy arc --frames 3 --visibility hardware
err=$("$VMLAB" sim --refs 1,2,3,1,4 --policy mglru:access=fd --frames 3 --visibility hardware 2>&1)
like "mglru access=fd needs exact visibility" "$err" "access=fd needs visibility 'exact'"

# hardware SIEVE on 1,2,3,1,4: four inserts flush their fault's bit, the hand
# clears 1's (set by the hit) with a flush, 2 is evicted unreferenced: 5
sd=$("$VMLAB" sim --refs 1,2,3,1,4 --policy sieve --frames 3 --visibility hardware --json |
     grep -m1 '"shootdowns": [0-9]' | tr -dc 0-9)
is "sim --json: sieve's shoot-downs in hardware visibility" "$sd" "5"
# per-process allocation asks a policy for victims below its frames (a
# process at its allocation) and takes frames away from it (remove): every
# modern policy under fixed quotas, working-set and PFF allocation
mix="mix:procs='zipf:pages=3000,alpha=0.9,refs=30000;loop:pages=800,refs=30000;zipf:pages=500,alpha=1.1,refs=30000',quantum=1000"
for alloc in fixed ws:tau=2000 pff; do
    ok "local scope, allocation $alloc: every modern policy runs" "$VMLAB" sim --workload "$mix" \
        --policy 2q,lru-k,arc,car,clock-pro,lirs,linux-lru,mglru,s3-fifo,sieve --frames 1000 \
        --scope local --allocation "$alloc"
done
done_testing
