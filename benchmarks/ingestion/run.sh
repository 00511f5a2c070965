#!/usr/bin/env bash
# Ingestion benchmark: generates N fictional documents in every format, then imports them with `dlens import`,
# per format into fresh projects (docs/s and MB/s each) and all together (end-to-end MB/s, peak memory).
# Usage: benchmarks/ingestion/run.sh N [WORKDIR]    e.g. benchmarks/ingestion/run.sh 10000 /tmp/dlens-ingest
# MB are 10^6 bytes of document text (markup, PDF and ZIP containers not counted), as the generator reports them.
set -euo pipefail
count=${1:?usage: run.sh N [WORKDIR]}
work=${2:-/tmp/dlens-ingest-$count}
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$root/src/DefectorLens.Cli" -c Release -v quiet -nologo >/dev/null
dlens="$root/src/DefectorLens.Cli/bin/Release/net10.0/dlens"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
"$dlens" generate-corpus corpus --count "$count" > sizes.tsv
printf '%-6s %8s %9s %8s %8s %8s\n' format docs text_MB seconds docs/s MB/s
for format in $(cut -f1 sizes.tsv); do
  docs=$(awk -v f="$format" '$1 == f {print $2}' sizes.tsv)
  mb=$(awk -v f="$format" '$1 == f {print $3}' sizes.tsv)
  rm -rf "p-$format" && mkdir "p-$format"
  (cd "p-$format" && "$dlens" init >/dev/null 2>&1)
  start=$(date +%s.%N)
  (cd "p-$format" && "$dlens" import "../corpus/$format" --json > import.json 2>/dev/null)
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-6s %8d %9.2f %8.2f %8.0f %8.2f\n' "$format" "$docs" "$mb" "$seconds" "$(echo "$docs / $seconds" | bc -l)" "$(echo "$mb / $seconds" | bc -l)"
done
rm -rf all && mkdir all && (cd all && "$dlens" init >/dev/null 2>&1)
total_docs=$(awk '{s += $2} END {print s}' sizes.tsv)
total_mb=$(awk '{s += $3} END {print s}' sizes.tsv)
start=$(date +%s.%N)
(cd all && /usr/bin/time -f '%M' -o peak-kb.txt "$dlens" import ../corpus --json > import.json 2>/dev/null)
seconds=$(echo "$(date +%s.%N) - $start" | bc)
printf '%-6s %8d %9.2f %8.2f %8.0f %8.2f   peak RSS %d MB\n' all "$total_docs" "$total_mb" "$seconds" \
  "$(echo "$total_docs / $seconds" | bc -l)" "$(echo "$total_mb / $seconds" | bc -l)" "$(( $(cat all/peak-kb.txt) / 1024 ))"
grep -E '"(imported|skipped|duplicates|rejected)"' all/import.json | tr -d ' ,\n'; echo
