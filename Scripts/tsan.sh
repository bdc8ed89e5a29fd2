#!/usr/bin/env bash
# `make tsan`: the tests that run code on several threads, built with ThreadSanitizer in its
# own folder (.build-tsan, so the everyday build is untouched). The first report of a data race
# stops the run and fails it. Nothing else runs at the same time, so the figures are quiet.
#
#   reading XLSX on a second thread (shared strings, sheet parts), the check pipeline and the
#   register's thread, chunked row checks and duplicate grouping, the writer's deflate thread,
#   the run's parallel outputs and return workbooks, two runs and two ledgers at once, the
#   ledger recording beside the outputs, reconcile preloading payments, two reconciles at once,
#   the intake server's checks on their own threads and its login limiter.
set -euo pipefail
cd "$(dirname "$0")/.."
suites='XLSXThreadedReadTests|XLSXCorpusThreadingTests|XLSXFixtureTests|XLSXWriterRoundTripTests|CheckPipelineTests|LargeFileTests'
suites+='|ValidatorTests|ReportsReturnTests|RunTests|LedgerConcurrencyTests|LedgerRecordingTests|EndToEndTests'
suites+='|SeasonTests|LedgerMigrationTests|AccessTests|UploadTests'
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
started=$(date +%s)
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$suites"
echo "tsan: clean ($(( $(date +%s) - started )) s)"
