#!/usr/bin/env bash
# Runs the main job on the bundled samples (synthetic people; regenerate with Scripts/make-sample.py).
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product roster >&2 || exit 1
bin=.build/release/roster
status=0

step() {
  echo
  echo "\$ roster $*"
  "$bin" "$@" || status=1
}

# The district workbook as an office suite saves it: sheets, then the roster sheet as read.
step sheets Samples/roster-sample.xlsx
step cat Samples/roster-sample.xlsx --sheet 申报表 --stats
echo
echo "\$ roster cat Samples/roster-sample.xlsx --format csv | head -8"
"$bin" cat Samples/roster-sample.xlsx --format csv | head -8 || status=1

# The same rows as Excel in China saves CSV (GB18030, CRLF): encoding and delimiter detected.
step sheets Samples/roster-sample-gbk.csv
echo
echo "\$ roster cat Samples/roster-sample-gbk.csv | head -8"
"$bin" cat Samples/roster-sample-gbk.csv | head -8 || status=1
step cat Samples/roster-sample-gbk.csv --stats
exit $status
