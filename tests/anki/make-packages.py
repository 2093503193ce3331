#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the Anki packages tests/test-anki.c imports, from Anki's
# published schemas (rslib/src/storage/schema11.sql and the schema 18
# upgrades) with python3's sqlite3, zipfile and the zstd command: no real
# deck is checked in. One set of notes is written in all three package
# layouts, so the tests can assert that each gives the same cards:
#
#   legacy1.apkg   collection.anki2, no "meta", JSON media map (Anki 2.0,
#                  genanki)
#   legacy2.apkg   meta 2, collection.anki21 beside the "please upgrade"
#                  dummy collection.anki2 (Anki 2.1 with "support older
#                  Anki versions")
#   same-ms.apkg   another collection, one card answered in the same ms
#                  as one of the others
#   later.apkg     a later export of the same collection: a card imported
#                  before suspended since, and a new note's card suspended
#   v1.apkg        a collection of Anki's v1 scheduler (schedVer 1), its
#                  learning rows pressing 2 and 3 of three buttons
#   latest.apkg    meta 3, zstd collection.anki21b (schema 18: notetypes,
#                  fields, templates and decks tables, protobuf configs,
#                  U+001F in deck names), zstd protobuf media map, zstd
#                  media files; also as latest.colpkg
#
# and hostile ones: a deflate and a zstd zip bomb, "../../.bashrc" in the
# media map (and names that would be decks or the decks' folders), a corrupt collection, no collection, a newer layout, a newer
# schema, and a file that is not a zip at all.
#
# Usage: make-packages.py OUTDIR (tests/bench/gen-anki.py also borrows its
# schemas to write a big collection); make-packages.py --today OUTDIR
# writes today.apkg alone, last changed at the time it runs.

import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib

OUT = None  # the output folder: the argument, or set by who imports this

