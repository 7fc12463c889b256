#!/usr/bin/env bash
# Usage: scripts/build_outputs.sh PYTHON OUTDIR  (from the project root). Builds every document psvxl makes from
# the examples and test cases, plus its text outputs, so two trees can be compared byte for byte (cmp -r / diff -r).
set -u
PY="$1"; OUT="$2"; rm -rf "$OUT"; mkdir -p "$OUT"
export PSVXL_STATE_DIR="$OUT/.state" PSVXL_CACHE_DIR="$OUT/.cache"
run() { "$PY" -m psvxl "$@" >>"$OUT/cli.txt" 2>&1; echo "rc=$? :: $*" >>"$OUT/cli.txt"; }
cp examples/fjellvik-2024.xlsx "$OUT/fjellvik.xlsx"
run build-report "$OUT/fjellvik.xlsx" -o "$OUT/report.docx"
run build-factbase "$OUT/fjellvik.xlsx" -o "$OUT/factbase.docx" --as-of 01.10.2024
run compute "$OUT/fjellvik.xlsx" --format json
run compute "$OUT/fjellvik.xlsx"
run validate "$OUT/fjellvik.xlsx"
run new -o "$OUT/new.xlsx"
run new -o "$OUT/new.xlsm"
run new --from-json examples/eksempel-12-indikatorer-2024.json -o "$OUT/tolv.xlsx"
run build-report "$OUT/tolv.xlsx" -o "$OUT/tolv.docx"
run build-factbase "$OUT/tolv.xlsx" -o "$OUT/tolv-fb.docx" --as-of 01.10.2024
run new --from-json tests/data/spir-2024.json -o "$OUT/spir.xlsx"
run build-report "$OUT/spir.xlsx" -o "$OUT/spir.docx"
run new --from "$OUT/fjellvik.xlsx" -o "$OUT/next.xlsx"
run import-report "$OUT/report.docx" -o "$OUT/imported.xlsx"
run overview "$OUT/fjellvik.xlsx" "$OUT/tolv.xlsx" -o "$OUT/overview.xlsx"
cp "$OUT/fjellvik.xlsx" "$OUT/recomputed.xlsx"; run recompute "$OUT/recomputed.xlsx"
run export-json "$OUT/fjellvik.xlsx"
run check-report "$OUT/report.docx"
for c in "" new validate compute build-report build-factbase recompute import-report overview collect-scores check-report export-json; do
  "$PY" -m psvxl $c --help >>"$OUT/help.txt" 2>&1
done
# a workbook with errors, for the messages
"$PY" - "$OUT" <<'PYEOF' >>"$OUT/cli.txt" 2>&1
import sys, shutil, openpyxl
out = sys.argv[1]
wb = openpyxl.load_workbook(f"{out}/fjellvik.xlsx")
ws = wb["Indikatorer"]; ws["E2"] = "4.5"; ws["E3"] = 9
wb["Program"].title = "Programm"
wb.save(f"{out}/broken.xlsx")
PYEOF
run validate "$OUT/broken.xlsx"
run validate "$OUT/broken.xlsx" --format json
rm -rf "$OUT/.state" "$OUT/.cache"
sed -i "s#$OUT#OUT#g" "$OUT/cli.txt"
