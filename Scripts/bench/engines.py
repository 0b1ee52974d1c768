"""The engines the benchmark compares, behind one small interface.

Each engine: build(records, folder) -> seconds; add(records) -> seconds (incremental, on an index
built from the rest); size() -> bytes; passes(queries) -> an object whose run() answers the whole
log once and returns {class: [ms per query]}, and whose close() lets the engine's handles go (the
benchmark interleaves the engines' passes); count(query) -> total matches; open_and_search(terms) -> ms
for opening the index and answering a rare term in a fresh process; classes -> the query classes
it can run; method -> a sentence on how latency is measured.

The same work for every engine where it can do it: top 10, every stored field of each hit read,
exact total number of matches. PISA (the north star) stores no documents and counts no totals:
it is timed for top 10 only, with the hits' records looked up in a Python dict.
"""

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import tempfile
import time

import concord_cli

FIELDS = ("title", "summary", "body")
ALL_CLASSES = ("term", "or2", "or3", "and2", "phrase2", "phrase3", "known", "reqopt", "not")


def folder_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def write_jsonl(records, path):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def by_class(queries, classes):
    grouped = {}
    for query in queries:
        if query["class"] in classes:
            grouped.setdefault(query["class"], []).append(query)
    return grouped


def render_concord(query):
    """Concord's (and tantivy's) query syntax for a query of any class."""
    a = query["terms"]
    cls = query["class"]
    if cls == "term":
        return a[0]
    if cls in ("or2", "or3", "known"):
        return " ".join(a)
    if cls == "and2":
        return " ".join("+" + t for t in a)
    if cls in ("phrase2", "phrase3"):
        return '"' + " ".join(a) + '"'
    if cls == "reqopt":
        return f"+{a[0]} {a[1]}"
    if cls == "not":
        return f"{a[0]} -{a[1]}"
    raise ValueError(f"unknown class {cls}")


def render_fts5(query):
    a = ['"' + t + '"' for t in query["terms"]]
    cls = query["class"]
    if cls == "term":
        return a[0]
    if cls in ("or2", "or3", "known"):
        return " OR ".join(a)
    if cls == "and2":
        return " AND ".join(a)
    if cls in ("phrase2", "phrase3"):
        return '"' + " ".join(query["terms"]) + '"'
    if cls == "reqopt":
        # FTS5 has no optional clause: this matches exactly the documents with the first word and
        # lets the second add to the rank.
        return f"{a[0]} AND ({a[0]} OR {a[1]})"
    if cls == "not":
        return f"{a[0]} NOT {a[1]}"
    raise ValueError(f"unknown class {cls}")


class ConcordEngine:
    name = "concord"
    classes = ALL_CLASSES

    def __init__(self, binary):
        self.binary = binary
        self.method = ""
        # The peers suggest no respellings, so neither does Concord here: a query with few hits would
        # otherwise walk the dictionary for a "did you mean" (a binary older than the flag still does).
        self.search_flags = (["--no-suggestions"] if concord_cli.accepts(binary, "search", "--no-suggestions")
                             else [])

    def build(self, records, folder):
        self.corpus = os.path.join(folder, "corpus")
        self.index = os.path.join(folder, "index")
        os.makedirs(self.corpus)
        write_jsonl(records, os.path.join(self.corpus, "docs.jsonl"))
        started = time.perf_counter()
        concord_cli.index(self.binary, self.corpus, self.index, rebuild=True)
        return time.perf_counter() - started

    def add(self, records):
        write_jsonl(records, os.path.join(self.corpus, "added.jsonl"))
        started = time.perf_counter()
        concord_cli.index(self.binary, self.corpus, self.index)
        return time.perf_counter() - started

    def size(self):
        return folder_bytes(self.index)

    def count(self, query):
        return concord_cli.batch_search(self.binary, self.index, [render_concord(query)], 10)[0]["total"]

    def passes(self, queries):
        """One `search --batch --timing` process, kept open, answers the whole log at each pass, class by
        class as the in-process peers are timed, with each query's in-process elapsed_ms. A query
        therefore comes back only after every other query of the log, for Concord as for the peers, so
        no engine's cache of recent results or stored blocks is handed a repeat a few queries later. A
        fresh process's first query pays mapping the index's pages and first uses; `open_and_search`
        measures that apart."""
        flags = self.search_flags
        self.method = ("one `search --batch --timing` process for the whole log: a warm-up pass, then each "
                       "query's best in-process elapsed_ms over the timed passes, each pass over every class "
                       "as the peers are timed (parse, match, exact total, top 10, stored fields, snippets"
                       + (", no spelling suggestions, as the peers have none)" if flags else
                          ", spelling suggestions for queries with few hits)"))
        return ConcordPasses(self.binary, self.index, by_class(queries, self.classes), flags)

    def process_start_s(self):
        """Seconds a `concord` process takes to start and exit doing nothing but print its help (best of
        10): what a command pays and an in-process peer does not."""
        best = float("inf")
        for _ in range(10):
            started = time.perf_counter()
            subprocess.run([self.binary, "--help"], capture_output=True)
            best = min(best, time.perf_counter() - started)
        return best

    def open_and_search(self, terms):
        """`concord search TERM` in a fresh process, minus `concord --help` (process start, dynamic
        linking): (mean wall ms, mean CPU ms). CPU time is what the process itself spent, so it is far
        less disturbed by other load than wall time."""
        def run(command):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, capture_output=True)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        base = [run([self.binary, "--help"]) for _ in range(10)]
        base_wall, base_cpu = min(b[0] for b in base), min(b[1] for b in base)
        # A rare term has few hits, which would send Concord looking for a "did you mean" (see `__init__`).
        runs = [run([self.binary, "search", "--index", self.index, "--limit", "10", "--format", "json", *self.search_flags, t])
                for t in terms]
        wall = sum(r[0] for r in runs) / len(runs) - base_wall
        cpu = sum(r[1] for r in runs) / len(runs) - base_cpu
        return max(0.0, wall) * 1000, max(0.0, cpu) * 1000