def png(width, height, rgb):
    """A real PNG of one colour, so that the imported card shows a picture."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


PNG = png(64, 48, (230, 140, 40))
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"

# ---------------------------------------------------------------- protobuf

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def pb_varint(field, value):
    return varint(field << 3) + varint(value)

def pb_bytes(field, data):
    if isinstance(data, str):
        data = data.encode()
    return varint(field << 3 | 2) + varint(len(data)) + data

def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout

# ---------------------------------------------------------------- the notes

FRONT_BACK = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"

NOTETYPES = [
    # id, name, cloze, fields, templates (name, qfmt, afmt)
    (1001, "Basic", False, ["Front", "Back"],
     [("Card 1", "{{Front}}", FRONT_BACK)]),
    (1002, "Basic (and reversed card)", False, ["Front", "Back"],
     [("Card 1", "{{Front}}", FRONT_BACK),
      ("Card 2", "{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}")]),
    (1003, "Basic (optional reversed card)", False, ["Front", "Back", "Add Reverse"],
     [("Card 1", "{{Front}}", FRONT_BACK),
      ("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
       "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}")]),
    (1004, "Basic (type in the answer)", False, ["Front", "Back"],
     [("Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}")]),
    (1005, "Cloze", True, ["Text", "Back Extra"],
     [("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")]),
    (1006, "Vocabulary", False, ["Word", "Reading", "Meaning"],
     [("Recognition", "{{Word}}<br>{{Reading}}", "{{FrontSide}}<hr id=answer>{{Meaning}}")]),
]

DECKS = [
    (1, "Default"),
    (2, "Math"),
    (3, "Languages::German"),
    (4, "Languages::Spanish"),
    (5, "Geography"),
    (6, "Languages::Japanese"),
    (7, "Languages"),
    (8, "Filtered"),
]

CLOZE_TEXT = ("{{c1::Canberra::city}} is the capital of {{c2::Australia}}; "
              "{{c1::Canberra}} was founded in 1913.")

NOTES = [
    # id, guid, notetype, fields, tags, cards: (ord, deck, original deck[, queue])
    (1, "basic-guid-1", 1001, ["What is <b>2+2</b>?", "4<br><img src=\"cat.png\">"],
     " math easy ", [(0, 2, 0)]),
    (2, "rev-guid-2", 1002, ["der Hund", "the dog"], " german ", [(0, 3, 0), (1, 3, 0)]),
    (3, "opt-guid-3", 1003, ["la casa", "the house", "y"], "", [(0, 4, 0, -1), (1, 4, 0, -3)]),
    (4, "type-guid-4", 1004, ["Capital of France?", "Paris"], "", [(0, 8, 5)]),
    (5, "cloze-guid-5", 1005, [CLOZE_TEXT, "Not <i>Sydney</i>."], " geo ",
     [(0, 5, 0), (1, 5, 0)]),
    (6, "vocab-guid-6", 1006, ["漢字", "かんじ", "Chinese characters"], "",
     [(0, 6, 0, 0, 0)]),
]

# The cards are numbered from 101 in order: 101 basic, 102 and 103
# reversed, 104 (suspended) and 105 (buried) optional reversed, 106
# type-in, 107 and 108 cloze c1 and c2, 109 vocabulary (new in Anki).
T = 1600000000000  # ms: 2020-09-13T12:26:40Z
DAY = 86400000
MIN = 60000

# id (its time), card, ease, ivl, lastIvl, type (0 learn, 1 review,
# 2 relearn, 3 filtered, 4 manual, 5 rescheduled)[, factor (2500)]
REVLOG = [
    (T, 101, 3, -600, 0, 0),               # first answer: new
    (T + 10 * MIN, 101, 3, 1, -600, 0),     # learning
    (T + DAY, 101, 4, 4, 1, 1),             # review, easy
    (T + 5 * DAY, 101, 1, -600, 4, 1),      # review, again: a lapse
    (T + 5 * DAY + 10 * MIN, 101, 3, 1, -600, 2),  # relearning
    (T + 6 * DAY, 101, 0, 3, 1, 5),         # Anki's FSRS rescheduled it
    (T + 7 * DAY, 101, 2, 3, 1, 3),         # filtered deck, hard
    (T + 8 * DAY, 101, 3, 0, 3, 3, 0),      # a preview (factor 0): left out
    (T + 1, 102, 3, 1, 0, 0),
    (T + 2 * DAY, 102, 3, 3, 1, 1),
    (T + 3 * DAY, 102, 0, 0, 3, 4),         # Forget: the two before are left out
    (T + 4 * DAY, 102, 4, 4, 0, 0),         # new again
    (T + 2, 103, 3, 1, 0, 0),
    (T + 3 * DAY + 1, 103, 0, 5, 1, 4),     # Set Due Date: left out
    (T + 3, 107, 5, 1, 0, 1),               # unknown eases: left out
    (T + 4, 107, -1, 1, 0, 1),
    (T + 5, 107, 2, 1, 0, 0),
    (T + 6, 108, 1, -60, 0, 0),
    (T + 7, 109, 3, 0, 0, 3),               # previewed: the card is new in Anki
    (T + 8, 104, 3, 1, 0, 0),               # the suspended card
    (T + 9, 999, 3, 1, 0, 0),               # a card not in the package
]

# Another collection, whose card was answered in the same ms as card 101.
OTHER_NOTES = [
    (1, "other-guid-1", 1001, ["Another question", "another answer"], "", [(0, 2, 0)]),
]
OTHER_REVLOG = [(T, 201, 4, 4, 0, 0)]

# A later export of the same collection: the basic card (already
# imported) suspended since, and a new note's card suspended.
LATER_NOTES = [(1, *NOTES[0][1:5], [(0, 2, 0, -1)])] + NOTES[1:] + [
    (7, "later-guid-7", 1001, ["Added later", "and suspended"], "", [(0, 2, 0, -1)]),
]

# A collection of Anki's v1 scheduler, whose learning and relearning
# cards had three buttons: 1 Again, 2 Good, 3 Easy.
V1_NOTES = [
    (1, "v1-guid-1", 1001, ["Ein Frage von früher", "an old question"], "", [(0, 2, 0)]),
]
V1_REVLOG = [
    (T, 301, 2, -600, 0, 0),                # learn, 2: Good
    (T + 10 * MIN, 301, 3, 4, -600, 0),     # learn, 3: Easy
    (T + 4 * DAY, 301, 2, 6, 4, 1),         # review, 2: Hard (four buttons)
    (T + 10 * DAY, 301, 1, -600, 6, 1),     # review, 1: Again
    (T + 10 * DAY + 10 * MIN, 301, 2, 1, -600, 2),  # relearn, 2: Good
    (T + 11 * DAY, 301, 3, 3, 1, 1),        # review, 3: Good
    (T + 14 * DAY, 301, 1, -600, 3, 1),     # review, 1: Again
    (T + 14 * DAY + MIN, 301, 3, 2, -600, 2),  # relearn, 3: Easy
]

MEDIA = [("cat.png", PNG)]

# ---------------------------------------------------------------- schema 11

SCHEMA11 = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
"""

SCHEMA18 = SCHEMA11.replace(
    "CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);",
    """
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL,
  PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL,
  mtime_secs integer NOT NULL, val blob NOT NULL) WITHOUT ROWID;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE unicase, usn integer NOT NULL,
  collapsed boolean NOT NULL, config blob NULL) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE INDEX idx_templates_name_ntid ON templates (name, ntid);
""")


