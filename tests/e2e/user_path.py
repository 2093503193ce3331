#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The user's path through the installed Kartoteka, driven over AT-SPI.

Run by run-e2e.sh inside a private D-Bus session, with the app installed
into a temporary DESTDIR and a fresh HOME. This script starts its own Xvfb
and the accessibility bus, launches the app from its .desktop file with
gtk4-launch, then, only through what AT-SPI shows (roles, accessible names,
actions, selection): selects the bundled topic, reveals and rates three
cards, exports the progress from the main menu through the file chooser
and checks the JSON. A screenshot is taken at each step; they are kept
only when the run fails.

Needs Debian's /usr/bin/python3 (python3-pyatspi, gir1.2-atspi-2.0).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback

APP_ID = "io.github.kartoteka.Kartoteka"
TOPIC = "Python asyncio и Celery"

# What the interface says, per language: the test looks for these, so a
# missing translation fails the Russian run.
LABELS = {
    "en": {
        "app": "Kartoteka",
        "topics": "Topics",
        "show_answer": "Show Answer",
        "again": "Again",
        "hard": "Hard",
        "good": "Good",
        "easy": "Easy",
        "main_menu": "Main Menu",
        "export_item": "Export Progress…",
        "export_title": "Export Progress",
        "export_button": "Export",
        "exported_toast": "Progress exported",
    },
    "ru": {
        "app": "Картотека",
        "topics": "Темы",
        "show_answer": "Показать ответ",
        "again": "Снова",
        "hard": "Трудно",
        "good": "Хорошо",
        "easy": "Легко",
        "main_menu": "Главное меню",
        "export_item": "Экспортировать прогресс…",
        "export_title": "Экспорт прогресса",
        "export_button": "Экспортировать",
        "exported_toast": "Прогресс экспортирован",
    },
}

# The ratings given to the first three cards, in order.
RATINGS = ["good", "easy", "hard"]

TIMEOUT = 20.0       # seconds for any one thing to show up
OVERALL_LIMIT = 240  # seconds for the whole run, under meson's timeout of 300
POLL = 0.1


class Failure(Exception):
    pass


def log(*args):
    print(*args, flush=True)


def app_alive():
    """Raises when the app is gone: no use waiting for it then."""
    pid = wait_for.app_pid
    if pid:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            wait_for.app_pid = None
            raise Failure(f"the app (pid {pid}) exited; see app.log") from None


