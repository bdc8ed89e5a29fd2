#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a while.
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]      (default: 300 seconds, every target)
#
# Targets: FuzzXLSX FuzzCSV FuzzRoster FuzzConfig FuzzXLSXWriter FuzzResults (Sources/Fuzz/, code in
# Sources/Fuzz/FuzzTargets). The fuzz build lives in .build-fuzz (release, ASan + libFuzzer);
# corpora and crash files go to fuzz-out/<target>/ (both gitignored). Seeds: the committed set in
# Fuzz/seeds/<target>/ plus, when present, ../shared/corpus and the project's fixtures, copied
# at run time. A crash, leak or timeout leaves its input in fuzz-out/<target>/artifacts/; fix
# the bug, then copy the input to Tests/RosterTests/FuzzRegressions/<target>/ so `swift test`
# replays it. Everything runs under `nice -n 19`: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-300}"
shift || true
ALL=(FuzzXLSX FuzzCSV FuzzRoster FuzzConfig FuzzXLSXWriter FuzzResults)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
SWIFT="${SWIFT:-swift}"
OUT="${FUZZ_OUT:-fuzz-out}"
SHARED="${SHARED:-../shared}"
[ -d "$SHARED" ] || SHARED=/work/shared

max_len() {
    case "$1" in
        FuzzXLSX) echo 1048576 ;;
        FuzzCSV) echo 131072 ;;
        FuzzRoster) echo 16384 ;;
        FuzzConfig) echo 16384 ;;
        FuzzXLSXWriter) echo 65536 ;;
        FuzzResults) echo 65536 ;;
    esac
}

# Extra seeds generated at run time (never committed): the shared corpus and local fixtures.
extra_seeds() {
    local t="$1" dir="$2"
    case "$t" in
        FuzzXLSX)
            cp -f "$SHARED"/corpus/xlsx/*.xlsx "$SHARED"/corpus/hostile/*.xlsx "$dir"/ 2>/dev/null || true
            cp -f Tests/SpreadsheetTests/Fixtures/*.xlsx Samples/*.xlsx Samples/rosters/*.xlsx "$dir"/ 2>/dev/null || true
            ;;
        FuzzCSV)
            cp -f Samples/*.csv Samples/rosters/*.csv "$dir"/ 2>/dev/null || true
            ;;
        FuzzRoster)
            for f in Samples/rosters/*.csv; do
                [ -f "$f" ] || continue
                # The harness splits cells at commas; GBK files are converted to UTF-8 first.
                if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
                    cp -f "$f" "$dir"/
                else
                    iconv -f GB18030 -t UTF-8 "$f" >"$dir/$(basename "$f").utf8" 2>/dev/null || true
                fi
            done
            ;;
        FuzzConfig)
            cp -f Schemas/*.json Schemas/bank-templates/*.json Schemas/examples/*.json Samples/*.json "$dir"/ 2>/dev/null || true
            ;;
        FuzzXLSXWriter) ;;
    esac
}

echo "== building fuzz targets (release, ASan + libFuzzer) in .build-fuzz"
for t in "${TARGETS[@]}"; do
    # --sanitize=fuzzer --sanitize=address alone leaves Swift code without coverage counters on
    # 6.3.1 (the driver keeps only one -sanitize flag); the combined -Xswiftc flag restores them.
    ROSTER_FUZZ=1 nice -n 19 "$SWIFT" build -c release --scratch-path .build-fuzz \
        --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product "$t" 2>&1 |
        grep -vE "Cannot export local symbol" | tail -3
done
BIN=.build-fuzz/release

SUMMARY=()
for t in "${TARGETS[@]}"; do
    corpus="$OUT/$t/corpus"
    artifacts="$OUT/$t/artifacts"
    seeds="$OUT/$t/seeds"
    mkdir -p "$corpus" "$artifacts" "$seeds"
    cp -f Fuzz/seeds/"$t"/* "$seeds"/ 2>/dev/null || true
    extra_seeds "$t" "$seeds"
    log="$OUT/$t/fuzz.log"
    echo "== $t: ${SECONDS_PER_TARGET}s, max_len $(max_len "$t"), log $log"
    set +e
    # ASAN_OPTIONS: leaks are reported (detect_leaks), and a report aborts the run.
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1" nice -n 19 "$BIN/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
    ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
    # Plateau: the execution at which coverage (cov) last grew, against the total.
    cov_grew=$(grep -E '^#[0-9]+' "$log" | awk '{for (i = 1; i <= NF; i++) if ($i == "cov:") c = $(i + 1); if (c != p) { n = $1; p = c }} END {print substr(n, 2)}')
    crashes=$(find "$artifacts" -type f | wc -l)
    status=ok
    [ "$rc" -ne 0 ] && status="FAILED (exit $rc; see $log)"
    line=$(printf "%-15s %6ss  execs %-10s exec/s %-7s cov %-6s ft %-7s cov-last-grew-at %-10s artifacts %-3s %s" \
        "$t" "$SECONDS_PER_TARGET" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${cov_grew:-?}" "$crashes" "$status")
    echo "$line"
    SUMMARY+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${SUMMARY[@]}"
