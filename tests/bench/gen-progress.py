#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes a synthetic progress file (docs/progress-format.md) of CARDS
# cards with ANSWERS answers each, for measuring a large import and export
# (docs/reliability.md): every card an orphan, in review, its answers a
# few days apart from 2023 on, its record consistent with them the way an
# import checks. Compact JSON, like Kartoteka's own export; the output
# depends only on the arguments.
#
#   gen-progress.py CARDS ANSWERS > progress.json

import json
import random
import sys
from datetime import datetime, timedelta, timezone

RATINGS = ("again", "hard", "good", "easy")
START = datetime(2023, 1, 1, 8, 0, 0, tzinfo=timezone.utc)


def iso(t):
    text = t.strftime("%Y-%m-%dT%H:%M:%S")
    if t.microsecond:
        text += ".%06d" % t.microsecond
    return text + "Z"


def card(rng, index, n_answers):
    t = START + timedelta(seconds=rng.randrange(86400 * 30), microseconds=rng.randrange(1000000))
    reviews = []
    for i in range(n_answers):
        if i > 0:
            gap = timedelta(days=rng.uniform(0.5, 3.0))
            elapsed = gap / timedelta(days=1)
            t += gap
        else:
            elapsed = 0.0
        reviews.append({
            "time": iso(t),
            "rating": RATINGS[rng.randrange(1, 4)],
            "state": "new" if i == 0 else "review",
            "elapsed_days": elapsed,
        })
    return {
        "id": "bench:%08x:%016x" % (index, rng.getrandbits(64)),
        "state": "review",
        "step": 0,
        "due": iso(t + timedelta(days=10)),
        "stability": rng.uniform(1.0, 50.0),
        "difficulty": rng.uniform(1.0, 10.0),
        "reps": n_answers,
        "lapses": 0,
        "last_review": iso(t),
        "reviews": reviews,
    }


def main():
    n_cards, n_answers = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(n_cards * 1000003 + n_answers)
    cards = sorted((card(rng, i, n_answers) for i in range(n_cards)), key=lambda c: c["id"])
    document = {
        "format": "kartoteka-progress",
        "version": 1,
        "exported": iso(START + timedelta(days=1000)),
        "application": {"id": "io.github.kartoteka.Kartoteka", "version": "gen-progress.py"},
        "scheduler": {"algorithm": "FSRS-6", "parameters": [0.5] * 21, "desired_retention": 0.9},
        "summary": {"cards": n_cards, "new": 0, "learning": 0, "review": n_cards,
                    "relearning": 0, "due_today": 0, "reviews": n_cards * n_answers,
                    "retention_30d": None},
        "topics": [],
        "orphans": cards,
    }
    json.dump(document, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
