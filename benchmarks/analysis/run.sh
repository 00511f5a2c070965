#!/usr/bin/env bash
# Times every `dlens stats NAME --json` and `dlens report` as a user runs them: one process each, start-up included,
# with its peak resident memory (GNU time). The project is the one AnalysisBenchmarks generates (DLENS_BENCH_CASES,
# default 100,000 cases); the store is warmed by one untimed run first. Prints a Markdown table.
#   benchmarks/analysis/run.sh [PROJECT]
set -euo pipefail
cd "$(dirname "$0")/../.."
project=${1:-${DLENS_BENCH_PROJECT:-/tmp/dlens-analysis-bench-${DLENS_BENCH_CASES:-100000}/project.dlens}}
if [[ ! -f "$project" ]]; then
  echo "no project at $project: generate it first with" >&2
  echo "  dotnet benchmarks/DefectorLens.Benchmarks/bin/Release/net10.0/DefectorLens.Benchmarks.dll --filter '*AnalysisBenchmarks*' --inProcess" >&2
  exit 1
fi

dotnet build -c Release src/DefectorLens.Cli -v quiet -nologo > /dev/null
dlens=(dotnet src/DefectorLens.Cli/bin/Release/net10.0/dlens.dll)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Warm: the first run pays for reading the file into the page cache and for any schema upgrade.
"${dlens[@]}" stats --project "$project" --json > /dev/null

echo "| command | wall s | user + sys s | peak RSS MB |"
echo "| --- | ---: | ---: | ---: |"
while IFS= read -r line; do
  read -r -a args <<< "$line"
  /usr/bin/time -o "$out/time" -f "%e %U %S %M" "${dlens[@]}" "${args[@]}" --project "$project" > "$out/stdout"
  read -r wall user sys rss < "$out/time"
  printf '| `dlens %s` | %.2f | %.2f | %d |\n' "$line" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
done <<'COMMANDS'
stats prevalence --json
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
