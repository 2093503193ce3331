#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start-up time: from exec to the first frame painted, for Kartoteka with
# its bundled decks, Kartoteka with a 10 000-card deck in the user's deck
# folder, bare-window (an empty GTK 4 window) and adw-window (an empty
# libadwaita window, the floor under any libadwaita app), each RUNS times,
# interleaved, with the same renderer and a fresh, empty home each. Both
# programs print "first-frame <monotonic µs>" and quit; the peak RSS is
# the child's ru_maxrss. Run it inside one X server and session bus, so
# that their start-up is not counted:
#
#   dbus-run-session -- xvfb-run -a tests/bench/startup.py BUILDDIR DECKDIR [RUNS [RENDERER]]
#
# RENDERER is GSK_RENDERER for all of them: cairo unless given.

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def fresh_env(build, home, renderer="cairo", **extra):
    """The environment of a run in the fresh, empty home @home (memory.py too)."""
    return dict(os.environ,
                HOME=home,
                XDG_DATA_HOME=os.path.join(home, "data"),
                XDG_CONFIG_HOME=os.path.join(home, "config"),
                XDG_CACHE_HOME=os.path.join(home, "cache"),
                GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"),
                GSETTINGS_BACKEND="memory",
                GSK_RENDERER=renderer,
                GTK_A11Y="none",
                NO_AT_BRIDGE="1",
                LC_ALL="C.UTF-8",
                **extra)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: startup.py BUILDDIR DECKDIR [RUNS [RENDERER]]")
    build, decks = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    renderer = sys.argv[4] if len(sys.argv) > 4 else "cairo"
    deck = os.path.join(decks, "qa-10000.txt")
    if not os.path.exists(deck):
        sys.exit("%s is missing: run gen-decks.py %s 10000 first" % (deck, decks))

    kartoteka = [os.path.join(build, "src", "kartoteka")]
    bare = [os.path.join(build, "tests", "bench", "bare-window")]
    adw = [os.path.join(build, "tests", "bench", "adw-window")]
    cases = [("bare GTK 4 window", bare, False),
             ("libadwaita window, empty", adw, False),
             ("Kartoteka, bundled decks", kartoteka, False),
             ("Kartoteka, + 10k-card deck", kartoteka, True)]
    times = {name: [] for name, _, _ in cases}
    rss = {name: [] for name, _, _ in cases}

    for _ in range(runs):
        for name, argv, big in cases:
            home = tempfile.mkdtemp(prefix="kt-startup-")
            if big:
                os.makedirs(os.path.join(home, "data", "kartoteka", "decks"))
                shutil.copy(deck, os.path.join(home, "data", "kartoteka", "decks"))
            env = fresh_env(build, home, renderer, KARTOTEKA_BENCH_FIRST_FRAME="1")
            start = time.monotonic()
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL)
            out = proc.stdout.read().decode()
            _, status, usage = os.wait4(proc.pid, 0)
            frame = [l for l in out.splitlines() if l.startswith("first-frame ")]
            if status != 0 or not frame:
                sys.exit("%s failed (status %d)" % (name, status))
            times[name].append(int(frame[0].split()[1]) / 1000 - start * 1000)
            rss[name].append(usage.ru_maxrss / 1024)
            shutil.rmtree(home)

    base_ms = statistics.median(times[cases[0][0]])
    base_rss = statistics.median(rss[cases[0][0]])
    bundled_ms = statistics.median(times[cases[2][0]])
    print("start-up to first frame, GSK_RENDERER=%s, median of %d runs" % (renderer, runs))
    for name, _, _ in cases:
        ms = statistics.median(times[name])
        mb = statistics.median(rss[name])
        print("%-28s %7.1f ms  %5.2f× bare  RSS %6.1f MB  %5.2f× bare"
              % (name, ms, ms / base_ms, mb, mb / base_rss))
    print("10k-card deck / bundled decks: %.2f×"
          % (statistics.median(times[cases[3][0]]) / bundled_ms))


if __name__ == "__main__":
    main()
