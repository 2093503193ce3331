#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validates progress exports against docs/progress.schema.json.

Usage: check-progress-schema.py DOCS_DIR TEST_PROGRESS_JSON

Runs the test-progress-json binary with KT_TEST_EXPORT_DIR set, so that it
copies every export it makes into a temporary folder, then validates each
of them and the example in docs/progress-format.md against the schema. A
few broken copies must fail, so the schema is known to check something.
Exits 77 (skipped) when python3-jsonschema is missing.
"""

import copy
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)


def doc_example(path):
    with open(path, encoding="utf-8") as f:
        match = re.search(r"```json\n(.*?)\n```", f.read(), re.S)
    if match is None:
        sys.exit(f"{path}: no ```json example")
    return json.loads(match.group(1))


def broken_copies(doc):
    """Changes the schema must reject, each as (what, document)."""
    def changed(what, edit):
        broken = copy.deepcopy(doc)
        edit(broken)
        return what, broken

    card = ("topics", 0, "cards", 0)

    def at(d, path):
        for key in path:
            d = d[key]
        return d

    return [
        changed("version 2", lambda d: d.update(version=2)),
        changed("no orphans", lambda d: d.pop("orphans")),
        changed("an unknown member", lambda d: d.update(extra=1)),
        changed("20 parameters", lambda d: d["scheduler"]["parameters"].pop()),
        changed("negative stability", lambda d: at(d, card).update(stability=-1)),
        changed("difficulty 11", lambda d: at(d, card).update(difficulty=11)),
        changed("an unknown state", lambda d: at(d, card).update(state="mastered")),
        changed("a time without zone", lambda d: at(d, card).update(due="2024-05-01T10:00:00")),
        changed("a new card with reps", lambda d: at(d, card).update(
            due=None, state="new", stability=None, difficulty=None, last_review=None, reps=1)),
        changed("review without stability", lambda d: at(d, card).update(
            state="review", stability=None, difficulty=None)),
        changed("an orphan with a question", lambda d: d["orphans"].append(
            dict(at(d, card), id="orphan:new"))),
    ]


def main():
    docs_dir, test_binary = sys.argv[1:3]
    with open(os.path.join(docs_dir, "progress.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    failures = 0

    def check(name, doc):
        nonlocal failures
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for error in errors:
            where = ".".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"{name}: {where}: {error.message}", file=sys.stderr)
        failures += bool(errors)

    example = doc_example(os.path.join(docs_dir, "progress-format.md"))
    check("docs/progress-format.md", example)

    with tempfile.TemporaryDirectory() as export_dir:
        env = dict(os.environ, KT_TEST_EXPORT_DIR=export_dir)
        run = subprocess.run([test_binary], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        if run.returncode != 0:
            print(run.stdout, file=sys.stderr)
            sys.exit(f"{test_binary} failed")

        names = sorted(os.listdir(export_dir))
        if len(names) < 10:
            sys.exit(f"only {len(names)} exports were written")
        for name in names:
            with open(os.path.join(export_dir, name), encoding="utf-8") as f:
                check(name, json.load(f))
        print(f"{len(names)} exports and the documented example match the schema")

    # Broken copies of the example must fail: the schema checks something.
    for what, broken in broken_copies(example):
        if validator.is_valid(broken):
            print(f"the schema accepts {what}", file=sys.stderr)
            failures += 1

    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
