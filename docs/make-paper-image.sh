#!/usr/bin/env bash
# Renders page 1 of the committee paper for the README (needs LibreOffice and poppler-utils;
# not part of the tests). Run from the checkout with ../shared beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export RECBOT_DB="$work/recbot.json" RECBOT_TODAY=2013-11-20 SLACK_BOT_TOKEN= RECBOT_EDITORS=
recbot import ../shared/seeds/wiltshire-2013-06-executive-response.txt >/dev/null
recbot export --format docx --output "$work/paper.docx"
soffice --headless --convert-to pdf --outdir "$work" "$work/paper.docx" >/dev/null
pdftoppm -r 70 -png -f 1 -l 1 "$work/paper.pdf" "$work/page"
cp "$work"/page-*1.png docs/committee-paper-page1.png
pdftoppm -r 70 -png -f 3 -l 3 "$work/paper.pdf" "$work/table"
cp "$work"/table-*3.png docs/committee-paper-table.png
rm -rf "$work"
