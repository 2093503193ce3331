#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes synthetic decks of N cards in each format Kartoteka reads, for
# the benchmarks: OUTDIR/qa-N.txt (numbered Q&A), OUTDIR/notes-N.md
# (knowledge-base markdown with code blocks) and OUTDIR/tsv-N.tsv (an
# Anki export). Texts mix Russian and English the way our users' notes do,
# with the lengths of the bundled decks: questions of 40-120 characters,
# answers of 150-700, every fifth answer with a code block. The output
# depends only on N, so runs are comparable.
#
#   gen-decks.py OUTDIR N [N…]

import os
import random
import sys

RU = ("асинхронность корутина цикл событий задача очередь брокер воркер "
      "поток процесс блокировка ожидание результат исключение контекст "
      "планировщик сообщение повтор таймаут соединение пул запрос ответ "
      "выполнение функция объект метод класс модуль память состояние "
      "приложение сервер клиент данные ошибка отмена семафор генератор").split()
EN = ("event loop coroutine task queue broker worker thread process lock "
      "await result exception context scheduler message retry timeout "
      "connection pool request response function object method class module "
      "memory state application server client data error cancel semaphore "
      "generator future callback").split()
CODE = ("asyncio.gather()", "await asyncio.sleep(1)", "async def", "apply_async()",
        "task.retry()", "Semaphore(10)", "loop.run_until_complete()", "@app.task")
SNIPPETS = (
    "```python\nimport asyncio\n\nasync def main():\n    results = await asyncio.gather(\n"
    "        fetch(url) for url in urls\n    )\n    return results\n```",
    "```python\n@app.task(bind=True, max_retries=3)\ndef send(self, user_id):\n"
    "    try:\n        deliver(user_id)\n    except TimeoutError as exc:\n"
    "        raise self.retry(exc=exc, countdown=60)\n```",
    "```bash\ncelery -A proj worker --loglevel=info --concurrency=4\n```",
)


def sentence(rng, lo, hi):
    """Words until the sentence is lo..hi characters long."""
    target = rng.randint(lo, hi)
    words = []
    length = 0
    while length < target:
        pool = RU if rng.random() < 0.7 else EN
        word = rng.choice(pool) if rng.random() > 0.05 else "`%s`" % rng.choice(CODE)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:]


def card(rng, i):
    question = "%s (%d)?" % (sentence(rng, 40, 110), i)
    parts = []
    length = 0
    target = rng.randint(150, 700)
    while length < target:
        s = sentence(rng, 50, 160) + "."
        parts.append(s)
        length += len(s) + 1
    answer = " ".join(parts)
    code = SNIPPETS[i % len(SNIPPETS)] if i % 5 == 0 else None
    summary = sentence(rng, 40, 90) + "."
    return question, answer, code, summary


def write_qa(path, n):
    rng = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(1, n + 1):
            q, a, code, _ = card(rng, i)
            f.write("%d. %s\nОтвет: %s\n" % (i, q, a))
            if code:
                f.write(code + "\n")
            f.write("\n")


def write_notes(path, n):
    rng = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Заметки %d\ntags: [python, celery, asyncio]\n---\n\n" % n)
        for i in range(1, n + 1):
            q, a, code, summary = card(rng, i)
            f.write("## %s %d\n\n" % (sentence(rng, 15, 40), i))
            f.write("**Кратко:** %s\n\n" % summary)
            f.write("**Типовой вопрос:** %s\n\n" % q)
            f.write("**Ответ:**\n%s\n\n" % a)
            if code:
                f.write(code + "\n\n")


def write_tsv(path, n):
    rng = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        f.write("#separator:tab\n#html:true\n#columns:Front\tBack\tTags\n#tags column:3\n")
        for i in range(1, n + 1):
            q, a, code, _ = card(rng, i)
            if code:
                a += "<br><pre>%s</pre>" % code.replace("<", "&lt;").replace("\n", "<br>")
            f.write("%s\t%s\tpython celery\n" % (q, a))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen-decks.py OUTDIR N [N…]")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for n in map(int, sys.argv[2:]):
        write_qa(os.path.join(outdir, "qa-%d.txt" % n), n)
        write_notes(os.path.join(outdir, "notes-%d.md" % n), n)
        write_tsv(os.path.join(outdir, "tsv-%d.tsv" % n), n)


if __name__ == "__main__":
    main()
