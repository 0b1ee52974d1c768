"""The engines the benchmark compares, behind one small interface.

Each engine: build(records, folder) -> seconds; add(records) -> seconds (incremental, on an
index built from the rest); size(folder) -> bytes; latencies(queries, rounds) -> {class: mean ms};
method -> a sentence on how latency is measured.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import time

import concord_cli

FIELDS = ("title", "summary", "body")


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


def mean_per_class(samples):
    return {cls: sum(v) / len(v) * 1000 for cls, v in samples.items() if v}


class ConcordEngine:
    name = "concord"

    def __init__(self, binary):
        self.binary = binary
        self.method = ""

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

    def count(self, text):
        return concord_cli.batch_search(self.binary, self.index, [text], 10)[0]["total"]

    def _batch(self, texts):
        payload = "".join(t + "\n" for t in texts)
        started = time.perf_counter()
        result = subprocess.run([self.binary, "search", "--index", self.index, "--batch", "--timing", "--limit", "10"],
                                input=payload, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        if len(lines) != len(texts):
            raise RuntimeError(f"concord returned {len(lines)} lines for {len(texts)} queries: {result.stderr[:300]}")
        return seconds, lines

    def latencies(self, queries, rounds):
        by_class = {}
        for query in queries:
            by_class.setdefault(query["class"], []).append(render_concord(query))
        result, in_process = {}, True
        for cls, texts in by_class.items():
            self._batch(texts)  # warm-up
            full, single, elapsed = [], [], []
            for _ in range(rounds):
                seconds, lines = self._batch(texts)
                full.append(seconds)
                if all("elapsed_ms" in line for line in lines):
                    elapsed.append(sum(line["elapsed_ms"] for line in lines) / len(lines))
                single.append(self._batch(texts[:1])[0])
            if elapsed:
                result[cls] = min(elapsed)
            else:
                in_process = False
                result[cls] = max(min(full) - min(single), 0) / (len(texts) - 1) * 1000
        self.method = ("in-process elapsed_ms from --batch output (best round mean)" if in_process else
                       "one --batch process per class: (best time for N queries - best time for 1 query) / (N-1); "
                       "includes JSON output with snippets and pipe I/O")
        return result


def render_concord(query):
    a = query["terms"]
    return {"term": a[0], "or": " ".join(a), "and": " ".join("+" + t for t in a),
            "phrase": '"' + " ".join(a) + '"'}[query["class"]]


class TantivyEngine:
    name = "tantivy"
    method = "in-process (Python binding): parse + search top-10 with count + load stored docs; best round mean"

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
        return self.index.parse_query(render_tantivy(query), list(FIELDS), field_boosts={"title": 2.0})

    def count(self, query):
        return self.index.searcher().search(self._query(query), 10, count=True).count

    def latencies(self, queries, rounds):
        searcher = self.index.searcher()

        def run(query):
            parsed = self.index.parse_query(render_tantivy(query), list(FIELDS), field_boosts={"title": 2.0})
            hits = searcher.search(parsed, 10, count=True).hits
            docs = [searcher.doc(address) for _, address in hits]
            return [(doc["id"][0], doc["title"][0]) for doc in docs]

        return timed_rounds(queries, rounds, run)


def render_tantivy(query):
    # tantivy's query language spells the four classes exactly as Concord's does.
    return render_concord(query)


class Fts5Engine:
    name = "fts5"
    method = "in-process (Python sqlite3): MATCH ... ORDER BY rank LIMIT 10 selecting id, title; best round mean"

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

    def latencies(self, queries, rounds):
        db = sqlite3.connect(self.path)
        sql = "SELECT id, title FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10"

        def run(query):
            return db.execute(sql, (render_fts5(query),)).fetchall()

        try:
            return timed_rounds(queries, rounds, run)
        finally:
            db.close()


def render_fts5(query):
    a = ['"' + t + '"' for t in query["terms"]]
    return {"term": a[0], "or": " OR ".join(a), "and": " AND ".join(a),
            "phrase": '"' + " ".join(query["terms"]) + '"'}[query["class"]]


def timed_rounds(queries, rounds, run):
    """Warm-up pass, then `rounds` timed passes; per class, the best round's mean in ms."""
    for query in queries:
        run(query)
    best = {}
    for _ in range(rounds):
        samples = {}
        for query in queries:
            started = time.perf_counter()
            run(query)
            samples.setdefault(query["class"], []).append(time.perf_counter() - started)
        for cls, ms in mean_per_class(samples).items():
            best[cls] = min(best.get(cls, float("inf")), ms)
    return best


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)