def wait_for(what, probe, timeout=TIMEOUT):
    """Polls probe() until it returns something true; returns that."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        app_alive()
        try:
            result = probe()
            if result:
                return result
        except Exception as error:  # objects come and go under us
            last_error = error
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what}"
                          + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(POLL)


wait_for.app_pid = None


# ---------------------------------------------------------------------
# The session: Xvfb, the accessibility bus, the app
# ---------------------------------------------------------------------

class Session:
    def __init__(self, workdir):
        self.workdir = workdir
        self.procs = []
        self.app_pid = None

    def spawn(self, argv, logname, **kwargs):
        logfile = open(os.path.join(self.workdir, logname), "w")
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logfile,
                                stderr=subprocess.STDOUT, **kwargs)
        logfile.close()
        self.procs.append(proc)
        return proc

    def start_display(self):
        # -displayfd picks a free display number atomically, so two runs
        # in parallel cannot race for the same one (xvfb-run -a can).
        read_fd, write_fd = os.pipe()
        self.spawn(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                    "-nolisten", "tcp", "-noreset"], "xvfb.log", pass_fds=[write_fd])
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise Failure("Xvfb did not start; see xvfb.log")
        os.environ["DISPLAY"] = ":" + number
        log(f"Xvfb on display :{number}")

    def start_a11y_bus(self):
        self.spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                   "at-spi-bus.log")

        def bus_address():
            # Without auto-start: the session bus could activate a second launcher.
            out = subprocess.run(
                ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                 "--object-path", "/org/freedesktop/DBus",
                 "--method", "org.freedesktop.DBus.NameHasOwner", "org.a11y.Bus"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=5)
            return out.returncode == 0 and "true" in out.stdout

        wait_for("the accessibility bus", bus_address)

    def launch_app(self):
        # As a desktop menu does: by the desktop file id, found through
        # XDG_DATA_DIRS, its Exec line found through PATH.
        launcher = self.spawn(["gtk4-launch", APP_ID], "app.log", cwd=os.environ["HOME"])
        status = launcher.wait(timeout=30)
        if status != 0:
            raise Failure(f"gtk4-launch {APP_ID} exited with {status}; see app.log")

    def stop(self):
        if self.app_pid:
            try:
                os.kill(self.app_pid, signal.SIGTERM)
                for _ in range(50):
                    os.kill(self.app_pid, 0)
                    time.sleep(0.1)
                os.kill(self.app_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


class Shots:
    """A screenshot of the whole screen per step, kept on failure."""

    def __init__(self, directory):
        self.directory = directory
        self.n = 0
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)

    def take(self, step):
        self.n += 1
        name = os.path.join(self.directory, f"{self.n:02d}-{step}.png")
        subprocess.run(["import", "-window", "root", name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)

    def discard(self):
        shutil.rmtree(self.directory, ignore_errors=True)


# ---------------------------------------------------------------------
# AT-SPI helpers
# ---------------------------------------------------------------------

pyatspi = None  # imported once the accessibility bus is up


def mnemonic_free(text):
    return (text or "").replace("_", "")


def name_is(acc, label):
    """Whether acc's accessible name is label. GTK 4.8 names a button with a
    mnemonic label "_Show Answer Show Answer" (the label property, then the
    child's text); that still counts, but is reported once."""
    name = acc.name or ""
    if name == label:
        return True
    if mnemonic_free(name) in (label, f"{label} {label}"):
        if name not in name_is.reported:
            name_is.reported.add(name)
            log(f"note: accessible name {name!r} for {label!r}")
        return True
    return False


name_is.reported = set()


def has_state(acc, state):
    return acc.getState().contains(state)


def find_all(root, predicate, limit=0):
    found = []

    def walk(acc):
        if limit and len(found) >= limit:
            return
        try:
            if predicate(acc):
                found.append(acc)
            children = list(acc)
        except Exception:
            return
        for child in children:
            if child is not None:
                walk(child)

    walk(root)
    return found


def find(root, predicate):
    found = find_all(root, predicate, limit=1)
    return found[0] if found else None


def role_named(role, label, sensitive=False):
    def predicate(acc):
        return (acc.getRole() == role and name_is(acc, label)
                and (not sensitive or has_state(acc, pyatspi.STATE_SENSITIVE)))
    return predicate


def do_action(acc, wanted="click"):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if wanted not in names:
        raise Failure(f"{acc.getRoleName()} {acc.name!r} has no {wanted!r} action: {names}")
    if not action.doAction(names.index(wanted)):
        raise Failure(f"{wanted!r} on {acc.getRoleName()} {acc.name!r} failed")


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def dump(acc, out, depth=0):
    try:
        states = [pyatspi.stateToString(s) for s in acc.getState().getStates()]
        keep = [s for s in states if s in ("sensitive", "selected", "focused", "checked",
                                            "showing", "visible", "modal")]
        extra = ""
        if acc.getRole() in (pyatspi.ROLE_LABEL, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY):
            try:
                extra = f" text={text_of(acc)[:80]!r}"
            except Exception:
                pass
        out.write(f"{'  ' * depth}[{acc.getRoleName()}] {acc.name!r}"
                  f" desc={acc.description!r} {keep}{extra}\n")
        children = list(acc)
    except Exception as error:
        out.write(f"{'  ' * depth}<gone: {error}>\n")
        return
    for child in children:
        if child is not None:
            dump(child, out, depth + 1)


# ---------------------------------------------------------------------
# The path
# ---------------------------------------------------------------------

def normalize_question(text):
    """The card view renders the question's markdown; the export has it raw."""
    text = re.sub(r"[`*_]", "", text)
    return " ".join(text.split())


class UserPath:
    def __init__(self, labels, export_dir, shots):
        self.L = labels
        self.export_dir = export_dir
        self.shots = shots
        self.app = None
        self.window = None
        self.reviewed = []  # (question, rating)
        self.started = datetime.date.today()

    def step(self, name):
        log(f"== {name}")
        self.shots.take(name)

    def find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)

        def app_with_window():
            for app in desktop:
                if app is not None and app.name == "kartoteka":
                    for child in app:
                        if child is not None and child.getRole() == pyatspi.ROLE_FRAME:
                            self.window = child
                            return app
            return None

        self.app = wait_for("the Kartoteka window on the accessibility bus", app_with_window)
        pid = self.app.get_process_id()
        log(f"app pid {pid}, window {self.window.name!r}")
        wait_for.app_pid = pid
        return pid

    def select_topic(self):
        def topic_item():
            topics = find(self.window, lambda a: a.getRole() == pyatspi.ROLE_LIST
                          and a.name == self.L["topics"])
            if topics is None:
                return None
            for item in topics:
                if item is not None and item.getRole() == pyatspi.ROLE_LIST_ITEM and \
                        find(item, lambda a: a.name == TOPIC):
                    return item
            return None

        item = wait_for(f"the topic {TOPIC!r} in the sidebar", topic_item)
        topics = item.parent
        topics.querySelection().selectChild(item.getIndexInParent())
        wait_for(f"{TOPIC!r} to be selected",
                 lambda: has_state(item, pyatspi.STATE_SELECTED))
        # The topic shows on its card (and in the sidebar); the window keeps
        # the app's name, for Alt+Tab and the window list.
        wait_for(f"the card of {TOPIC!r}",
                 lambda: len(find_all(self.window, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                      and a.name == TOPIC)) >= 2)
        if self.window.name != self.L["app"]:
            raise Failure(f"the window is named {self.window.name!r}, not {self.L['app']!r}")
        self.step("topic-selected")

    def show_answer_button(self, sensitive=False):
        return find(self.window, role_named(pyatspi.ROLE_PUSH_BUTTON, self.L["show_answer"],
                                            sensitive=sensitive))

    def question(self):
        """The question is the label just before the Show Answer button (GTK 4.8
        names a label by its text, not by its accessible label "Question")."""
        show = self.show_answer_button()
        if show is None:
            raise Failure(f"no {self.L['show_answer']!r} button")
        label = show.parent[show.getIndexInParent() - 1]
        if label.getRole() != pyatspi.ROLE_LABEL:
            raise Failure(f"no question label before {show.name!r}")
        return text_of(label)

    def rating_button(self, rating, sensitive=True):
        return find(self.window, role_named(pyatspi.ROLE_PUSH_BUTTON, self.L[rating],
                                            sensitive=sensitive))

    def review(self, n, rating):
        show = wait_for(f"a sensitive {self.L['show_answer']!r} button",
                        lambda: self.show_answer_button(sensitive=True))
        question = self.question()
        log(f"card {n}: {question!r}")
        do_action(show)
        button = wait_for(f"the {self.L[rating]!r} rating button to become sensitive",
                          lambda: self.rating_button(rating))
        self.step(f"card{n}-revealed")
        do_action(button)
        self.reviewed.append((question, rating))
        wait_for("the next card", lambda: self.question() != question)
        self.step(f"card{n}-rated-{rating}")

    def export(self):
        """Exports through the main menu and the file chooser; returns the path."""
        menu_button = wait_for(
            f"the {self.L['main_menu']!r} button",
            lambda: find(self.window, lambda a: a.getRole() == pyatspi.ROLE_PUSH_BUTTON
                         and (a.name == self.L["main_menu"]
                              or a.description == self.L["main_menu"])
                         and "click" in [a.queryAction().getName(i)
                                         for i in range(a.queryAction().nActions)]))
        if menu_button.name != self.L["main_menu"]:
            log(f"note: the main menu button is named {menu_button.name!r}, "
                f"only its description says {menu_button.description!r}")
        do_action(menu_button)
        menu = wait_for("the main menu to open",
                        lambda: find(menu_button.parent, lambda a: a.getRole() == pyatspi.ROLE_MENU))
        item = wait_for(f"the menu item {self.L['export_item']!r}",
                        lambda: find(menu, role_named(pyatspi.ROLE_MENU_ITEM,
                                                      self.L["export_item"], sensitive=True)))
        self.step("menu-open")
        do_action(item)

        def dialog():
            for child in self.app:
                if child is not None and child != self.window and \
                        child.name == self.L["export_title"]:
                    return child
            return None

        chooser = wait_for(f"the {self.L['export_title']!r} file chooser", dialog)
        self.step("chooser-open")
        return self.fill_chooser(chooser)

    def fill_chooser(self, chooser):
        proposed = re.compile(r"kartoteka-progress-(\d{4}-\d{2}-\d{2})\.json")
        field = wait_for("the name field with the proposed file name",
                         lambda: find(chooser, lambda a: a.getRole() == pyatspi.ROLE_TEXT
                                      and proposed.fullmatch(text_of(a))))
        name = text_of(field)
        dates = {self.started.isoformat(), datetime.date.today().isoformat()}
        if proposed.fullmatch(name).group(1) not in dates:
            raise Failure(f"the proposed name {name!r} is not dated today ({dates})")
        path = os.path.join(self.export_dir, name)

        # Empty the field, then type the full path as a user would. The
        # field completes folder names as one types; should a completion
        # land between two keys, type it again.
        for attempt in (1, 2):
            field.queryEditableText().setTextContents("")
            wait_for("the name field to be empty", lambda: text_of(field) == "")
            pyatspi.Registry.generateKeyboardEvent(0, path, pyatspi.KEY_STRING)
            try:
                wait_for(f"the name field to read {path!r}", lambda: text_of(field) == path,
                         timeout=TIMEOUT / 2)
                break
            except Failure:
                if attempt == 2:
                    raise
                log(f"note: the name field read {text_of(field)!r}; typing again")
        self.step("chooser-filled")

        button = wait_for(f"the {self.L['export_button']!r} button",
                          lambda: find(chooser, role_named(pyatspi.ROLE_PUSH_BUTTON,
                                                           self.L["export_button"],
                                                           sensitive=True)))
        do_action(button)
        wait_for(f"{path} to be written", lambda: os.path.exists(path))
        wait_for("the file chooser to close",
                 lambda: all(child != chooser for child in self.app if child is not None))
        wait_for(f"the toast {self.L['exported_toast']!r}",
                 lambda: find(self.window, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                              and a.name == self.L["exported_toast"]))
        self.step("exported")
        return path

    def check_export(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != "kartoteka-progress":
            raise Failure(f"{path}: not a progress export: {doc.get('format')!r}")
        cards = [c for t in doc["topics"] for c in t["cards"]] + doc["orphans"]
        studied = {}
        for card in cards:
            if card["reviews"]:
                studied[normalize_question(card.get("question", card["id"]))] = \
                    [r["rating"] for r in card["reviews"]]
        expected = {normalize_question(q): [r] for q, r in self.reviewed}
        if studied != expected:
            raise Failure(f"the export has reviews {studied}, expected {expected}")
        if doc["summary"]["reviews"] != len(self.reviewed):
            raise Failure(f"summary.reviews is {doc['summary']['reviews']}, "
                          f"expected {len(self.reviewed)}")
        log(f"export checked: {len(cards)} cards, reviews {studied}")

    def run(self):
        self.step("launched")
        self.select_topic()
        for n, rating in enumerate(RATINGS, 1):
            self.review(n, rating)
        self.check_export(self.export())


def on_alarm(signum, frame):
    raise Failure(f"the run took longer than {OVERALL_LIMIT} s")


def main():
    global pyatspi
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=sorted(LABELS), required=True)
    parser.add_argument("--workdir", required=True, help="scratch directory for logs and exports")
    parser.add_argument("--shots", required=True, help="where to keep screenshots on failure")
    args = parser.parse_args()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(OVERALL_LIMIT)
    session = Session(args.workdir)
    shots = None
    path = None
    ok = False
    try:
        session.start_display()
        shots = Shots(args.shots)
        session.start_a11y_bus()
        import pyatspi as module  # connects to the accessibility bus
        pyatspi = module
        session.launch_app()
        path = UserPath(LABELS[args.lang], os.path.join(args.workdir, "exports"), shots)
        os.makedirs(path.export_dir, exist_ok=True)
        session.app_pid = path.find_app()
        path.run()
        ok = True
    except Exception:
        traceback.print_exc()
        try:
            signal.alarm(60)  # the app may hang: do not wait on it forever
            if shots:
                shots.take("failed")
            if path is not None and path.app is not None:
                tree = os.path.join(args.workdir, "a11y-tree.txt")
                with open(tree, "w") as out:
                    dump(path.app, out)
                log("the app's accessible tree: a11y-tree.txt")
        except Exception:
            traceback.print_exc()
    finally:
        signal.alarm(0)
        session.stop()

    if ok:
        if not os.environ.get("KARTOTEKA_E2E_KEEP_SHOTS"):
            shots.discard()
        log(f"PASS ({args.lang})")
        return 0
    if shots:
        log(f"screenshots kept in {shots.directory}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
