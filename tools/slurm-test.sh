#!/usr/bin/env bash
# A real Slurm test of the job-array deployment (deploy/slurm): installs Debian's slurm-wlm and munge when
# missing, starts a one-node cluster of its own (private munge socket and key, its own slurm.conf through
# SLURM_CONF, ports 16817/16818), and checks with 12 small synthetic slides and the demo model:
#   1. deploy/slurm/submit.sh (embed-array.sbatch as a 4-task array, report.sbatch after it): every slide
#      embedded exactly once, by one shard; outputs equal (tile rows and embeddings, read with Arrow JS)
#      to a single-process run's; the merge job succeeds; no temporary files left.
#   2. the same array again into a fresh folder with one task cancelled midway (scancel): report says
#      slides are missing; that task resubmitted alone; then the same checks as in 1.
# Daemons are stopped by their pid files. Prints "slurm test: passed (...)", "slurm test: FAILED: ..."
# or "slurm test: skipped: <reason>" (only when the cluster cannot be installed or started).
# Exit status: 0 passed or skipped, 1 failed. Usage: tools/slurm-test.sh [--no-build]  (as root;
# --no-build: use the CLI already built in Release)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)

skip() { echo "slurm test: skipped: $*"; exit 0; }
fail() { echo "slurm test: FAILED: $*"; [ -n "${D:-}" ] && tail -n 20 "$D"/log/*.log "$D"/munge/*.log "$D"/runs/*.out 2>/dev/null | tail -n 60; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root to install and run slurmctld/slurmd (run as root, as CI does)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq slurm-wlm munge; } >/dev/null 2>&1 || skip "apt-get could not install slurm-wlm and munge"
fi
bash tools/install-deps.sh >/dev/null || fail "tools/install-deps.sh"
(cd tools/js && npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || fail "npm install in tools/js (the Arrow JS reader that compares outputs)"
[ "${1:-}" = --no-build ] || dotnet build src/SlideEmbed.Cli -c Release -warnaserror -nologo -v quiet >/dev/null || fail "build of src/SlideEmbed.Cli"
export SLIDEEMBED="dotnet $root/src/SlideEmbed.Cli/bin/Release/net10.0/slideembed.dll"
read -r -a se <<< "$SLIDEEMBED"

D=$(mktemp -d /tmp/slideembed-slurm.XXXXXX)
chmod 755 "$D"
mkdir -p "$D"/{state,spool,log,munge,slides,runs}
stop() {
  # Jobs still queued or running (a failed check) are cancelled first, so no task outlives the cluster.
  [ -n "${SLURM_CONF:-}" ] && scancel -u "$(id -un)" >/dev/null 2>&1 && sleep 2
  for pid in "$D/slurmd.pid" "$D/slurmctld.pid" "$D/munge/munged.pid"; do
    [ -s "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
  done
  sleep 1
  rm -rf "$D"
}
trap stop EXIT

# --- the cluster -----------------------------------------------------------------------------------
host=$(hostname -s)
mungekey -c -k "$D/munge/munge.key" >/dev/null 2>&1 || skip "mungekey could not make a key"
chown -R munge:munge "$D/munge"
runuser -u munge -- /usr/sbin/munged --socket="$D/munge/sock" --key-file="$D/munge/munge.key" \
  --pid-file="$D/munge/munged.pid" --log-file="$D/munge/munged.log" --seed-file="$D/munge/seed" \
  || skip "munged could not start"
cat > "$D/slurm.conf" <<CONF
ClusterName=slideembed
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$D/munge/sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/ctld.log
SlurmdLogFile=$D/log/d.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
KillWait=10
NodeName=$host CPUs=4 RealMemory=20000 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"
slurmctld -f "$SLURM_CONF" || skip "slurmctld could not start (see its log)"
slurmd -f "$SLURM_CONF" || skip "slurmd could not start"
for _ in $(seq 1 30); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %t 2>/dev/null | grep -q idle || skip "the node did not come up idle: $(sinfo -h 2>&1 | head -n 1)"

# --- slides, list and the single-process reference -------------------------------------------------
for i in $(seq 0 11); do
  "${se[@]}" synth "$D/slides/s$i.svs" --width $((1200 + 150 * i)) --height $((900 + 90 * i)) >/dev/null || fail "synth s$i"
done
(cd "$D/slides" && ls s*.svs) > "$D/slides/list.csv"
flags=(--tissue otsu)
"${se[@]}" embed "$D/slides/list.csv" --model demo-vit --out "$D/single" --threads 1 --log-format plain "${flags[@]}" \
  > "$D/runs/single.out" 2>&1 || fail "the single-process run"

wait_jobs() { # job ids...
  for _ in $(seq 1 300); do
    [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" 2>/dev/null)" ] && return 0
    sleep 1
  done
  fail "jobs $* still queued after 300 s: $(squeue 2>&1)"
}
job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }

check() { # model folder, what
  local m=$1 what=$2
  "${se[@]}" report "$m" --json > "$D/runs/report.json" || fail "$what: report says incomplete: $(cat "$D/runs/report.json")"
  node -e '
    const fs = require("fs"); const dir = process.argv[1];
    const summary = JSON.parse(fs.readFileSync(process.argv[2]));
    if (summary.slides !== 12 || summary.done + summary.up_to_date !== 12) throw new Error("summary " + JSON.stringify(summary));
    const owners = {};
    for (const f of fs.readdirSync(dir).filter(f => /^run-report\.\d+-of-4\.json$/.test(f))) {
      for (const s of JSON.parse(fs.readFileSync(dir + "/" + f)).slides) (owners[s.path] ??= []).push(f + ":" + s.status);
    }
    const paths = Object.keys(owners);
    const bad = paths.filter(p => owners[p].length !== 1);
    const embedded = paths.filter(p => owners[p].some(o => o.endsWith(":done") || o.endsWith(":up_to_date")));
    if (paths.length !== 12 || bad.length || embedded.length !== 12) throw new Error("shard coverage " + JSON.stringify(owners));
  ' "$m" "$D/runs/report.json" || fail "$what: every slide must be in exactly one shard's report, embedded"
  [ "$(ls "$m"/*.tiles.arrow | wc -l)" -eq 12 ] || fail "$what: expected 12 tile files, found $(ls "$m"/*.tiles.arrow | wc -l)"
  local temps; temps=$(find "$m" -name '*.partial' | wc -l)
  [ "$temps" -eq 0 ] || fail "$what: $temps temporary files left: $(find "$m" -name '*.partial')"
  node "$root/tools/js/same_outputs.mjs" "$D/single/demo-vit" "$m" > "$D/runs/same.txt" || fail "$what: outputs differ from the single-process run: $(cat "$D/runs/same.txt")"
}

# --- 1. the array and its merge step ---------------------------------------------------------------
cd "$D/runs"
ids=$(bash "$root/deploy/slurm/submit.sh" "$D/slides/list.csv" "$D/a" demo-vit 4 4 "${flags[@]}") || fail "submit.sh: $ids"
array=$(echo "$ids" | sed -n 's/^array job \([0-9]*\).*/\1/p'); merge=$(echo "$ids" | sed -n 's/.*report job \([0-9]*\).*/\1/p')
wait_jobs "$array" "$merge"
[ "$(job_state "$merge")" = COMPLETED ] || fail "the merge job ended $(job_state "$merge"): $(cat slideembed-report-"$merge".out)"
check "$D/a/demo-vit" "array"
echo "slurm test: array of 4 over 12 slides: each embedded once, same as one process, merge job COMPLETED ($(head -n 1 "$D/runs/same.txt"))"

# --- 2. one task cancelled midway, then resubmitted ------------------------------------------------
# Task 2 runs through a wrapper that stops it (SIGSTOP) as soon as it has started its first slide, so the
# cancel always lands while the task works, however fast the machine is (a shard's three small slides
# take well under a second once the first is read). scancel sends SIGCONT before SIGTERM, so slideembed
# itself sees the SIGTERM mid-slide, as after a pre-emption.
cat > "$D/pause-after-one.sh" <<WRAP
#!/bin/bash
if [ "\${SLURM_ARRAY_TASK_ID:-}" != 2 ] || [ -e "$D/runs/victim.stopped" ]; then exec ${SLIDEEMBED} "\$@"; fi
${SLIDEEMBED} "\$@" > "$D/runs/victim.out" 2>&1 &
pid=\$!
while kill -0 "\$pid" 2>/dev/null; do
  if grep -q ': started' "$D/runs/victim.out"; then kill -STOP "\$pid"; touch "$D/runs/victim.stopped"; break; fi
  sleep 0.02
done
wait "\$pid"
WRAP
chmod 755 "$D/pause-after-one.sh"
array=$(SLIDEEMBED="$D/pause-after-one.sh" sbatch --parsable --array=0-3 "$root/deploy/slurm/embed-array.sbatch" "$D/slides/list.csv" "$D/b" demo-vit "${flags[@]}") || fail "sbatch"
victim="${array}_2"
for _ in $(seq 1 1200); do [ -e "$D/runs/victim.stopped" ] && break; sleep 0.1; done
[ -e "$D/runs/victim.stopped" ] || fail "task $victim never started a slide: $(cat "$D/runs/victim.out" 2>&1)"
scancel "$victim"
wait_jobs "$array"
cancelled=$(job_state "$victim")
"${se[@]}" report "$D/b/demo-vit" > "$D/runs/after-cancel.txt" && fail "report after the cancel says complete: $(cat "$D/runs/after-cancel.txt")"
missing=$(grep -c 'MISSING' "$D/runs/after-cancel.txt")
again=$(sbatch --parsable --array=2 --export=ALL,SHARDS=4 "$root/deploy/slurm/embed-array.sbatch" "$D/slides/list.csv" "$D/b" demo-vit "${flags[@]}") || fail "resubmit"
wait_jobs "$again"
check "$D/b/demo-vit" "after cancel and resubmit"
echo "slurm test: task $victim cancelled ($cancelled, $missing slides missing), resubmitted alone: complete, same as one process, no temporary files"
echo "slurm test: passed ($(( $(date +%s) - started )) s)"