def unicase(a, b):
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def new_db(path, schema, ver, models="", decks="", sched_ver=2, mod=0):
    """sched_ver: the collection config's "schedVer" (None: left out, which
    Anki reads as 1); mod: when it was last changed, in ms."""
    db = sqlite3.connect(path)
    db.create_collation("unicase", unicase)
    db.executescript(schema)
    conf = {} if sched_ver is None else {"schedVer": sched_ver}
    if schema is SCHEMA18:
        # From schema 14 on the config is a table of JSON values.
        for key, value in conf.items():
            db.execute("INSERT INTO config VALUES (?, 0, 0, ?)", (key, json.dumps(value).encode()))
        conf = {}
    db.execute("INSERT INTO col VALUES (1, 0, ?, 0, ?, 0, 0, 0, ?, ?, ?, '{}', '{}')",
               (mod, ver, json.dumps(conf), models, decks))
    return db


def add_notes(db, notes, revlog=(), first_card=101):
    card_id = first_card - 1
    for nid, guid, mid, fields, tags, cards in notes:
        db.execute("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, '')",
                   (nid, guid, mid, tags, "\x1f".join(fields), fields[0]))
        for ord_, did, odid, *rest in cards:
            card_id += 1
            # queue: 2 review, -1 suspended, -3 buried by the user; type 2
            # review, 0 new
            queue = rest[0] if rest else 2
            kind = rest[1] if len(rest) > 1 else 2
            db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, ?, ?, 10, 5, 2500, 3, 0, 0,"
                       " 0, ?, 0, '')", (card_id, nid, did, ord_, kind, queue, odid))
    for rid, cid, ease, ivl, last_ivl, kind, *factor in revlog:
        db.execute("INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, 6000, ?)",
                   (rid, cid, ease, ivl, last_ivl, factor[0] if factor else 2500, kind))


MODIFIED = T + 9 * DAY  # when the collections were last changed: col.mod, in ms


def legacy_db(path, notes=NOTES, ver=11, revlog=REVLOG, first_card=101, sched_ver=2,
              mod=MODIFIED):
    models = {}
    for mid, name, cloze, fields, templates in NOTETYPES:
        models[str(mid)] = {
            "id": mid, "name": name, "type": 1 if cloze else 0,
            "flds": [{"name": f, "ord": i} for i, f in enumerate(fields)],
            "tmpls": [{"name": t[0], "ord": i, "qfmt": t[1], "afmt": t[2]}
                      for i, t in enumerate(templates)],
        }
    decks = {str(did): {"id": did, "name": name, "dyn": 1 if name == "Filtered" else 0}
             for did, name in DECKS}
    db = new_db(path, SCHEMA11, ver, json.dumps(models), json.dumps(decks), sched_ver, mod)
    add_notes(db, notes, revlog, first_card)
    db.commit()
    db.close()


def latest_db(path):
    db = new_db(path, SCHEMA18, 18, mod=MODIFIED)
    for mid, name, cloze, fields, templates in NOTETYPES:
        config = pb_varint(1, 1 if cloze else 0) + pb_bytes(3, ".card {}")
        db.execute("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", (mid, name, config))
        for i, field in enumerate(fields):
            db.execute("INSERT INTO fields VALUES (?, ?, ?, ?)",
                       (mid, i, field, pb_bytes(3, "Arial")))
        for i, (tname, qfmt, afmt) in enumerate(templates):
            config = pb_bytes(1, qfmt) + pb_bytes(2, afmt) + pb_varint(5, 0)
            db.execute("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)",
                       (mid, i, tname, config))
    # Anki's exporter leaves the fields of note types it dropped.
    db.execute("INSERT INTO fields VALUES (999, 0, 'Phantom', x'')")
    for did, name in DECKS:
        kind = pb_bytes(2, b"") if name == "Filtered" else pb_bytes(1, b"")
        db.execute("INSERT INTO decks VALUES (?, ?, 0, 0, x'', ?)",
                   (did, name.replace("::", "\x1f"), kind))
    add_notes(db, NOTES, REVLOG)
    db.commit()
    db.close()


def dummy_db(path):
    """What every newer export holds as collection.anki2."""
    legacy_db(path, notes=[(9, "dummy-guid", 1001,
                            ["Please update to the latest Anki version, then import "
                             "the .colpkg/.apkg file again.", ""], "", [(0, 1, 0)])],
              revlog=())

# ---------------------------------------------------------------- packages

def read(path):
    with open(path, "rb") as f:
        return f.read()


