#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes a big Anki package for kt-bench --anki: N_CARDS Basic notes with
# HTML fields over nested decks, and N_REVIEWS review log rows spread over
# them, in the legacy layout of tests/anki/make-packages.py (whose schema
# and note types it borrows).
#
# Usage: gen-anki.py OUT.apkg [N_CARDS [N_REVIEWS]]   (default 50000 500000)

import importlib.util
import os
import sqlite3
import sys
import tempfile
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "make_packages", os.path.join(here, "..", "anki", "make-packages.py"))
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

out = sys.argv[1]
n_cards = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
n_reviews = int(sys.argv[3]) if len(sys.argv) > 3 else 500000
decks = [did for did, name in mk.DECKS if name not in ("Default", "Filtered", "Languages")]

notes = [(1000 + i, "bench-%d" % i, 1001,
          ["Question <b>%d</b>: what does <i>this</i> term mean?" % i,
           "Answer %d<br>with a second line, a <code>code</code> word and a few more "
           "words, as real answers have." % i],
          " bench ", [(0, decks[i % len(decks)], 0)])
         for i in range(n_cards)]

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "collection.anki2")
    mk.legacy_db(path, notes=notes, revlog=())
    db = sqlite3.connect(path)
    # add_notes numbers the cards from 101; these ids are milliseconds from
    # 2023, in order, each card answered every 50,000 s.
    db.executemany("INSERT INTO revlog VALUES (?, ?, 0, ?, 1, 0, 2500, 6000, ?)",
                   ((1700000000000 + 1000 * r, 101 + r % n_cards, 1 + r % 4, min(r // n_cards, 3))
                    for r in range(n_reviews)))
    db.commit()
    db.close()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(path, "collection.anki2")
        z.writestr("media", "{}")
