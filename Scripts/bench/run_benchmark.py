#!/usr/bin/env python3
"""Side-by-side speed benchmark: Concord, tantivy (Python binding) and SQLite FTS5, in one run.

Run through Scripts/benchmark, which provides a Python environment with tantivy installed.
Measures per engine: full build time, index size, adding 1% new documents to an index of the
other 99%, and mean top-10 latency per query class (single term, two-word OR, AND, phrase).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concord_cli  # noqa: E402
import engines  # noqa: E402
import make_queries  # noqa: E402

CLASSES = ("term", "or", "and", "phrase")
CLASS_NAMES = {"term": "single term", "or": "two-word OR", "and": "two-word AND", "phrase": "two-word phrase"}


def load(path, quick):
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if quick and len(records) > 10000:
        step = len(records) / 10000
        records = [records[int(i * step)] for i in range(10000)]
    return records


def run_engine(engine, records, queries, work, rounds):
    folder = os.path.join(work, engine.name)
    engines.remove(folder)
    os.makedirs(os.path.join(folder, "full"))
    print(f"[{engine.name}] full build of {len(records)} docs ...", file=sys.stderr)
    build = engine.build(records, os.path.join(folder, "full"))
    size = engine.size()
    print(f"[{engine.name}] queries ...", file=sys.stderr)
    latency = engine.latencies(queries, rounds)
    counts = {cls: [engine.count(q if engine.name != "concord" else engines.render_concord(q))
                    for q in queries if q["class"] == cls][:20] for cls in CLASSES}
    print(f"[{engine.name}] incremental add of 1% ...", file=sys.stderr)
    base = [r for i, r in enumerate(records) if i % 100 != 50]
    added = [r for i, r in enumerate(records) if i % 100 == 50]
    os.makedirs(os.path.join(folder, "incremental"))
    engine.build(base, os.path.join(folder, "incremental"))
    add = engine.add(added)
    engines.remove(folder)
    return {"build_s": build, "size_bytes": size, "add_s": add, "added_docs": len(added),
            "latency_ms": latency, "method": engine.method, "sample_counts": counts}


def fmt_ms(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def print_report(report):
    names = [n for n in ("concord", "tantivy", "fts5") if n in report["engines"]]
    e = report["engines"]
    rows = [("full build (s)", lambda r: r["build_s"], lambda v: f"{v:.2f}"),
            ("index size (MB)", lambda r: r["size_bytes"] / 1e6, lambda v: f"{v:.1f}"),
            (f"add 1% = {e[names[0]]['added_docs']} docs (s)", lambda r: r["add_s"], lambda v: f"{v:.3f}")]
    rows += [(f"{CLASS_NAMES[c]} (ms/query)", (lambda c: lambda r: r["latency_ms"].get(c, float("nan")))(c), fmt_ms)
             for c in CLASSES]
    ratio_names = [n for n in names if n != "concord"] if "concord" in names else []
    header = f"{'':<30}" + "".join(f"{n:>11}" for n in names) + "".join(f"{'concord/' + n:>16}" for n in ratio_names)
    print(header)
    print("-" * len(header))
    for label, get, show in rows:
        line = f"{label:<30}" + "".join(f"{show(get(e[n])):>11}" for n in names)
        for n in ratio_names:
            other = get(e[n])
            line += f"{(get(e['concord']) / other if other else float('nan')):>15.2f}x"
        print(line)
    print()
    print(f"corpus: {report['corpus']} ({report['documents']} docs, {report['corpus_mb']:.1f} MB JSONL); "
          f"queries: {report['queries_file']} ({report['query_count']} = 4 classes x {report['query_count'] // 4})")
    print(f"machine: {report['machine']}; {report['rounds']} timed rounds after a warm-up, best round kept")
    for n in names:
        print(f"latency method, {n}: {e[n]['method']}")
    if len(names) > 1:
        for cls in ("and", "phrase"):
            agree = [all(e[n]["sample_counts"][cls][i] == e[names[0]]["sample_counts"][cls][i] for n in names)
                     for i in range(len(e[names[0]]["sample_counts"][cls]))]
            print(f"sanity: match counts agree on {sum(agree)}/{len(agree)} sampled {CLASS_NAMES[cls]} queries "
                  f"(analysis differs slightly between engines)")


def main():
    parser = argparse.ArgumentParser(description="Concord vs tantivy vs SQLite FTS5, one run.")
    parser.add_argument("--corpus", help="a JSONL corpus (default: DATA/debian.jsonl, built from apt lists if missing)")
    parser.add_argument("--data-dir", default=os.environ.get("CONCORD_BENCH_DIR", "/work/bench-data"),
                        help="where corpus, queries and indexes go (outside the repository)")
    parser.add_argument("--quick", action="store_true", help="10,000-document subset")
    parser.add_argument("--queries", help="a queries JSONL file (default: drawn from the corpus, seeded)")
    parser.add_argument("--per-class", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="concord,tantivy,fts5")
    parser.add_argument("--concord", help="the concord binary (default .build/release/concord, built if missing)")
    parser.add_argument("--json", help="also write the full report as JSON to this file")
    args = parser.parse_args()

    os.makedirs(args.data_dir, exist_ok=True)
    corpus = args.corpus or os.path.join(args.data_dir, "debian.jsonl")
    if not os.path.exists(corpus):
        if args.corpus:
            sys.exit(f"error: no corpus at {corpus}")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make_debian_corpus.py"), corpus],
                       check=True)
    records = load(corpus, args.quick)
    tag = os.path.splitext(os.path.basename(corpus))[0] + ("-quick" if args.quick else "")
    queries_file = args.queries or os.path.join(args.data_dir, f"queries-{tag}.jsonl")
    if not os.path.exists(queries_file):
        queries = make_queries.draw(records, args.per_class, seed=7)
        with open(queries_file, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(q) + "\n" for q in queries)
    with open(queries_file, encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]

    wanted = args.engines.split(",")
    chosen = []
    for name in wanted:
        if name == "concord":
            chosen.append(engines.ConcordEngine(concord_cli.locate(args.concord)))
        elif name == "tantivy":
            try:
                import tantivy  # noqa: F401
            except ImportError:
                sys.exit("error: tantivy is not importable; run through Scripts/benchmark, which installs it")
            chosen.append(engines.TantivyEngine())
        elif name == "fts5":
            try:
                sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
            except sqlite3.OperationalError:
                sys.exit("error: this Python's SQLite has no FTS5")
            chosen.append(engines.Fts5Engine())
        else:
            sys.exit(f"error: unknown engine {name}")

    work = os.path.join(args.data_dir, "run")
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "corpus": corpus, "documents": len(records),
        "corpus_mb": sum(len(json.dumps(r, ensure_ascii=False).encode()) + 1 for r in records) / 1e6,
        "queries_file": queries_file, "query_count": len(queries), "rounds": args.rounds,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                   f"SQLite {sqlite3.sqlite_version}",
        "engines": {},
    }
    for engine in chosen:
        report["engines"][engine.name] = run_engine(engine, records, queries, work, args.rounds)
    shutil.rmtree(work, ignore_errors=True)
    print_report(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