class TantivyEngine:
    name = "tantivy"
    classes = ALL_CLASSES
    method = "in-process (Python binding): parse + search top 10 with count + load stored docs"

    def _schema(self):
        import tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for field in FIELDS:
            builder.add_text_field(field, stored=True, tokenizer_name="en_stem")
        return builder.build()

    def build(self, records, folder):
        import tantivy
        self.path = os.path.join(folder, "tantivy")
        os.makedirs(self.path)
        docs = self._documents(records)
        started = time.perf_counter()
        self.index = tantivy.Index(self._schema(), path=self.path)
        return self._write(docs, started)

    def add(self, records):
        docs = self._documents(records)
        return self._write(docs, time.perf_counter())

    @staticmethod
    def _documents(records):
        return [{"id": r["id"], **{f: r.get(f) or "" for f in FIELDS}} for r in records]

    def _write(self, docs, started):
        """Adds the documents, commits and waits for merges; returns seconds since `started`."""
        import tantivy
        writer = self.index.writer(heap_size=256_000_000)
        for doc in docs:
            writer.add_document(tantivy.Document(**doc))
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - started
        self.index.reload()
        return seconds

    def size(self):
        return folder_bytes(self.path)

    def _query(self, query):
        return self.index.parse_query(render_concord(query), list(FIELDS), field_boosts={"title": 2.0})

    def count(self, query):
        return self.index.searcher().search(self._query(query), 10, count=True).count

    def passes(self, queries):
        searcher = self.index.searcher()

        def run(query):
            parsed = self.index.parse_query(render_concord(query), list(FIELDS), field_boosts={"title": 2.0})
            result = searcher.search(parsed, 10, count=True)
            docs = [searcher.doc(address) for _, address in result.hits]
            return result.count, [(doc["id"][0], doc["title"][0]) for doc in docs]

        return InProcessPasses(by_class(queries, self.classes), run)

    def open_and_search(self, terms):
        """Time inside a fresh Python process (after `import tantivy`): open the index, search, load hits."""
        script = (
            "import sys, time, tantivy\n"
            "started, cpu = time.perf_counter(), time.process_time()\n"
            "index = tantivy.Index.open(sys.argv[1])\n"
            "searcher = index.searcher()\n"
            "q = index.parse_query(sys.argv[2], ['title', 'summary', 'body'], field_boosts={'title': 2.0})\n"
            "r = searcher.search(q, 10, count=True)\n"
            "docs = [searcher.doc(a) for _, a in r.hits]\n"
            "print((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)\n")
        return fresh_python_times(script, self.path, terms)


