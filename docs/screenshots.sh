#!/usr/bin/env bash
# Regenerates the summary screenshots in docs/screenshots/ (the first 1,400 × 900 px of the profit-yield report):
#   summary-sample.png  the embedded sample (icp report)
#   summary-export.png  the CRM-style export samples/data/deals.csv (stage names, open deals, effort hours)
# Needs headless Chromium at /usr/bin/chromium (or $CHROMIUM). Run from anywhere: docs/screenshots.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
out="$repo/docs/screenshots"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
dotnet build "$repo/src/IcpAnalytics.Cli" -c Release -o "$work/icp" >/dev/null
icp="$work/icp/icp"
(cd "$work" && "$icp" report --out sample.html >/dev/null)
(cd "$work" && "$icp" report "$repo/samples/data/deals.csv" --out export.html \
    --outcome-column stage --won-label "Closed Won" --lost-label "Closed Lost" --open-label Proposal --open-label Negotiation \
    --revenue-column amount --margin-column gross_margin --effort-column calls --effort-column meetings --effort-column demos \
    --effort-hours-column effort_hours --attribute industry --attribute region --attribute employees:50,200,1000,5000 >/dev/null) || test $? -eq 3
for name in sample export; do
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 \
      --user-data-dir="$work/profile" --screenshot="$out/summary-$name.png" "file://$work/$name.html" 2>/dev/null
done
ls -l "$out"
