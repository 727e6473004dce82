#!/bin/bash
# Submits a SlideEmbed array job and its merge step in one go; prints the two job ids.
# Usage: deploy/slurm/submit.sh LIST.csv OUT MODEL TASKS [MAX_RUNNING] [embed flags...]
#   TASKS: shards (array tasks); MAX_RUNNING: most tasks at once (default TASKS).
# sbatch options such as --partition or --account go in SBATCH_* variables (e.g. SBATCH_PARTITION).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
list=${1:?usage: submit.sh LIST.csv OUT MODEL TASKS [MAX_RUNNING] [embed flags...]}
out=${2:?output folder}
model=${3:?model}
tasks=${4:?number of array tasks}
max=${5:-$tasks}
shift $(( $# < 5 ? $# : 5 ))

array=$(sbatch --parsable --array="0-$((tasks - 1))%${max}" "$here/embed-array.sbatch" "$list" "$out" "$model" "$@")
array=${array%%;*}
report=$(sbatch --parsable --dependency="afterany:${array}" "$here/report.sbatch" "$out/$model")
echo "array job ${array} (${tasks} tasks, at most ${max} at once); report job ${report%%;*} after it"
