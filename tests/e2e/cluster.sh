#!/bin/sh
# cluster.sh - sweeps on real cluster engines: a single-node Slurm (munge,
# slurmctld and slurmd started here on localhost, in the scratch folder) runs
# the job array `vmlab run --emit slurm` writes; GNU parallel runs the job
# list of `--emit parallel`; `vmlab results merge` gathers the cells; both give
# the runs of a local `-j 2` sweep.
. "$top_srcdir/tests/e2e/tap.sh"
plan 9

# runs of document $1 without timing, in cell order: what every engine must agree on
runs() {
    python3 -c 'import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
for r in sorted(runs, key=lambda r: r["cell"]):
    print(json.dumps([r["cell"], r["params"], r["metrics"], r["processes"]], sort_keys=True))' "$1"
}

cat >exp.json <<'JSON'
{
  "name": "cluster",
  "workload": ["zipf:pages=4000,alpha=0.9,refs=20000", "uniform:pages=3000,refs=20000"],
  "policy": ["lru", "clock", "opt"],
  "frames": [100, 1000],
  "seed": 3
}
JSON
ok "the local sweep, on two threads" "$VMLAB" run exp.json -q -j 2 -o local.json
want=$(runs local.json)

# ---- GNU parallel ----
if command -v parallel >/dev/null 2>&1; then
    ok "--emit parallel writes a job list" "$VMLAB" run exp.json --emit parallel -o par
    # 12 cells; the two sizes of each policy and workload are one task
    is "...one command per task" "$(wc -l <par/cluster.jobs | tr -d ' ')" 6
    ok "GNU parallel runs it" parallel --will-cite -j 2 --halt now,fail=1 <par/cluster.jobs
    "$VMLAB" results merge par/results/cell-*.json -o par.json >/dev/null 2>&1
    is "merged, its runs are the local sweep's" "$(runs par.json)" "$want"
else
    skip "--emit parallel" "GNU parallel is not installed (scripts/install-deps installs it)"
    skip "...one command per task" "no GNU parallel"
    skip "GNU parallel runs it" "no GNU parallel"
    skip "merged, its runs are the local sweep's" "no GNU parallel"
fi

# ---- Slurm ----
why=""
for c in munged slurmctld slurmd sbatch; do
    command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "$c" >/dev/null 2>&1 \
        || why="$c is not installed (scripts/install-deps installs slurm-wlm and munge)"
done
[ -z "$why" ] && [ "$(id -u)" != 0 ] && why="a private Slurm runs its daemons as root"
if [ -n "$why" ]; then
    for t in "--emit slurm writes a job-array script" "Slurm starts" "the array runs" \
        "merged, its runs are the local sweep's"; do
        skip "$t" "$why"
    done
    done_testing
fi
PATH=$PATH:/usr/sbin
S=$T/slurm
mkdir -p "$S/munge" "$S/state" "$S/spool" "$S/log"
chmod 700 "$S/munge"
dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$S/munge/munge.key"
stop_daemons() {
    for p in "$S/slurmd.pid" "$S/slurmctld.pid"; do
        [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
    done
    munged -s --socket="$S/munge/sock" >/dev/null 2>&1
    sleep 0.2
    rm -rf "$T"
}
trap stop_daemons EXIT
host=$(hostname -s)
port=$((20000 + $$ % 20000))
cat >"$S/slurm.conf" <<EOF
ClusterName=vmlabtest
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
InactiveLimit=0
MinJobAge=30
KillWait=5
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=vmlab Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$S/slurm.conf"
ok "--emit slurm writes a job-array script" "$VMLAB" run exp.json --emit slurm -o jobs --per-task 4
started() {
    munged -f --socket="$S/munge/sock" --key-file="$S/munge/munge.key" \
        --log-file="$S/log/munged.log" --pid-file="$S/munge/munged.pid" \
        --seed-file="$S/munge/seed" &&
        slurmctld -c -f "$S/slurm.conf" && slurmd -f "$S/slurm.conf" || return 1
    i=0
    while [ $i -lt 100 ]; do  # until the node is idle (10 s at most)
        sinfo -h -o %t 2>/dev/null | grep -q idle && return 0
        sleep 0.1
        i=$((i + 1))
    done
    cat "$S/log/slurmctld.log" "$S/log/slurmd.log"
    return 1
}
ok "Slurm starts (munge, slurmctld, slurmd on localhost)" started
ok "the array runs (sbatch --wait)" timeout 300 sbatch --wait jobs/cluster.sbatch
"$VMLAB" results merge jobs/results/cell-*.json -o slurm.json >/dev/null 2>&1
is "merged, its runs are the local sweep's" "$(runs slurm.json)" "$want"
done_testing