class Fts5Engine:
    name = "fts5"
    classes = ALL_CLASSES
    method = ("in-process (Python sqlite3): MATCH ... ORDER BY rank LIMIT 10 selecting every stored column, "
              "plus SELECT count(*) for the exact total")

    def build(self, records, folder):
        self.path = os.path.join(folder, "fts5.db")
        rows = [(r["id"], *(r.get(f) or "" for f in FIELDS)) for r in records]
        started = time.perf_counter()
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, body, "
                   "tokenize = 'porter unicode61')")
        db.execute("INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(0.0, 2.0, 1.0, 1.0)')")
        with db:
            db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
        db.close()
        return time.perf_counter() - started

    def add(self, records):
        rows = [(r["id"], *(r.get(f) or "" for f in FIELDS)) for r in records]
        started = time.perf_counter()
        db = sqlite3.connect(self.path)
        with db:
            db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
        db.close()
        return time.perf_counter() - started

    def size(self):
        return folder_bytes(self.path)

    def count(self, query):
        db = sqlite3.connect(self.path)
        try:
            return db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (render_fts5(query),)).fetchone()[0]
        finally:
            db.close()

    def passes(self, queries):
        db = sqlite3.connect(self.path)
        top = "SELECT id, title, summary, body FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10"
        total = "SELECT count(*) FROM docs WHERE docs MATCH ?"

        def run(query):
            text = render_fts5(query)
            return db.execute(total, (text,)).fetchone()[0], db.execute(top, (text,)).fetchall()

        return InProcessPasses(by_class(queries, self.classes), run, close=db.close)

    def open_and_search(self, terms):
        script = (
            "import sqlite3, sys, time\n"
            "started, cpu = time.perf_counter(), time.process_time()\n"
            "db = sqlite3.connect(sys.argv[1])\n"
            "q = '\"' + sys.argv[2] + '\"'\n"
            "n = db.execute('SELECT count(*) FROM docs WHERE docs MATCH ?', (q,)).fetchone()[0]\n"
            "rows = db.execute('SELECT id, title, summary, body FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10',"
            " (q,)).fetchall()\n"
            "print((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)\n")
        return fresh_python_times(script, self.path, terms)


class PisaEngine:
    """PISA through pyterrier-pisa: block-max WAND for ranked OR, block-max ranked AND for AND.

    One text field (title twice, then summary and body: the title weight of 2), Porter2 stemming, no
    stop list. Top 10 only: PISA counts no totals and stores no documents (hits are looked up in a
    Python dict of the records, which costs well under a microsecond).
    """
    name = "pisa"
    classes = ("term", "or2", "or3", "and2", "known")
    method = ("in-process (pyterrier-pisa's _pisathon.retrieve, one query per call): top 10 only, "
              "no exact total, records looked up in a dict")

    def build(self, records, folder):
        from pyterrier_pisa import PisaIndex
        self.path = os.path.join(folder, "pisa")
        docs = [{"docno": r["id"], "text": " ".join([r.get("title") or "", r.get("title") or "",
                                                      r.get("summary") or "", r.get("body") or ""])}
                for r in records]
        self.records = {r["id"]: r for r in records}
        started = time.perf_counter()
        PisaIndex(self.path, text_field="text", stemmer="porter2", stops="none", threads=os.cpu_count() or 1).index(docs)
        return time.perf_counter() - started

    can_add = False

    def add(self, records):
        return float("nan")  # PISA indexes are static: no incremental add

    def size(self):
        return folder_bytes(self.path)

    def count(self, query):
        return None

    def _context(self, algorithm):
        import numpy as np
        from pyterrier_pisa import PisaIndex
        retriever = PisaIndex(self.path, stemmer="porter2", stops="none").bm25(
            k1=1.2, b=0.75, num_results=10, query_algorithm=algorithm, threads=1)
        arrays = dict(result_qidxs=np.empty(10, dtype=np.int32), result_docnos=np.empty(10, dtype=object),
                      result_ranks=np.empty(10, dtype=np.int32), result_scores=np.empty(10, dtype=np.float32))
        return retriever, arrays

    def passes(self, queries):
        from pyterrier_pisa import _pisathon
        contexts = {"or": self._context("block_max_wand"), "and": self._context("block_max_ranked_and")}

        def run(query):
            retriever, arrays = contexts["and" if query["class"] == "and2" else "or"]
            size = _pisathon.retrieve(retriever._ctxt, retriever.query_algorithm.value, [(0, " ".join(query["terms"]))],
                                      k=10, threads=1, query_weighted=0, pretokenised=False, **arrays)
            return [self.records[d] for d in arrays["result_docnos"][:size]]

        return InProcessPasses(by_class(queries, self.classes), run)

    def open_and_search(self, terms):
        script = (
            "import sys, time\n"
            "import numpy as np\n"
            "from pyterrier_pisa import PisaIndex, _pisathon\n"
            "started, cpu = time.perf_counter(), time.process_time()\n"
            "r = PisaIndex(sys.argv[1], stemmer='porter2', stops='none').bm25(num_results=10, threads=1)\n"
            "a = dict(result_qidxs=np.empty(10, dtype=np.int32), result_docnos=np.empty(10, dtype=object),"
            " result_ranks=np.empty(10, dtype=np.int32), result_scores=np.empty(10, dtype=np.float32))\n"
            "_pisathon.retrieve(r._ctxt, r.query_algorithm.value, [(0, sys.argv[2])], k=10, threads=1,"
            " query_weighted=0, pretokenised=False, **a)\n"
            "print((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)\n")
        return fresh_python_times(script, self.path, terms)


