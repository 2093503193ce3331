#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The decks that froze the window in issue 18, one card each, written to
# OUTDIR for ui-bench:
#
#   brackets.txt   question and answer each one unbreakable run: 100 000
#                  "[", "x", 100 000 "]" (200 KB each)
#   hugeline.txt   an answer of one 50 MB line of words
#   deeplist.txt   an answer that is a list nested 100 000 deep on one line
#
#   tests/bench/gen-freeze-decks.py OUTDIR
import os
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-freeze-decks.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    run = "[" * 100000 + "x" + "]" * 100000
    decks = {
        "brackets.txt": "1. %s\nAnswer: %s\n" % (run, run),
        "hugeline.txt": "1. One huge line?\nAnswer: %s\n" % ("word " * (50 * 1024 * 1024 // 5)),
        "deeplist.txt": "1. A deep list?\nAnswer: %sx\n" % ("- " * 100000),
    }
    for name, text in decks.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)


main()
