#!/usr/bin/env bash
# `make demo`: the whole job on the bundled samples (synthetic people; regenerate with
# `roster samples --out Samples --force`). Reads Samples/rosters/, checks every row against
# Samples/register.xlsx and writes a reconciled payment batch into out/demo/.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product roster >&2 || exit 1
bin=.build/release/roster

mkdir -p out
# A fresh ledger and output folder each demo, so a second demo does not refuse everyone as
# already paid (nor warn that the old folder's batch is not in the new ledger).
rm -rf out/demo
rm -f out/demo-ledger.sqlite out/demo-ledger.sqlite-wal out/demo-ledger.sqlite-shm

banks=(--bank-template cn-batch-gbk --bank-template pain.001.001.09)
xsd=../shared/iso20022/pain.001.001.09.xsd
[ -f "$xsd" ] && banks+=(--xsd "$xsd")

cmd=("$bin" run --program Samples/program.json --registry Samples/register.xlsx --out out/demo
  --ledger out/demo-ledger.sqlite "${banks[@]}" --force Samples/rosters)
echo "\$ roster run --program Samples/program.json --registry Samples/register.xlsx --out out/demo \\"
echo "    --ledger out/demo-ledger.sqlite ${banks[*]} --force Samples/rosters"
echo
"${cmd[@]}"
status=$?
if [ $status -eq 0 ]; then
  echo
  echo "\$ find out/demo -type f | sort"
  find out/demo -type f | sort
  echo
  echo "\$ roster ledger list --ledger out/demo-ledger.sqlite"
  "$bin" ledger list --ledger out/demo-ledger.sqlite || true
fi
exit $status
