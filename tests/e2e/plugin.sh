#!/bin/sh
# plugin.sh - out-of-tree policies: a plugin built as a shared object (an MRU
# policy, tests/plugins/mru_plugin.c) is loaded with --plugin, from
# VMLAB_PLUGIN_PATH (file or folder), and from an experiment's "plugins";
# a plugin built for another ABI (one from the future, one built for ABI 1
# that calls the frame verbs ABI 1 exported), or not a plugin at all, is
# refused with a clear message and exit status 2.
. "$top_srcdir/tests/e2e/tap.sh"
plan 15

libs="$top_builddir/tests/plugins/.libs"
mru="$libs/mru_plugin.so"
bad="$libs/badabi_plugin.so"
abi1="$libs/abi1_plugin.so"
abi=$(sed -n 's/^#define VMLAB_POLICY_ABI \([0-9]*\)u$/\1/p' "$top_srcdir/core/include/vmlab/policy.h")
BELADY=1,2,3,4,1,2,5,1,2,3,4,5

# MRU on Belady's string, 3 frames, worked on paper: victims 3 (at 4),
# 2 (at 5), 1 (at the second 2), 2 (at 3): 7 faults
out=$("$VMLAB" sim --plugin "$mru" --refs $BELADY --policy mru-plugin --frames 3 | tail -1)
is "--plugin: MRU gives 7 faults" "$out" "mru-plugin       3    12       7       0.5833            0"

out=$("$VMLAB" sim --plugin "$mru" --refs $BELADY --policy mru-plugin --frames 3 --steps | awk '$NF ~ /^[0-9]+$/ && $(NF-1) == "F" {printf "%s ", $NF}')
is "--plugin: victims in order" "$out" "3 2 1 2 "

out=$(VMLAB_PLUGIN_PATH="$mru" "$VMLAB" sim --refs $BELADY --policy mru-plugin --frames 3 | tail -1)
is "VMLAB_PLUGIN_PATH naming the file" "$out" "mru-plugin       3    12       7       0.5833            0"

mkdir plugdir && cp "$mru" plugdir/
like "VMLAB_PLUGIN_PATH naming a folder: listed" "$(VMLAB_PLUGIN_PATH="$T/plugdir" "$VMLAB" list policies)" 'mru-plugin +most recently used'

# a folder with no plugin in it loads nothing, silently (LRU on Belady's string, 3 frames: 10 faults)
mkdir noplugins
out=$(VMLAB_PLUGIN_PATH="$T/noplugins" "$VMLAB" sim --refs $BELADY --policy lru --frames 3 2>err.txt | tail -1)
is "VMLAB_PLUGIN_PATH naming an empty folder: the run as without it" "$out" "lru          3    12      10       0.8333            0"
is "...and no message" "$(cat err.txt)" ""

printf '{"workload": "inline:refs=%s", "policy": "mru-plugin", "frames": 3, "plugins": ["plugdir/mru_plugin.so"]}' "'$BELADY'" >exp.json
ok "experiment \"plugins\" key" "$VMLAB" run exp.json -q -o r.json
is "...with the same 7 faults" "$(grep -m1 '"faults": [0-9]' r.json | tr -dc 0-9)" "7"

exits "wrong ABI: exit 2" 2 "$VMLAB" sim --plugin "$bad" --refs 1 --frames 1
like "wrong ABI: says which ABI it was built for and which is expected" \
    "$("$VMLAB" sim --plugin "$bad" --refs 1 --frames 1 2>&1)" "ABI $((abi + 41)), but this vmlab has policy ABI $abi:"
# ABI 1's frame verbs are still exported, so that dlopen resolves the old
# plugin's calls and the ABI number can refuse it
exits "built for ABI 1: exit 2" 2 "$VMLAB" sim --plugin "$abi1" --refs 1 --frames 1
is "...refused by its ABI number, not by an undefined symbol" \
    "$("$VMLAB" sim --plugin "$abi1" --refs 1 --frames 1 2>&1 | sed 's/^.*plugin [^:]*: //')" \
    "built for policy ABI 1, but this vmlab has policy ABI 2: rebuild it against this vmlab's headers (pkg-config --cflags vmlab)"
ok "this vmlab's policy ABI is 2" test "$abi" = 2
echo "not a shared object" >fake.so
exits "not a shared object: exit 2" 2 "$VMLAB" sim --plugin fake.so --refs 1 --frames 1
exits "missing plugin file: exit 2" 2 "$VMLAB" sim --plugin nothere.so --refs 1 --frames 1
done_testing
