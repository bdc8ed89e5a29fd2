#!/usr/bin/env bash
# `make serve-demo`: the district intake on the bundled samples. Builds the release binary,
# creates out/serve-demo afresh (one account per district plus city, every password "demo"),
# prints the accounts and the address, then serves it in the foreground until Ctrl-C.
#
#   PORT=8080   the port on 127.0.0.1 (make serve-demo PORT=8081)
#
# Try: log in as 五华区, upload Samples/rosters/五华区.xlsx (it has defects), see the rows to fix
# and download the return workbook; log in as city to see every district and run the batch.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
DIR=out/serve-demo
PASSWORD=demo
ROSTER=.build/release/roster

echo "serve-demo: building roster (release)" >&2
swift build -c release --product roster >&2

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
accounts=$("$ROSTER" serve --init "$DIR" --program Samples/program.json --registry Samples/register.xlsx \
  --demo-password "$PASSWORD" | sed -n 's/^  \([^:]*\): .*/\1/p')

echo
echo "Intake folder: $DIR (programme Samples/program.json, register Samples/register.xlsx)"
echo "Accounts, every password \"$PASSWORD\" (demo only):"
for a in $accounts; do
  if [ "$a" = city ]; then echo "  city          市总工会: every district, the cross-district claims, the batch"; else echo "  $a"; fi
done
echo "Rosters to upload: Samples/rosters/<区县>.xlsx|csv (五华区.xlsx has defects)"
echo
echo "Open http://127.0.0.1:$PORT/login  (Ctrl-C stops)"
echo
exec "$ROSTER" serve "$DIR" --port "$PORT"
