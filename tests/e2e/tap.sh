# tap.sh - a tiny TAP producer for the end-to-end tests (sourced).
#
#   . "$top_srcdir/tests/e2e/tap.sh"
#   plan 3
#   ok "name" command args...        passes when the command exits 0
#   is "name" "$got" "$expected"     passes when the two strings are equal
#   exits "name" STATUS command...   passes when the command exits STATUS
#   done_testing
#
# $VMLAB is the command under test; every test runs in a fresh scratch folder
# ($T) removed at exit. Output of a failing check is shown as TAP comments.
#
# At exit, every results document the test left in $T is validated against
# the JSON Schema (tests/e2e/validate.py; files named bad* are inputs broken
# on purpose and are skipped): a document that does not validate fails the
# test script, so every document the suite produces is checked.

set -u
: "${VMLAB:?VMLAB is not set (run through make check)}"
: "${top_srcdir:?top_srcdir is not set}"
T=$(mktemp -d "${TMPDIR:-/tmp}/vmlab-e2e.XXXXXX")

_validate() {
    [ -n "${SCHEMA_PYTHON:-}" ] || return 0
    "$SCHEMA_PYTHON" "$top_srcdir/tests/e2e/validate.py" \
        "$top_srcdir/results/vmlab-results-1.schema.json" "$T" >"$T/.schema" 2>&1 && return 0
    sed -e "s|$T/||" -e 's/^/# schema: /' "$T/.schema"
    return 1
}
trap '_rc=$?; _validate || _rc=1; rm -rf "$T"; exit $_rc' EXIT
cd "$T" || exit 99
_n=0
_fail=0

plan() { echo "1..$1"; }

_report() {  # status name [diagnostic file]
    _n=$((_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $_n - $2"
    else
        _fail=$((_fail + 1))
        echo "not ok $_n - $2"
        [ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/# /' "$3" | head -40
    fi
    return 0
}

ok() {
    _name=$1; shift
    "$@" >"$T/.out" 2>&1
    _report $? "$_name" "$T/.out"
}

exits() {
    _name=$1; _want=$2; shift 2
    "$@" >"$T/.out" 2>&1
    _rc=$?
    if [ "$_rc" = "$_want" ]; then _report 0 "$_name"; else
        echo "exit status $_rc, expected $_want" >>"$T/.out"
        _report 1 "$_name" "$T/.out"
    fi
}

is() {
    if [ "$2" = "$3" ]; then _report 0 "$1"; else
        printf 'got:      %s\nexpected: %s\n' "$2" "$3" >"$T/.diag"
        _report 1 "$1" "$T/.diag"
    fi
}

# like: passes when $2 matches the extended regular expression $3
like() {
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then _report 0 "$1"; else
        printf 'got:      %s\nexpected to match: %s\n' "$2" "$3" >"$T/.diag"
        _report 1 "$1" "$T/.diag"
    fi
}

skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP ${2:-}"; }

done_testing() { exit 0; }
