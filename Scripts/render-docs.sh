#!/bin/sh
# Renders the README pictures of the finance workbook and of a district return workbook from
# the real files written for the generated fixture set (Tests/RosterTests/Fixtures/e2e), and of
# the year report's indicator sheet from the workbook `make demo-year` writes.
# Needs LibreOffice (soffice), poppler-utils (pdftoppm) and a CJK font (fonts-noto-cjk).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/out"

ROSTER_REPORTS_OUT="$out" swift test --filter ReportsFixtureTests >"$work/test.log" 2>&1 || {
    cat "$work/test.log"
    exit 1
}

# A private LibreOffice profile, so a running office or another conversion does not interfere.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work/pdf" \
    "$out/汇总发放表.xlsx" "$out/returns/五华区.xlsx" >/dev/null

mkdir -p docs/img
# First page of each: the finance detail sheet, and the return's 说明 summary sheet.
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/pdf/汇总发放表.pdf" docs/img/finance
# The district's own rows with red/yellow cells are on the page after the 说明 sheet.
pages=$(pdfinfo "$work/pdf/五华区.pdf" | awk '/^Pages:/ {print $2}')
last=$pages
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/pdf/五华区.pdf" "$work/return-summary"
pdftoppm -png -r 60 -f "$last" -l "$last" -singlefile "$work/pdf/五华区.pdf" docs/img/return
cp "$work/return-summary.png" docs/img/return-summary.png

# The year report: the whole year played into a folder of its own, its first page (绩效指标).
DEMO_YEAR_OUT="$work/year" Scripts/demo-year.sh >"$work/year.log" 2>&1 || {
    tail -40 "$work/year.log"
    exit 1
}
cp "$work/year/2017年度劳模帮扶资金绩效自评表.xlsx" "$work/year-report.xlsx"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work/pdf" "$work/year-report.xlsx" >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/pdf/year-report.pdf" docs/img/year-report
ls -l docs/img
