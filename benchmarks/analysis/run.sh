#!/usr/bin/env bash
# Times every `dlens stats NAME --json` and `dlens report` as a user runs them: the published dlens (self-contained,
# composite ReadyToRun), one process each, start-up included, with its peak resident memory (GNU time). The project is the one AnalysisBenchmarks
# generates (DLENS_BENCH_CASES, default 100,000 cases); the store is warmed by one untimed run first. Each command runs
# DLENS_BENCH_RUNS times (default 3); the table gives the median wall and CPU time and the largest peak. DLENS names an
# already published dlens; otherwise the script publishes one. Prints a Markdown table.
#   benchmarks/analysis/run.sh [PROJECT]
set -euo pipefail
cd "$(dirname "$0")/../.."
project=${1:-${DLENS_BENCH_PROJECT:-/tmp/dlens-analysis-bench-${DLENS_BENCH_CASES:-100000}/project.dlens}}
if [[ ! -f "$project" ]]; then
  echo "no project at $project: generate it first with" >&2
  echo "  dotnet benchmarks/DefectorLens.Benchmarks/bin/Release/net10.0/DefectorLens.Benchmarks.dll --filter '*AnalysisBenchmarks*' --inProcess" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [[ -n "${DLENS:-}" ]]; then
  dlens=("$DLENS")
else
  dotnet publish src/DefectorLens.Cli -c Release -r linux-x64 -o "$out/dlens" -v quiet -nologo > /dev/null
  # The 170 MB just written reach the disk before any timing: commands timed while they were written back took 0.2-0.4 s longer.
  sync
  dlens=("$out/dlens/dlens")
fi
runs=${DLENS_BENCH_RUNS:-3}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Warm: the first run pays for reading the file into the page cache and for any schema upgrade.
"${dlens[@]}" stats --project "$project" --json > /dev/null

echo "| command | wall s | user + sys s | peak RSS MB |"
echo "| --- | ---: | ---: | ---: |"
while IFS= read -r line; do
  read -r -a args <<< "$line"
  : > "$out/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$out/time" -f "%e %U %S %M" "${dlens[@]}" "${args[@]}" --project "$project" > "$out/stdout"
    cat "$out/time" >> "$out/times"
  done
  wall=$(awk '{ print $1 }' "$out/times" | median)
  cpu=$(awk '{ print $2 + $3 }' "$out/times" | median)
  rss=$(awk '{ print $4 }' "$out/times" | sort -g | tail -1)
  printf '| `dlens %s` | %.2f | %.2f | %d |\n' "$line" "$wall" "$cpu" "$((rss / 1024))"
done <<'COMMANDS'
stats prevalence --json
stats prevalence
stats prevalence --by nationality --json
stats prevalence --coder analyst-a --speaker own --json
stats reflection --json
stats timeline --period 2015 --json
stats risks --json
stats credibility --json
stats unseen --json
stats reliability --json
stats reliability --level segment --json
stats quotes --json
stats counter --join faith-ideology --json
report --out /tmp/dlens-analysis-bench-report
COMMANDS
