#!/bin/sh
# sdk.sh - the plugin SDK: the staged install (make check ran `make install
# DESTDIR=$SDK_STAGE`) holds the headers and vmlab.pc a plugin needs; the
# example plugin policies/examples/lifo.c, built against them with
# pkg-config alone, loads by path into the built and into the staged vmlab,
# and from VMLAB_PLUGIN_PATH; its user Makefile builds it too; the annotated
# skeleton policies/template.c runs as the in-tree policy "template", its
# timer (the tick hook of policy ABI 2) too, and the same file builds as a
# plugin against the staged headers, timer and inline frame verbs included.
. "$top_srcdir/tests/e2e/tap.sh"
plan 17

BELADY=1,2,3,4,1,2,5,1,2,3,4,5
plugin="$top_builddir/tests/sdk/example-lifo.so"
pcdir="$SDK_STAGE$SDK_PKGCONFIGDIR"

ok "the staged install has the public headers" test -f "$SDK_STAGE$SDK_INCLUDEDIR/vmlab/policy.h"
ok "...and vmlab.pc" test -f "$pcdir/vmlab.pc"
like "pkg-config --cflags vmlab points into the stage" \
    "$(PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_SYSROOT_DIR="$SDK_STAGE" $PKG_CONFIG --cflags vmlab)" \
    "^-I$SDK_STAGE"
ok "the example plugin was built against it" test -f "$plugin"

# LIFO on Belady's string, 3 frames (worked in policies/examples/lifo.c): 1 and
# 2 stay, the third frame takes 3 4 5 3 4 5 in turn: 8 faults
out=$("$VMLAB" sim --plugin "$plugin" --refs $BELADY --policy example-lifo --frames 3 | tail -1)
is "--plugin PATH into the built vmlab: 8 faults" "$out" \
    "example-lifo       3    12       8       0.6667            0"
out=$("$VMLAB" sim --plugin "$plugin" --refs $BELADY --policy example-lifo --frames 3 --steps |
    awk 'NF >= 2 && $(NF-1) == "F" && $NF ~ /^[0-9]+$/ {printf "%s ", $NF}')
is "...victims 3 4 5 3 4" "$out" "3 4 5 3 4 "

mkdir plugins && cp "$plugin" plugins/
out=$(VMLAB_PLUGIN_PATH="$T/plugins" "$VMLAB" sim --refs $BELADY --policy example-lifo --frames 3 |
    tail -1)
is "VMLAB_PLUGIN_PATH naming a folder" "$out" "example-lifo       3    12       8       0.6667            0"

staged="$SDK_STAGE$SDK_BINDIR/vmlab"
out=$(LD_LIBRARY_PATH="$SDK_STAGE$SDK_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$staged" sim --plugin "$plugin" --refs $BELADY --policy example-lifo --frames 3 | tail -1)
is "...and into the staged vmlab" "$out" "example-lifo       3    12       8       0.6667            0"

# local scope: one instance of the plugin per process, each over its own pool
printf '1 R 0\n1 R 1\n2 R 0\n2 R 1\n3 R 0\n3 R 1\n1 R 0\n1 R 1\n' >two.txt
out=$("$VMLAB" sim two.txt --plugin "$plugin" --policy example-lifo --frames 4 --scope local |
    tail -1)
is "the plugin in local scope: 2 frames each, LIFO keeps 1: 3 + 3 faults" "$out" \
    "example-lifo       4     8       6       0.7500            0"

# the example's own Makefile, as a user runs it against an install
cp "$top_srcdir/policies/examples/lifo.c" "$top_srcdir/policies/examples/Makefile" .
ok "policies/examples/Makefile builds the plugin with pkg-config" \
    env PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_SYSROOT_DIR="$SDK_STAGE" PKG_CONFIG="$PKG_CONFIG" \
    ${MAKE:-make} -f Makefile example-lifo.so
out=$("$VMLAB" sim --plugin ./example-lifo.so --refs $BELADY --policy example-lifo --frames 3 |
    tail -1)
is "...and it gives the same 8 faults" "$out" "example-lifo       3    12       8       0.6667            0"

# the skeleton: FIFO by default (Belady's anomaly: 9 and 10 faults); its
# hooks are tested one by one in tests/test_sdk.c
out=$("$VMLAB" sim --refs $BELADY --policy template --frames 3,4 | tail -2 | awk '{print $4}' |
    tr '\n' ' ')
is "policies/template.c as the policy template: FIFO's 9 and 10 faults" "$out" "9 10 "
like "vmlab list shows its parameters" "$("$VMLAB" list policies)" 'second_chance +bool +false'

# its timer: second chance with interval=3 on 1 2 3 2 4 5, 3 frames (worked in
# tests/test_sdk.c): the tick at t3 clears the loads' bits, 2's use at t3 sets
# its own again: victims 1 3 (without the timer: 1 2)
victims() {
    "$@" --refs 1,2,3,2,4,5 --frames 3 --steps |
        awk 'NF >= 2 && $(NF-1) == "F" && $NF ~ /^[0-9]+$/ {printf "%s ", $NF}'
}
is "the skeleton's timer: victims 1 3" \
    "$(victims "$VMLAB" sim --policy template:second_chance=true,interval=3)" "1 3 "

# the skeleton as a plugin: its config.h include dropped, its table renamed and
# exported, built with -Werror against the staged headers alone
sed -e '/#include <config.h>/d' -e 's/vmlab_policy_template/template_plugin/' \
    -e 's/\.name = "template",/.name = "template-plugin",/' \
    "$top_srcdir/policies/template.c" >template_plugin.c
echo 'VMLAB_PLUGIN_POLICIES(&template_plugin);' >>template_plugin.c
ok "policies/template.c builds as a plugin against the staged headers" \
    sh -c "${CC:-cc} -Wall -Wextra -Werror -shared -fPIC \
        \$(PKG_CONFIG_LIBDIR='$pcdir' PKG_CONFIG_SYSROOT_DIR='$SDK_STAGE' $PKG_CONFIG --cflags vmlab) \
        template_plugin.c -o template-plugin.so \
        \$(PKG_CONFIG_LIBDIR='$pcdir' PKG_CONFIG_SYSROOT_DIR='$SDK_STAGE' $PKG_CONFIG --libs vmlab)"
is "...its timer ticks through the plugin table: victims 1 3" \
    "$(victims "$VMLAB" sim --plugin ./template-plugin.so \
        --policy template-plugin:second_chance=true,interval=3)" "1 3 "
is "...in hardware visibility, where clearing a bit calls the engine: victims 1 3" \
    "$(victims "$VMLAB" sim --plugin ./template-plugin.so --visibility hardware \
        --policy template-plugin:second_chance=true,interval=3)" "1 3 "
done_testing
