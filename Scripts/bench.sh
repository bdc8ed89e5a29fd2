#!/usr/bin/env bash
# `make bench`: speed and memory of roster against the anchor tools of ../shared/bench, measured
# side by side in one run on this machine. Prints a table with ratios and PASS/FAIL per target.
#
#   ROWS=100000   rows of the generated roster (default 100000)
#   RUNS=3        runs per command; the table shows the median wall time and the largest peak RSS
#
# Inputs are generated into bench-out/ (gitignored) and reused while they exist.
# To add a benchmark (the writer, `roster run`, …): write a function `bench_NAME` that calls
# `measure` for roster and its anchor and then `report`, and add NAME to BENCHES below.
set -uo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-100000}
RUNS=${RUNS:-3}
OUT=bench-out
SHARED=../shared/bench
ROSTER=.build/release/roster
# BENCHES="xlsx_read csv_read" picks some; the default runs them all.
read -r -a BENCHES <<<"${BENCHES:-xlsx_read csv_read check run reconcile status report}"

XW_XLSX=$OUT/roster-$ROWS-xlsxwriter.xlsx
RESAVED_DIR=$OUT/resaved
RESAVED_XLSX=$RESAVED_DIR/roster-$ROWS-xlsxwriter.xlsx
CSV=$OUT/roster-$ROWS.csv
REGISTER=$OUT/register-$ROWS.csv
PROGRAM=$OUT/bench-program.json

TABLE=()
FAILED=0

note() { echo "bench: $*" >&2; }

# --- set-up ---------------------------------------------------------------------------------

ensure_time() {
  [ -x /usr/bin/time ] && return 0
  note "installing GNU time (for wall time and peak memory)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq time >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null; } \
    || { note "cannot install GNU time; no figures without it"; exit 1; }
}

have_python_module() { python3 -c "import $1" >/dev/null 2>&1; }

generate_inputs() {
  mkdir -p "$OUT"
  if [ ! -f "$SHARED/gen_roster.py" ]; then
    note "$SHARED/gen_roster.py is missing: cannot generate the roster"; return 1
  fi
  if [ ! -s "$CSV" ] || [ ! -s "$XW_XLSX" ]; then
    if ! have_python_module xlsxwriter; then
      note "python3 XlsxWriter missing: generating the CSV only"
      [ -s "$CSV" ] || python3 "$SHARED/gen_roster.py" --rows "$ROWS" --csv "$CSV"
      return 0
    fi
    note "generating $ROWS rows x 14 columns (XLSX and CSV)"
    python3 "$SHARED/gen_roster.py" --rows "$ROWS" --xlsx "$XW_XLSX" --csv "$CSV" || return 1
  fi
}

# Re-save the XlsxWriter file the way an office suite does (shared strings, styles).
resave_xlsx() {
  [ -s "$RESAVED_XLSX" ] && return 0
  [ -s "$XW_XLSX" ] || return 0
  if ! command -v soffice >/dev/null 2>&1; then
    note "LibreOffice (soffice) missing: skipping the office-suite re-save and the XLSX benchmark"
    return 0
  fi
  note "re-saving the XLSX with LibreOffice (a minute or two)"
  mkdir -p "$RESAVED_DIR"
  # A private profile, so a LibreOffice already running elsewhere does not swallow the job.
  local profile; profile=$(mktemp -d)
  timeout 900 soffice -env:UserInstallation=file://"$profile" --headless --convert-to xlsx \
    --outdir "$RESAVED_DIR" "$XW_XLSX" >/dev/null 2>&1 || note "LibreOffice re-save failed"
  rm -rf "$profile"
}

build_release() {
  note "building roster (release)"
  swift build -c release --product roster >&2 || { note "release build failed"; exit 1; }
}

# --- measuring ------------------------------------------------------------------------------