def fresh_python_times(script, path, terms):
    """Runs `script PATH TERM` in a fresh Python per term; it prints "wall_ms cpu_ms" last. Returns the means."""
    walls, cpus = [], []
    for t in terms:
        out = subprocess.run([sys.executable, "-c", script, path, t], capture_output=True, text=True, check=True)
        wall, cpu = out.stdout.strip().splitlines()[-1].split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return sum(walls) / len(walls), sum(cpus) / len(cpus)


class InProcessPasses:
    """An in-process engine's passes (see `passes`): `run()` answers every query once, class by class, timing
    each call of `run_query` (ms per query, per class); `close()` lets the engine's handles go."""

    def __init__(self, grouped, run_query, close=None):
        self.grouped, self.run_query, self._close = grouped, run_query, close

    def run(self):
        times = {}
        for cls, items in self.grouped.items():
            row = times.setdefault(cls, [])
            for query in items:
                started = time.perf_counter()
                self.run_query(query)
                row.append((time.perf_counter() - started) * 1000)
        return times

    def close(self):
        if self._close:
            self._close()


class ConcordPasses:
    """Concord's passes (see `passes`): one `search --batch --timing` process kept open between passes (it answers
    each line as it comes). Each pass's queries go down its standard input in one write; its answers go to
    a file that is looked at every few milliseconds and parsed once the pass is complete, so that nothing
    of the harness runs beside Concord's queries (a Python thread parsing each answer as it came slowed
    them by up to 15% on a 2-core machine, where the in-process peers run with nothing beside them)."""

    poll_seconds = 0.02

    def __init__(self, binary, index, grouped, flags=()):
        self.order = [(cls, i) for cls, items in grouped.items() for i in range(len(items))]
        self.shape = {cls: len(items) for cls, items in grouped.items()}
        self.payload = "".join(render_concord(grouped[cls][i]) + "\n" for cls, i in self.order).encode()
        # Concord writes through its own descriptor; the answers are read through another, whose offset
        # is this harness's alone (one shared descriptor would move Concord's write offset too).
        descriptor, self.path = tempfile.mkstemp(prefix="concord-answers-")
        with os.fdopen(descriptor, "wb") as answers:
            self.process = subprocess.Popen([binary, "search", "--index", index, "--batch", "--timing", "--limit", "10", *flags],
                                            stdin=subprocess.PIPE, stdout=answers, stderr=subprocess.DEVNULL)
        self.output = open(self.path, "rb")
        self.read = 0

    def run(self):
        # Written by a thread: a pass longer than the pipe's buffer would otherwise block here.
        writer = threading.Thread(target=lambda: (self.process.stdin.write(self.payload), self.process.stdin.flush()))
        writer.start()
        wanted, pending = len(self.order), b""
        lines = []
        while len(lines) < wanted:
            time.sleep(self.poll_seconds)
            self.output.seek(self.read)
            chunk = self.output.read()
            self.read += len(chunk)
            pending += chunk
            *complete, pending = pending.split(b"\n")
            lines.extend(complete)
            if not chunk and self.process.poll() is not None:
                raise RuntimeError("concord search --batch ended before answering every query")
        writer.join()
        if pending or len(lines) != wanted:
            raise RuntimeError(f"concord answered {len(lines)} lines for {wanted} queries")
        times = {cls: [0.0] * n for cls, n in self.shape.items()}
        for (cls, i), line in zip(self.order, lines):
            times[cls][i] = json.loads(line)["elapsed_ms"]
        return times

    def close(self):
        self.process.stdin.close()
        self.process.wait()
        self.output.close()
        os.remove(self.path)


def keep_best(best, times):
    """Per class and query, the smaller of `best` (None at first) and this pass's `times`."""
    if best is None:
        return {cls: list(row) for cls, row in times.items()}
    return {cls: [min(a, b) for a, b in zip(best[cls], times[cls])] for cls in best}


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)
