#!/usr/bin/env bash
# Writer benchmark: `roster convert` of the 100,000-row x 14-column CSV to XLSX, against
# libxlsxwriter (C, write_lxw.c) and Python XlsxWriter (write_xw.py) from ../shared/bench,
# in the same run on the same machine. Median wall time of RUNS runs, peak RSS, and ratios.
#   Scripts/bench-writer.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
RUNS=${2:-3}
BENCH=../shared/bench
WORK=${BENCH_WORK:-/tmp/roster-bench-writer}
mkdir -p "$WORK"
CSV="$WORK/roster-$ROWS.csv"

[ -f "$CSV" ] || python3 "$BENCH/gen_roster.py" --rows "$ROWS" --csv "$CSV"
swift build -c release --product roster >/dev/null
ROSTER="$(swift build -c release --show-bin-path)/roster"

LXW="$WORK/write_lxw"
if [ ! -x "$LXW" ]; then
  pkg-config --exists xlsxwriter || Scripts/ensure-deps.sh libxlsxwriter-dev || true
  if pkg-config --exists xlsxwriter; then
    gcc -O2 "$BENCH/write_lxw.c" -o "$LXW" $(pkg-config --cflags --libs xlsxwriter)
  else
    echo "libxlsxwriter is not installed (apt-get install -y libxlsxwriter-dev): skipping it" >&2
  fi
fi

# run NAME CMD... : prints "NAME median_s peak_MiB" using GNU time.
measure() {
  local name=$1; shift
  local times=() cpus=() peak=0
  for _ in $(seq "$RUNS"); do
    rm -f "$WORK/out-$name.xlsx"
    local line
    /usr/bin/time -o "$WORK/time.txt" -f "%e %M %U %S" "$@" >/dev/null 2>"$WORK/stderr-$name.txt"
    line=$(tail -1 "$WORK/time.txt")
    local e kb u s
    read -r e kb u s <<<"$line"
    times+=("$e")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local cpu
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $median $((peak / 1024)) $cpu"
}

results=()
results+=("$(measure roster "$ROSTER" convert "$CSV" "$WORK/out-roster.xlsx" --force)")
[ -x "$LXW" ] && results+=("$(measure libxlsxwriter "$LXW" "$CSV" "$WORK/out-libxlsxwriter.xlsx")")
results+=("$(measure xlsxwriter python3 "$BENCH/write_xw.py" "$CSV" "$WORK/out-xlsxwriter.xlsx")")

printf '%-15s %8s %9s %8s %9s\n' tool wall_s peak_MiB cpu_s vs_roster
roster_s=$(echo "${results[0]}" | awk '{print $2}')
for r in "${results[@]}"; do
  set -- $r
  printf '%-15s %8s %9s %8s %9s\n' "$1" "$2" "$3" "$4" "$(awk -v a="$roster_s" -v b="$2" 'BEGIN {printf "%.2fx", a / b}')"
done
echo "targets: roster <= 1.00x libxlsxwriter, <= 0.20x XlsxWriter (ratio = roster wall time / tool wall time;"
echo "cpu_s = median user+system seconds, steadier than wall time when the machine is busy)"
