#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every libFuzzer target of a -Dfuzzing=true build for SECONDS each,
# JOBS at a time, seeding each from the fixtures and the documented
# examples. Corpora, logs and crash inputs go under WORKDIR.
#
#   tests/fuzz/run-fuzzers.sh BUILDDIR WORKDIR SECONDS [JOBS] [TARGET…]
#
# KT_FUZZ_TIMEOUT (seconds, default 10) is libFuzzer's -timeout: raise it
# on a loaded machine, where a niced target can stall that long.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
work=$2
seconds=$3
jobs=${4:-1}
shift $(( $# < 4 ? $# : 4 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(deck-qa deck-notes deck-tsv deck-json deck-any markdown html cloze
                                     notes-chunks progress-json progress-file)

# The ```json blocks of a markdown document, one file each.
json_blocks () {
  awk -v out="$2" '/^```json/ { n++; on = 1; next } /^```/ { on = 0 } on { print > (out "-" n ".json") }' "$1"
}

seed () {
  local dir=$work/corpus/$1
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/"
  done
  cp "$top"/tests/data/fuzz-regressions/* "$dir/" 2>/dev/null || true
}

decks=("$top"/tests/data/decks/* "$top"/data/decks/*.txt "$top"/data/decks/*.md
       "$top"/tests/data/media-vault/*/*.md "$top"/tests/data/media-vault/*/*.txt)
seed deck-qa "$top"/tests/data/decks/qa-* "$top"/tests/data/decks/misnamed-qa.json "$top"/data/decks/*.txt
seed deck-notes "$top"/tests/data/decks/notes-* "$top"/tests/data/decks/misnamed-notes.tsv "$top"/data/decks/*.md
seed deck-tsv "$top"/tests/data/decks/anki-export.txt "$top"/tests/data/decks/misnamed-tsv.md
seed deck-json "$top"/tests/data/decks/*.json
json_blocks "$top/docs/deck-format.md" "$work/corpus/deck-json/doc"
seed deck-any "${decks[@]}"
seed markdown "${decks[@]}" "$top"/docs/*.md "$top"/README.md
seed html "$top"/tests/data/decks/anki-*.txt "$top"/tests/data/decks/*.csv
seed cloze "$top"/tests/data/decks/cloze-*.txt
seed notes-chunks "$top"/tests/data/decks/notes-* "$top"/tests/data/decks/misnamed-notes.tsv
seed progress-json
json_blocks "$top/docs/progress-format.md" "$work/corpus/progress-json/doc"
seed progress-file
printf '%s\n' '[io/github/kartoteka/Kartoteka]' \
  "cards={'a': (2, 0, 7.5, 4.75, 1740000000000000, 1739000000000000, 3, 0), 'b\\'c': (1, 1, 0.0, 0.0, 1, 2, 1, 0)}" \
  "review-log=[('a', 1739000000000000, 3, 0, 0.0), (\"b'c\", 2, 1, 0, 1.5)]" \
  > "$work/corpus/progress-file/progress.ini"

# The progress round trip needs the schema, on settings in memory.
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p "$work/crashes" "$work/logs"
running=0
for t in "${targets[@]}"; do
  "$build/tests/fuzz/fuzz-$t" "$work/corpus/$t" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="${KT_FUZZ_TIMEOUT:-10}" -max_len=65536 \
    -artifact_prefix="$work/crashes/$t-" -print_final_stats=1 \
    > "$work/logs/$t.log" 2>&1 &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

for t in "${targets[@]}"; do
  printf '%-14s %s\n' "$t" "$(grep -E '^(Done|==[0-9]+==ERROR|SUMMARY)' "$work/logs/$t.log" | head -1)"
done
ls "$work/crashes"
