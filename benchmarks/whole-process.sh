#!/usr/bin/env bash
# The whole-process benchmark: `icp report` on a realistic 20-column export, cold process as a user runs it, beside the
# same work in pandas + statsmodels (benchmarks/reference/pandas_statsmodels.py), alternating A B A B on the same file.
# Usage: benchmarks/whole-process.sh [DEALS=1000000] [ROUNDS=3]   (ICP_PORTABLE=1 for the portable, not precompiled, tool)
# Needs /usr/bin/time and Debian's python3-pandas and python3-statsmodels (apt-get install python3-pandas python3-statsmodels).
set -euo pipefail
cd "$(dirname "$0")/.."
deals="${1:-1000000}"
rounds="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build -c Release -v q benchmarks/IcpAnalytics.Benchmarks >/dev/null
# The tool as its linux-x64 package ships it (ReadyToRun, framework-dependent; see src/IcpAnalytics.Cli/IcpAnalytics.Cli.csproj);
# ICP_PORTABLE=1 times the portable IL build instead (what the `any` fallback package holds).
if [ "${ICP_PORTABLE:-0}" = 1 ]; then
  dotnet build -c Release -v q src/IcpAnalytics.Cli >/dev/null
  icpdll=src/IcpAnalytics.Cli/bin/Release/net10.0/icp.dll
else
  dotnet publish -c Release -r linux-x64 -v q src/IcpAnalytics.Cli -o "$work/icp" >/dev/null
  icpdll="$work/icp/icp.dll"
fi
dotnet benchmarks/IcpAnalytics.Benchmarks/bin/Release/net10.0/IcpAnalytics.Benchmarks.dll generate-export "$deals" "$work/deals.csv"

icp=(dotnet "$icpdll" report "$work/deals.csv" --out "$work/report.html")
ref=(/usr/bin/python3 benchmarks/reference/pandas_statsmodels.py "$work/deals.csv")

measure() { # label command...: prints wall seconds and peak resident MiB from /usr/bin/time -v
  local label="$1"; shift
  /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
  printf '%-22s %8.2f s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $deals deals, $(du -m "$work/deals.csv" | cut -f1) MB"
for r in $(seq 1 "$rounds"); do
  measure "icp report ($r)" "${icp[@]}"
  measure "pandas+statsmodels ($r)" "${ref[@]}"
done