def write_zip(name, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", compression) as z:
        for entry, data in entries:
            z.writestr(entry, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        legacy = os.path.join(tmp, "legacy.anki2")
        latest = os.path.join(tmp, "latest.anki21b")
        dummy = os.path.join(tmp, "dummy.anki2")
        newer = os.path.join(tmp, "newer.anki2")
        legacy_db(legacy)
        latest_db(latest)
        dummy_db(dummy)
        legacy_db(newer, ver=99, revlog=())
        other = os.path.join(tmp, "other.anki2")
        legacy_db(other, notes=OTHER_NOTES, revlog=OTHER_REVLOG, first_card=201)
        later = os.path.join(tmp, "later.anki2")
        legacy_db(later, notes=LATER_NOTES)
        v1 = os.path.join(tmp, "v1.anki2")
        legacy_db(v1, notes=V1_NOTES, revlog=V1_REVLOG, first_card=301, sched_ver=1)

        legacy_media = json.dumps({str(i): m[0] for i, m in enumerate(MEDIA)})
        legacy_files = [(str(i), m[1]) for i, m in enumerate(MEDIA)]
        write_zip("legacy1.apkg", [("collection.anki2", read(legacy)),
                                   ("media", legacy_media)] + legacy_files)
        write_zip("same-ms.apkg", [("collection.anki2", read(other)), ("media", "{}")])
        write_zip("later.apkg", [("collection.anki2", read(later)), ("media", legacy_media)]
                  + legacy_files)
        write_zip("v1.apkg", [("collection.anki2", read(v1)), ("media", "{}")])
        write_zip("legacy2.apkg", [("meta", pb_varint(1, 2)),
                                   ("collection.anki2", read(dummy)),
                                   ("collection.anki21", read(legacy)),
                                   ("media", legacy_media)] + legacy_files)

        entries = b"".join(pb_bytes(1, pb_bytes(1, name) + pb_varint(2, len(data)) +
                                    pb_bytes(3, b"\0" * 20))
                           for name, data in MEDIA)
        latest_entries = [("meta", pb_varint(1, 3)),
                          ("collection.anki2", read(dummy)),
                          ("collection.anki21b", zstd(read(latest))),
                          ("media", zstd(entries))]
        latest_entries += [(str(i), zstd(m[1])) for i, m in enumerate(MEDIA)]
        write_zip("latest.apkg", latest_entries, zipfile.ZIP_STORED)
        write_zip("latest.colpkg", latest_entries, zipfile.ZIP_STORED)

        # Hostile and broken packages.
        zeros = b"\0" * (1 << 20)
        with zipfile.ZipFile(os.path.join(OUT, "bomb.apkg"), "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("collection.anki2", "w", force_zip64=True) as f:
                for _ in range(64):
                    f.write(zeros)
        write_zip("zstd-bomb.apkg", [("meta", pb_varint(1, 3)),
                                     ("collection.anki21b", zstd(b"\0" * (64 << 20)))],
                  zipfile.ZIP_STORED)

        evil = os.path.join(tmp, "evil.anki2")
        legacy_db(evil, notes=[(1, "evil-guid-1", 1001,
                                ["<img src=\"../../.bashrc\"><img src=\"/tmp/evil.png\">"
                                 "<img src=\"ok.svg\"><img src=\"notes.json\">"
                                 "<img src=\"Languages\">", "back"],
                                "", [(0, 2, 0)]),
                               (2, "evil-guid-2", 1001, ["a deck in a folder", "b"], "",
                                [(0, 3, 0)])], revlog=())
        write_zip("traversal.apkg",
                  [("collection.anki2", read(evil)),
                   ("media", json.dumps({"0": "../../.bashrc", "1": "/tmp/evil.png",
                                         "2": "ok.svg", "3": "notes.json", "4": "Languages"})),
                   ("0", b"rm -rf ~\n"), ("1", PNG), ("2", SVG), ("3", b"{}"), ("4", PNG)])

        write_zip("corrupt.apkg", [("collection.anki2", os.urandom(4096)),
                                   ("media", "{}")])
        write_zip("no-collection.apkg", [("media", "{}"), ("0", PNG)])
        write_zip("newer-layout.apkg", [("meta", pb_varint(1, 4)),
                                        ("collection.anki21b", zstd(read(latest)))],
                  zipfile.ZIP_STORED)
        write_zip("newer-schema.apkg", [("collection.anki2", read(newer)), ("media", "{}")])
        with open(os.path.join(OUT, "not-a-zip.apkg"), "w") as f:
            f.write("1. Question\nAnswer: this is a text deck, not a package\n")


def today():
    """today.apkg, the collection last changed now: its burials hold today.
    Written by the test that needs it, when it runs."""
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "today.anki2")
        legacy_db(path, mod=int(time.time() * 1000))
        write_zip("today.apkg", [("collection.anki2", read(path)), ("media", "{}")])


if __name__ == "__main__":
    if sys.argv[1] == "--today":
        OUT = sys.argv[2]
        today()
    else:
        OUT = sys.argv[1]
        main()
