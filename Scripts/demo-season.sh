#!/usr/bin/env bash
# `make demo-season`: one programme over a season on the bundled samples. Batch 1 pays the
# districts' rosters (make demo); the bank answers (a pain.002 with a few failures, written by
# `roster samples --answer`); `roster reconcile` applies it, twice (the second time changes
# nothing); the districts resend the failed people (new accounts, one name mismatch sent again
# with the account that failed, one person already paid listed by mistake); batch 2 re-issues
# them; `roster status` shows where the programme stands.
set -uo pipefail
cd "$(dirname "$0")/.."
Scripts/demo.sh >/dev/null || { echo "make demo failed" >&2; exit 1; }
bin=.build/release/roster
ledger=out/demo-ledger.sqlite
rm -rf out/season

step() {
  echo
  echo "\$ $*"
  "$@"
}
run() { "$bin" "$@"; }

echo "Batch 1 is in out/demo (make demo): $("$bin" ledger list --ledger $ledger | sed -n 2p)"
step "$bin" samples --answer out/demo --out out/season/bank || exit 1
step "$bin" reconcile --ledger $ledger --out out/season/reconcile out/season/bank/pain.002.xml || exit 1
step "$bin" reconcile --ledger $ledger out/season/bank/pain.002.xml || exit 1
step "$bin" run --program Samples/program.json --registry Samples/register.xlsx --out out/season/batch2 \
  --ledger $ledger --bank-template cn-batch-gbk --bank-template pain.001.001.09 --date 2017-10-10 \
  out/season/bank/resubmission || exit 1
step "$bin" status --ledger $ledger
