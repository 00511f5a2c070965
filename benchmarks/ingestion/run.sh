#!/usr/bin/env bash
# Ingestion benchmark: generates N fictional documents in every format, then imports them with `dlens import`,
# per format into fresh projects (docs/s and MB/s each) and all together (end-to-end MB/s, peak memory).
# Usage: benchmarks/ingestion/run.sh N [WORKDIR]    e.g. benchmarks/ingestion/run.sh 10000 /tmp/dlens-ingest
# It publishes dlens (Release, self-contained, composite ReadyToRun) into WORKDIR/dlens, or uses the one named by DLENS.
# MB are 10^6 bytes of document text (markup, PDF and ZIP containers not counted), as the generator reports them.
# wall_s is elapsed time, process start included; cpu_s is user + system CPU time of the import, which on a shared
# machine says more than wall time does (on 2 idle cores, wall time is at best cpu_s / 2). An existing corpus of the
# same N in WORKDIR is reused (delete WORKDIR to generate it again).
set -euo pipefail
count=${1:?usage: run.sh N [WORKDIR]}
work=${2:-/tmp/dlens-ingest-$count}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
# The published dlens, precompiled (composite ReadyToRun with its runtime) as users run it; DLENS names one already published.
if [[ -n "${DLENS:-}" ]]; then
  dlens=$DLENS
else
  dotnet publish "$root/src/DefectorLens.Cli" -c Release -r linux-x64 -o "$work/dlens" -v quiet -nologo >/dev/null
  # The 170 MB just written reach the disk before any timing: commands timed while they were written back took 0.2-0.4 s longer.
  sync
  dlens="$work/dlens/dlens"
fi
cd "$work"
if [[ ! -f corpus.count || "$(cat corpus.count)" != "$count" ]]; then
  rm -rf corpus sizes.tsv corpus.count
  "$dlens" generate-corpus corpus --count "$count" > sizes.tsv
  echo "$count" > corpus.count
fi

# import DIR PROJECT: imports into a fresh project; prints "wall_s cpu_s peak_MB"
import() {
  rm -rf "$2" && mkdir "$2"
  (cd "$2" && "$dlens" init >/dev/null 2>&1)
  (cd "$2" && /usr/bin/time -f '%e %U %S %M' -o time.txt "$dlens" import "$1" --json > import.json 2>/dev/null)
  awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024}' "$2/time.txt"
}

printf '%-6s %8s %9s %8s %8s %8s %8s %9s %8s\n' format docs text_MB wall_s cpu_s docs/s MB/s MB/cpu_s peak_MB
report() { # format docs mb wall cpu peak
  printf '%-6s %8d %9.2f %8.2f %8.2f %8.0f %8.2f %9.2f %8d\n' "$1" "$2" "$3" "$4" "$5" \
    "$(echo "$2 / $4" | bc -l)" "$(echo "$3 / $4" | bc -l)" "$(echo "$3 / $5" | bc -l)" "$6"
}
for format in $(cut -f1 sizes.tsv); do
  docs=$(awk -v f="$format" '$1 == f {print $2}' sizes.tsv)
  mb=$(awk -v f="$format" '$1 == f {print $3}' sizes.tsv)
  read -r wall cpu peak < <(import "../corpus/$format" "p-$format")
  report "$format" "$docs" "$mb" "$wall" "$cpu" "$peak"
done
total_docs=$(awk '{s += $2} END {print s}' sizes.tsv)
total_mb=$(awk '{s += $3} END {print s}' sizes.tsv)
read -r wall cpu peak < <(import ../corpus all)
report all "$total_docs" "$total_mb" "$wall" "$cpu" "$peak"
grep -E '"(imported|skipped|duplicates|rejected)"' all/import.json | tr -d ' ,\n'; echo
