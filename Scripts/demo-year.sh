#!/usr/bin/env bash
# `make demo-year`: the whole year 2017 of the seed report, four programmes in one ledger, into
# out/demo-year/. `roster samples --year 2017` writes the inputs (register, named studios,
# programmes, rosters, account lists, the districts' corrected resubmissions); then, in the
# order of the year: the national allowance paid from the register (June, one account late),
# the Mid-Autumn hardship payments (September: rosters, the bank's answer with a few failures,
# reconcile, the corrections and the failed people paid again), the new studios (November,
# paid to their host organisations), the provincial hardship payments (December, as in
# September); last the year-end report, whose figures must be the seed report's.
set -uo pipefail
cd "$(dirname "$0")/.."
# ROSTER_BIN and DEMO_YEAR_OUT let a test play the year with its own build into its own folder.
if [ -z "${ROSTER_BIN:-}" ]; then swift build -c release --product roster >&2 || exit 1; fi
bin=${ROSTER_BIN:-.build/release/roster}
out=${DEMO_YEAR_OUT:-out/demo-year}
in=$out/inputs
ledger=$out/ledger.sqlite
rm -rf "$out"

xsd=()
[ -f ../shared/iso20022/pain.001.001.09.xsd ] && xsd=(--xsd ../shared/iso20022/pain.001.001.09.xsd)
persons=(--bank-template cn-batch-gbk --bank-template pain.001.001.09 "${xsd[@]}")
organisations=(--bank-template cn-corporate-gbk --bank-template pain.001.001.09 "${xsd[@]}")

# Prints a heading for a part of the year.
part() {
  echo
  echo "== $* =="
}

# Runs one command after printing it; any failure stops the year.
step() {
  echo
  echo "\$ roster $*"
  "$bin" "$@"
  local status=$?
  if [ $status -ne 0 ]; then
    echo "demo-year: roster $1 failed (exit $status)" >&2
    exit $status
  fi
}

# Runs one `roster run`. Returned rows and people already paid are normal (exit 0); exit 1
# (nobody left to pay) is noted and the year goes on; 2 and above (unusable input, books that
# do not balance, a ledger refusal) stop it.
batch() {
  echo
  echo "\$ roster run $*"
  "$bin" run "$@"
  local status=$?
  if [ $status -eq 1 ]; then
    echo "demo-year: nothing to pay in this batch (exit 1); going on" >&2
  elif [ $status -ne 0 ]; then
    echo "demo-year: roster run failed (exit $status)" >&2
    exit $status
  fi
}

prog() { echo "$in/programmes/$1.json"; }

# A programme the districts apply for with rosters, over its season: batch 1 from the rosters,
# the bank's answer (a few failures), reconcile, then batch 2 from the districts' corrected rows
# and the bank's resubmissions (new accounts for the failed, one sent again with the account
# that failed, one person already paid listed by mistake).
season() {
  local id=$1 dir=$2 first=$3 second=$4
  batch --program "$(prog "$id")" --registry "$in/register.xlsx" --ledger "$ledger" --out "$out/$dir/batch1" \
    "${persons[@]}" --date "$first" "$in/$dir/rosters"
  step samples --answer "$out/$dir/batch1" --out "$out/$dir/bank"
  step reconcile --ledger "$ledger" --out "$out/$dir/reconcile" "$out/$dir/bank/pain.002.xml"
  batch --program "$(prog "$id")" --registry "$in/register.xlsx" --ledger "$ledger" --out "$out/$dir/batch2" \
    "${persons[@]}" --date "$second" "$in/$dir/resubmission" "$out/$dir/bank/resubmission"
}

part "The inputs of the year"
step samples --year 2017 --out "$in"

part "2017-06 全国劳模“三金” national allowance, paid from the register"
batch --program "$(prog 2017-national-allowance)" --registry "$in/register.xlsx" --accounts "$in/national/accounts.xlsx" \
  --ledger "$ledger" --out "$out/national/batch1" "${persons[@]}" --date 2017-06-30
batch --program "$(prog 2017-national-allowance)" --registry "$in/register.xlsx" \
  --accounts "$in/national/accounts-supplement.xlsx" --ledger "$ledger" --out "$out/national/batch2" "${persons[@]}" \
  --date 2017-07-10

part "2017-09 中秋国庆困难市级劳模帮扶 Mid-Autumn hardship"
season 2017-midautumn-hardship midautumn 2017-09-20 2017-09-26

part "2017-11 新命名劳模创新工作室补助 new innovation studios, paid to their hosts"
batch --program "$(prog 2017-innovation-studios)" --registry "$in/register.xlsx" --studios "$in/studios.xlsx" \
  --ledger "$ledger" --out "$out/studios/batch1" "${organisations[@]}" --date 2017-11-15 "$in/studios/rosters"

part "2017-12 省部级以上困难劳模帮扶 provincial hardship"
season 2017-provincial-hardship provincial 2017-12-01 2017-12-08

part "The year-end report"
report=(report --year 2017 --ledger "$ledger" --targets "$in/targets.json" --out "$out/2017年度劳模帮扶资金绩效自评表.xlsx")
echo
echo "\$ roster ${report[*]}"
summary=$("$bin" "${report[@]}") || { echo "demo-year: roster report failed" >&2; exit 1; }
echo "$summary"

# The seed report's figures, people and yuan per programme.
expected="2017-innovation-studios 4 28,000.00
2017-midautumn-hardship 366 700,000.00
2017-national-allowance 60 1,053,500.00
2017-provincial-hardship 217 1,451,900.00"
actual=$(echo "$summary" | awk '$1 ~ /^2017-/ { print $1, $2, $3 }' | sort)
echo
if [ "$actual" = "$expected" ]; then
  echo "demo-year: the year's figures are the seed report's (366 / 700,000.00; 60 / 1,053,500.00; 217 / 1,451,900.00; 4 studios / 28,000.00)"
else
  echo "demo-year: the year's figures differ from the seed report's; expected:" >&2
  echo "$expected" >&2
  exit 1
fi
