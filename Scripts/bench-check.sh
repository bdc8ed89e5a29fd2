#!/usr/bin/env bash
# Measures `roster check` on a 100,000-row roster against a 100,000-person register, next to
# reading the same two files alone (`roster cat --stats`). Target: checking adds at most 50%.
#   Scripts/bench-check.sh [ROWS]      (needs ../shared/bench/gen_roster.py, python3, XlsxWriter)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000}"
BENCH=../shared/bench
[ -f "$BENCH/gen_roster.py" ] || { echo "bench-check: $BENCH/gen_roster.py is absent; skipping"; exit 0; }
swift build -c release --product roster >/dev/null
BIN="$(swift build -c release --show-bin-path)/roster"
WORK="${TMPDIR:-/tmp}/roster-bench-check"
mkdir -p "$WORK"
if [ ! -f "$WORK/roster-$ROWS.xlsx" ]; then
  python3 "$BENCH/gen_roster.py" --rows "$ROWS" --xlsx "$WORK/roster-$ROWS.xlsx" --csv "$WORK/roster-$ROWS.csv"
  python3 Scripts/gen-register.py --rows "$ROWS" --csv "$WORK/register-$ROWS.csv"
fi
cat > "$WORK/program.json" <<'JSON'
{"id":"bench","title":"基准测试","period":"2017-09","date":"2017-09-20","eligibleHonours":["national","provincial","municipal"],
 "amount":{"max":"3000.00"},"budget":"999999999.00","currency":"CNY","payer":{"name":"昆明市总工会","account":"1","bank":"工行"}}
JSON

# Median wall time of 3 runs of a command, in seconds; CPU_S gets the median user+sys CPU
# seconds and PEAK_MIB the largest peak RSS (when GNU time is installed).
CPU_S=""; PEAK_MIB=""
median() {
  local times=() cpus=() peak=0 tf
  tf=$(mktemp)
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -o "$tf" -f '%U %S %M' "$@" >/dev/null 2>&1 || true
      local u sy kib
      read -r u sy kib < <(tail -n 1 "$tf")
      cpus+=("$(echo "$u + $sy" | bc)")
      [ "$kib" -gt "$peak" ] && peak=$kib
    else
      "$@" >/dev/null 2>&1 || true
    fi
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  rm -f "$tf"
  CPU_S=$( [ ${#cpus[@]} -gt 0 ] && printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p || echo "")
  PEAK_MIB=$((peak / 1024))
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}

FAILED=0
for kind in xlsx csv; do
  R="$WORK/roster-$ROWS.$kind"
  G="$WORK/register-$ROWS.csv"
  median sh -c "'$BIN' cat --stats '$R' && '$BIN' cat --stats '$G'" >"$WORK/t"
  read_t=$(cat "$WORK/t"); read_cpu=$CPU_S
  median "$BIN" check --registry "$G" --program "$WORK/program.json" --format json "$R" >"$WORK/t"
  check_t=$(cat "$WORK/t"); check_cpu=$CPU_S; check_mib=$PEAK_MIB
  ratio=$(echo "scale=3; $check_t / $read_t" | bc)
  verdict=PASS
  awk -v x="$ratio" 'BEGIN {exit !(x > 1.5)}' && { verdict=FAIL; FAILED=1; }
  printf '%s: %s rows vs %s-person register: read both %.2f s, check %.2f s, ratio %.2f (target <= 1.50) %s' \
    "$kind" "$ROWS" "$ROWS" "$read_t" "$check_t" "$ratio" "$verdict"
  if [ -n "$read_cpu" ]; then
    printf '; CPU read %.2f s, check %.2f s (ratio %.2f); check peak %s MiB' "$read_cpu" "$check_cpu" \
      "$(echo "scale=3; $check_cpu / $read_cpu" | bc)" "$check_mib"
  fi
  printf '\n'
done
exit $FAILED
