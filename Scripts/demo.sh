#!/usr/bin/env bash
# Runs the main job on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product roster >&2
bin=.build/release/roster
$bin sheets Samples/roster-sample.xlsx
$bin cat Samples/roster-sample.xlsx --format csv | head -20
