#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Memory after a big load: starts Kartoteka with DECK (a file, or a folder
# whose files are all copied) in the user's deck folder (a fresh, empty home), samples its resident memory every 50 ms for
# SECONDS, and prints it each second, then the peak (the kernel's VmHWM)
# and the last sample. With no DECK, the empty app. RUNS starts it that
# many times and prints the medians. Run it inside one X server and
# session bus:
#
#   dbus-run-session -- xvfb-run -a tests/bench/memory.py BUILDDIR [DECK [SECONDS [RUNS]]]

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from startup import fresh_env


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run(build, deck, seconds, verbose):
    home = tempfile.mkdtemp(prefix="kt-memory-")
    decks = os.path.join(home, "data", "kartoteka", "decks")
    os.makedirs(decks)
    if deck and os.path.isdir(deck):
        for name in os.listdir(deck):
            shutil.copy(os.path.join(deck, name), decks)
    elif deck:
        shutil.copy(deck, decks)
    env = fresh_env(build, home)
    proc = subprocess.Popen([os.path.join(build, "src", "kartoteka")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    next_print = 1.0
    rss = 0
    try:
        while time.monotonic() - start < seconds:
            time.sleep(0.05)
            rss = status_kb(proc.pid, "VmRSS")
            if verbose and time.monotonic() - start >= next_print:
                print("  %4.0f s  RSS %6.1f MiB" % (next_print, rss / 1024))
                next_print += 1
        peak = status_kb(proc.pid, "VmHWM")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        shutil.rmtree(home)
    return rss / 1024, peak / 1024


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: memory.py BUILDDIR [DECK [SECONDS [RUNS]]]")
    build = sys.argv[1]
    deck = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 15
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1

    settled, peaks = [], []
    for i in range(runs):
        rss, peak = run(build, deck, seconds, runs == 1)
        settled.append(rss)
        peaks.append(peak)
    print("%s: RSS after %.0f s %.1f MiB, peak %.1f MiB (median of %d)"
          % (os.path.basename(deck) if deck else "no deck", seconds,
             statistics.median(settled), statistics.median(peaks), runs))


if __name__ == "__main__":
    main()