# measure VAR command...: runs the command RUNS times (output discarded); sets VAR_s (median
# wall seconds), VAR_mib (largest peak RSS in MiB), VAR_ok (1 when every run exited 0) and
# VAR_out (the first run's standard output, for a sanity check).
measure() {
  local var=$1; shift
  local walls=() peak=0 ok=1 out="" i tf of
  tf=$(mktemp); of=$(mktemp)
  for ((i = 0; i < RUNS; i++)); do
    if ! /usr/bin/time -o "$tf" -f '%e %M' "$@" >"$of" 2>/dev/null; then ok=0; fi
    [ $i -eq 0 ] && out=$(head -c 2000 "$of")
    local line; line=$(tail -n 1 "$tf")
    walls+=("${line% *}")
    local kib=${line#* }
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  rm -f "$tf" "$of"
  local median; median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf -v "${var}_s" '%s' "$median"
  printf -v "${var}_mib" '%s' "$(awk -v k="$peak" 'BEGIN {printf "%.0f", k/1024}')"
  printf -v "${var}_ok" '%s' "$ok"
  printf -v "${var}_out" '%s' "$out"
}

# report JOB ANCHOR roster_s roster_mib roster_ok anchor_s anchor_mib MAX_RATIO [MAX_MIB]
report() {
  local job=$1 anchor=$2 rs=$3 rm=$4 rok=$5 as=$6 am=$7 maxratio=$8 maxmib=${9:-}
  local ratio verdict target
  ratio=$(awk -v r="$rs" -v a="$as" 'BEGIN {if (a > 0) printf "%.2f", r/a; else print "n/a"}')
  target="<= ${maxratio}x"
  verdict=PASS
  if [ "$rok" != 1 ]; then
    verdict="FAIL (roster failed)"
  elif [ "$ratio" = "n/a" ] || awk -v x="$ratio" -v m="$maxratio" 'BEGIN {exit !(x > m)}'; then
    verdict=FAIL
  fi
  if [ -n "$maxmib" ]; then
    target="$target, <= ${maxmib} MiB"
    if [ "$verdict" = PASS ] && [ "$rm" -gt "$maxmib" ]; then verdict="FAIL (memory)"; fi
  fi
  [ "$verdict" = PASS ] || FAILED=1
  TABLE+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |' \
    "$job" "$rs" "$rm" "$anchor" "$as" "$am" "$ratio" "$target" "$verdict")")
}

# A job with an absolute target (the issue's seconds), no anchor tool.
report_abs() {
  local job=$1 rs=$2 rm=$3 rok=$4 maxs=$5 verdict=PASS
  if [ "$rok" != 1 ]; then
    verdict="FAIL (roster failed)"
  elif awk -v x="$rs" -v m="$maxs" 'BEGIN {exit !(x > m)}'; then
    verdict=FAIL
  fi
  [ "$verdict" = PASS ] || FAILED=1
  TABLE+=("$(printf '| %s | %s | %s | - | - | - | - | <= %s s | %s |' "$job" "$rs" "$rm" "$maxs" "$verdict")")
}

skip() { TABLE+=("$(printf '| %s | - | - | - | - | - | - | - | SKIPPED (%s) |' "$1" "$2")"); }

# --- benchmarks -----------------------------------------------------------------------------

# Reading the office-suite re-save (shared strings): roster cat --stats vs python-calamine.
bench_xlsx_read() {
  local job="read XLSX re-saved by LibreOffice ($ROWS rows)"
  [ -s "$RESAVED_XLSX" ] || { skip "$job" "no re-saved XLSX"; return; }
  have_python_module python_calamine || { skip "$job" "python-calamine missing"; return; }
  measure r "$ROSTER" cat "$RESAVED_XLSX" --stats
  measure a python3 "$SHARED/read_calamine.py" "$RESAVED_XLSX"
  [ "$r_ok" = 1 ] || note "roster could not read $RESAVED_XLSX: $("$ROSTER" cat "$RESAVED_XLSX" --stats 2>&1 >/dev/null | head -1)"
  report "$job" "python-calamine" "$r_s" "$r_mib" "$r_ok" "$a_s" "$a_mib" 0.5 64
}

# Reading the same rows as UTF-8 CSV: roster cat --stats vs Python's csv module.
bench_csv_read() {
  local job="read CSV ($ROWS rows, $(du -m "$CSV" 2>/dev/null | cut -f1) MB)"
  [ -s "$CSV" ] || { skip "$job" "no CSV"; return; }
  measure r "$ROSTER" cat "$CSV" --stats
  measure a python3 "$SHARED/read_csv.py" "$CSV"
  [ "$r_ok" = 1 ] || note "roster could not read $CSV: $("$ROSTER" cat "$CSV" --stats 2>&1 >/dev/null | head -1)"
  # Same number of records seen by both.
  local rrows arows
  rrows=$(printf '%s\n' "$r_out" | awk -F': ' '$1 == "rows" {print $2}')
  arows=$(printf '%s\n' "$a_out" | awk '{print $1}')
  [ "$rrows" = "$arows" ] || note "row counts differ: roster $rrows, python csv $arows"
  report "$job" "Python csv" "$r_s" "$r_mib" "$r_ok" "$a_s" "$a_mib" 1.0
}

# The whole job on a generated $ROWS-row scenario (14 districts, a register of $ROWS people):
# `roster run` (read, check, write every output, check the books, record in a fresh ledger) vs
# reading the same files the run reads (the 14 rosters and the register) with python-calamine
# (XLSX) plus Python's csv module (CSV). Reading the rosters alone is printed as a note.
bench_run() {
  local scen=$OUT/run-$ROWS job="roster run ($ROWS rows, 14 districts)"
  have_python_module python_calamine || { skip "$job" "python-calamine missing"; return; }
  if [ ! -s "$scen/program.json" ]; then
    note "generating a $ROWS-row scenario into $scen"
    rm -rf "$scen"
    "$ROSTER" samples --out "$scen" --rows "$ROWS" --seed 7 --register-size "$ROWS" >/dev/null \
      || { skip "$job" "roster samples failed"; return; }
  fi
  local reader=$OUT/read_rosters.py
  cat >"$reader" <<'PY'
import csv, os, sys
from python_calamine import CalamineWorkbook
rows = 0
paths = []
for arg in sys.argv[1:]:
    if os.path.isdir(arg):
        for root, _, names in os.walk(arg):
            paths += [os.path.join(root, n) for n in sorted(names)]
    else:
        paths.append(arg)
for p in paths:
        n = os.path.basename(p)
        if n.endswith(".xlsx"):
            wb = CalamineWorkbook.from_path(p)
            for s in wb.sheet_names:
                rows += len(wb.get_sheet_by_name(s).to_python())
        elif n.endswith(".csv"):
            raw = open(p, "rb").read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")
            rows += sum(1 for _ in csv.reader(text.splitlines()))
print(rows)
PY
  # A fresh output folder and ledger for every timed run (the ledger would refuse a second payment).
  cat >"$OUT/run_once.sh" <<SH
#!/usr/bin/env bash
rm -rf "$OUT/run-out" "$OUT/run-ledger.sqlite"
exec "$ROSTER" run --program "$scen/program.json" --registry "$scen/register.xlsx" --out "$OUT/run-out" \
  --ledger "$OUT/run-ledger.sqlite" "$scen/rosters"
SH
  chmod +x "$OUT/run_once.sh"
  measure r "$OUT/run_once.sh"
  measure a python3 "$reader" "$scen/rosters" "$scen/register.xlsx"
  [ "$r_ok" = 1 ] || note "roster run failed: $("$OUT/run_once.sh" 2>&1 >/dev/null | tail -1)"
  report "$job" "python-calamine+csv read of rosters and register" "$r_s" "$r_mib" "$r_ok" "$a_s" "$a_mib" 1.5 250
  local rosters_s=$a_s
  measure a python3 "$reader" "$scen/rosters"
  note "roster run $r_s s; reading the 14 rosters alone (no register) $a_s s, ratio $(awk -v r="$r_s" -v a="$a_s" 'BEGIN {printf "%.2f", r/a}'); with the register $rosters_s s"
  # One more run with ROSTER_TIMING: where the time of a run goes, stage by stage.
  note "roster run stages: $(ROSTER_TIMING=1 "$OUT/run_once.sh" 2>&1 >/dev/null | awk '/^timing/ {sub(":", "", $2); printf "%s %s ms; ", $2, $3}')"
}

# Checking a roster against a register of the same size (issue 3): `roster check` vs reading
# the same two files (`roster cat --stats` of each); checking may add at most 50%.
bench_check() {
  local kind f job
  if [ ! -s "$REGISTER" ]; then
    python3 Scripts/gen-register.py --rows "$ROWS" --csv "$REGISTER" >/dev/null 2>&1 \
      || { skip "check against the register" "cannot generate the register"; return; }
  fi
  cat >"$PROGRAM" <<'JSON'
{"id":"bench","title":"基准测试","period":"2017-09","date":"2017-09-20","eligibleHonours":["national","provincial","municipal"],
 "amount":{"max":"3000.00"},"budget":"999999999.00","currency":"CNY","payer":{"name":"昆明市总工会","account":"1","bank":"工行"}}
JSON
  for kind in xlsx csv; do
    f=$XW_XLSX; [ "$kind" = csv ] && f=$CSV
    job="check $kind ($ROWS rows vs $ROWS-person register)"
    [ -s "$f" ] || { skip "$job" "no $kind roster"; continue; }
    # roster check exits 1 when it finds errors (the generated roster has a few): only 2 is a failure.
    measure r sh -c '"$@"; [ $? -le 1 ]' check "$ROSTER" check --registry "$REGISTER" --program "$PROGRAM" --format json "$f"
    measure a sh -c '"$1" cat --stats "$2" && "$1" cat --stats "$3"' read "$ROSTER" "$f" "$REGISTER"
    report "$job" "roster cat --stats (both files)" "$r_s" "$r_mib" "$r_ok" "$a_s" "$a_mib" 1.5
  done
}

# The bank's answer to a $ROWS-payment batch, one line per payment, reconciled against its
# ledger (issue 13: <= 2 s), as a pain.002 and as a delimited result list; each on a fresh copy
# of the ledger so every measured run applies the file.
bench_reconcile() {
  local scen=$OUT/run-$ROWS base=$OUT/rc
  [ -s "$scen/program.json" ] || { skip "reconcile" "no $ROWS-row scenario (run the run bench first)"; return; }
  if [ ! -s "$base/answer/pain.002.xml" ]; then
    rm -rf "$base" && mkdir -p "$base"
    "$ROSTER" run --program "$scen/program.json" --registry "$scen/register.xlsx" --out "$base/run" --ledger "$base/ledger.sqlite" \
      --bank-template cn-batch-gbk --bank-template pain.001.001.09 "$scen/rosters" >/dev/null 2>&1
    "$ROSTER" samples --answer "$base/run" --out "$base/answer" --every-line >/dev/null \
      || { skip "reconcile" "roster samples --answer failed"; return; }
  fi
  local n; n=$(grep -c "<TxInfAndSts>" "$base/answer/pain.002.xml")
  cat >"$OUT/reconcile_once.sh" <<SH
#!/usr/bin/env bash
cp "$base/ledger.sqlite" "$base/l.sqlite" && exec "$ROSTER" reconcile --ledger "$base/l.sqlite" "\$@" >/dev/null
SH
  chmod +x "$OUT/reconcile_once.sh"
  measure r "$OUT/reconcile_once.sh" "$base/answer/pain.002.xml"
  report_abs "reconcile a $n-line pain.002 against a $ROWS-payment ledger" "$r_s" "$r_mib" "$r_ok" 2
  measure r "$OUT/reconcile_once.sh" --result-template cn-batch-gbk-result "$base/answer/result.txt"
  report_abs "reconcile a $n-line delimited result against a $ROWS-payment ledger" "$r_s" "$r_mib" "$r_ok" 2
}

# roster status on a ledger of 1,000,000 payments (issue 13: <= 1 s): the reconcile bench's
# ledger, its payments copied under nine more programmes.
bench_status() {
  local base=$OUT/rc big=$OUT/rc/status.sqlite
  [ -s "$base/ledger.sqlite" ] || { skip "status" "no reconcile ledger (run the reconcile bench first)"; return; }
  command -v sqlite3 >/dev/null || { skip "status" "sqlite3 missing"; return; }
  if [ ! -s "$big" ]; then
    cp "$base/ledger.sqlite" "$big"
    local copies=$(( (1000000 + ROWS - 1) / ROWS - 1 )) i
    for i in $(seq 1 $copies); do
      sqlite3 "$big" "INSERT INTO batches (id, programme_id, period, created, payment_count, total_fen, status, payer_account, budget_fen)
          SELECT id || '-p$i', 'P$i', period, created, payment_count, total_fen, status, payer_account, budget_fen FROM batches WHERE id NOT LIKE '%-p%';
        INSERT INTO payments (batch_id, programme_id, period, person_key, masked_id, amount_fen, district, seq, holds)
          SELECT batch_id || '-p$i', 'P$i', period, person_key, masked_id, amount_fen, district, seq, holds FROM payments WHERE programme_id NOT LIKE 'P%';
        INSERT INTO standing SELECT 'P$i', period, batch_id || '-p$i', district, state, reissued, people, fen FROM standing WHERE programme_id NOT LIKE 'P%';
        INSERT INTO programmes SELECT 'P$i', period, title || ' $i', budget_fen, deadline, payee FROM programmes WHERE programme_id NOT LIKE 'P%';"
    done
  fi
  local n; n=$(sqlite3 "$big" "SELECT count(*) FROM payments")
  measure r "$ROSTER" status --ledger "$big" --format json
  report_abs "status on a ledger of $n payments" "$r_s" "$r_mib" "$r_ok" 1
}

# roster report --year over the same ledger of 1,000,000 payments (issue 14: <= 2 s), workbook
# and JSON. An older copy is brought up to date first, outside the measure.
bench_report() {
  local big=$OUT/rc/status.sqlite
  [ -s "$big" ] || { skip "report" "no status ledger (run the status bench first)"; return; }
  "$ROSTER" ledger list --ledger "$big" >/dev/null || { skip "report" "the status ledger does not open"; return; }
  local year n
  year=$(sqlite3 "$big" "SELECT substr(min(period), 1, 4) FROM payments")
  n=$(sqlite3 "$big" "SELECT count(*) FROM payments")
  measure r "$ROSTER" report --year "$year" --ledger "$big" --out "$OUT/rc/report.xlsx" --force --format json
  report_abs "report --year over a ledger of $n payments" "$r_s" "$r_mib" "$r_ok" 2
}

# --- main -----------------------------------------------------------------------------------

ensure_time
generate_inputs || exit 1
resave_xlsx
build_release
for b in "${BENCHES[@]}"; do "bench_$b"; done

echo
echo "roster vs anchors: median of $RUNS runs, whole process, peak RSS; $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| job | roster s | roster MiB | anchor | anchor s | anchor MiB | ratio | target | verdict |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${TABLE[@]}"
exit $FAILED
