#!/usr/bin/env python3
"""Side-by-side speed benchmark: Concord, tantivy (Python binding), SQLite FTS5 and PISA, in one run.

Run through Scripts/benchmark, which provides a Python environment with tantivy (and, when it
installs, pyterrier-pisa). Measures per engine: full build time, index size, adding 1% new documents
to an index of the other 99%, opening the index plus a rare-term search in a fresh process, and
the mean and p99 latency of every query class (see make_queries.py), each query's best of the
timed rounds, the engines' query passes interleaved round by round. The machine's load average is
recorded next to each phase.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concord_cli  # noqa: E402
import engines  # noqa: E402
import make_queries  # noqa: E402

CLASSES = make_queries.CLASSES
CLASS_NAMES = make_queries.CLASS_NAMES
ORDER = ("concord", "baseline", "tantivy", "fts5", "pisa")
# ../shared/scripts next to the repository (a worktree under /work/wt/* has it two levels up).
SHARED_SCRIPTS = next((p for p in (os.path.join(os.path.dirname(concord_cli.REPO), "shared", "scripts"),
                                   os.path.join(os.path.dirname(os.path.dirname(concord_cli.REPO)), "shared", "scripts"))
                       if os.path.isdir(p)), os.path.join(os.path.dirname(concord_cli.REPO), "shared", "scripts"))


def load_average():
    try:
        return float(open("/proc/loadavg").read().split()[0])
    except OSError:
        return float("nan")


def load(path, quick):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if quick and len(records) > 10000:
        step = len(records) / 10000
        records = [records[int(i * step)] for i in range(10000)]
    return records


def speed_corpus(data_dir):
    """The ~450k-document corpus of ../shared/scripts/build_speed_corpus.py as one plain JSONL file."""
    out = os.path.join(data_dir, "speed.jsonl")
    if os.path.exists(out):
        return out
    parts = os.path.join(data_dir, "speed-parts")
    script = os.path.join(SHARED_SCRIPTS, "build_speed_corpus.py")
    if not os.path.exists(os.path.join(parts, "gcide.jsonl.gz")):
        if not os.path.exists(script):
            sys.exit(f"error: {script} is missing (the shared scripts folder)")
        os.makedirs(parts, exist_ok=True)
        subprocess.run([sys.executable, script, "--update", "--out", parts], check=True)
    with open(out + ".partial", "w", encoding="utf-8") as handle:
        for name in ("debian-descriptions.jsonl.gz", "gcide.jsonl.gz"):
            with gzip.open(os.path.join(parts, name), "rt", encoding="utf-8") as source:
                shutil.copyfileobj(source, handle)
    os.rename(out + ".partial", out)
    return out


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def cpu_seconds():
    """CPU time of this process (all its threads) plus that of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_all(chosen, records, work, rounds):
    """Full builds, engines interleaved round by round (so load swings hit every engine alike); per
    engine the best wall time and the CPU time of that round. Each engine keeps its last index."""
    results = {engine.name: {"build_s": float("inf"), "build_cpu_s": float("nan"), "load": {}} for engine in chosen}
    for r in range(rounds):
        for engine in chosen:
            folder = os.path.join(work, engine.name, f"full-{r}")
            engines.remove(os.path.join(work, engine.name, f"full-{r - 1}"))
            os.makedirs(folder)
            print(f"[{engine.name}] full build {r + 1}/{rounds} of {len(records)} docs ...", file=sys.stderr)
            result = results[engine.name]
            result["load"].setdefault("build", load_average())
            cpu = cpu_seconds()
            seconds = engine.build(records, folder)
            cpu = cpu_seconds() - cpu
            if seconds < result["build_s"]:
                result["build_s"], result["build_cpu_s"] = seconds, cpu
    for engine in chosen:
        results[engine.name]["size_bytes"] = engine.size()
    return results


# Adds measured per engine (each onto a fresh build of the other 99%); the best is kept.
ADD_ROUNDS = 3


def interleaved_latencies(chosen, results, queries, rounds):
    """Every engine's query passes, interleaved: each engine answers the whole log once to warm up,
    then, round by round, each engine answers it once more (the engines' order turning each round), so
    that a slow spell of the machine falls on every engine's passes alike rather than on one engine's
    whole measurement. Per engine and class, each query's best time over the timed passes."""
    runners = []
    try:
        for engine in chosen:
            print(f"[{engine.name}] queries: warm-up pass ...", file=sys.stderr)
            results[engine.name]["load"]["queries"] = load_average()
            runners.append((engine, engine.passes(queries)))
            runners[-1][1].run()
        best = {engine.name: None for engine in chosen}
        for r in range(rounds):
            print(f"queries: timed pass {r + 1}/{rounds} of every engine ...", file=sys.stderr)
            for k in range(len(runners)):
                engine, passes = runners[(k + r) % len(runners)]
                best[engine.name] = engines.keep_best(best[engine.name], passes.run())
        return best
    finally:
        for _, passes in runners:
            passes.close()


def run_engine(engine, result, records, queries, work, skip_add, per_query):
    folder = os.path.join(work, engine.name)
    result["method"] = engine.method
    result["latency_ms"] = {cls: {"mean": sum(v) / len(v), "p99": percentile(v, 99), "n": len(v)}
                            for cls, v in per_query.items()}
    result["sample_counts"] = {cls: [engine.count(q) for q in queries if q["class"] == cls][:20]
                               for cls in engine.classes}
    result["add_s"], result["added_docs"] = float("nan"), 0
    result["add_net_s"] = float("nan")
    if not skip_add and getattr(engine, "can_add", True):
        print(f"[{engine.name}] incremental add of 1% ({ADD_ROUNDS} rounds) ...", file=sys.stderr)
        base = [r for i, r in enumerate(records) if i % 100 != 50]
        added = [r for i, r in enumerate(records) if i % 100 == 50]
        result["load"]["add"] = load_average()
        times = []
        for k in range(ADD_ROUNDS):
            os.makedirs(os.path.join(folder, f"incremental-{k}"))
            engine.build(base, os.path.join(folder, f"incremental-{k}"))
            times.append(engine.add(added))
        result["add_s"], result["added_docs"] = min(times), len(added)
        # What the add costs beyond starting a process (for an engine run as a command; 0 in-process).
        result["add_net_s"] = max(0.0, result["add_s"] - getattr(engine, "process_start_s", lambda: 0.0)())
    engines.remove(folder)
    return result


def fmt(value):
    if value != value:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def print_report(report):
    e = report["engines"]
    names = [n for n in ORDER if n in e]
    peers = [n for n in names if n != "concord"] if "concord" in names else []
    added = max((e[n]["added_docs"] for n in names), default=0)
    rows = [("full build, best wall (s)", lambda r: r["build_s"]),
            ("full build, CPU of that run (s)", lambda r: r["build_cpu_s"]),
            ("index size (MB)", lambda r: r["size_bytes"] / 1e6),
            (f"add 1% = {added} docs (s)", lambda r: r["add_s"]),
            ("add 1%, less process start (s)", lambda r: r.get("add_net_s", float("nan"))),
            ("open + rare term, wall (ms)", lambda r: r["open_ms"]),
            ("open + rare term, CPU (ms)", lambda r: r["open_cpu_ms"])]
    for c in CLASSES:
        for stat in ("mean", "p99"):
            rows.append((f"{CLASS_NAMES[c]} {stat} (ms)",
                         (lambda c, stat: lambda r: r["latency_ms"].get(c, {}).get(stat, float("nan")))(c, stat)))
    header = f"{'':<34}" + "".join(f"{n:>10}" for n in names) + "".join(f"{'c/' + n:>11}" for n in peers)
    print(header)
    print("-" * len(header))
    for label, get in rows:
        line = f"{label:<34}" + "".join(f"{fmt(get(e[n])):>10}" for n in names)
        for n in peers:
            mine, other = get(e["concord"]), get(e[n])
            ratio = mine / other if other and other == other and mine == mine else float("nan")
            line += f"{(f'{ratio:.2f}x' if ratio == ratio else '-'):>11}"
        print(line)
    print()
    print(f"corpus: {report['corpus']} ({report['documents']} docs, {report['corpus_mb']:.1f} MB JSONL); "
          f"queries: {report['queries_file']} ({report['query_count']} queries, {len(CLASSES)} classes); "
          f"rare terms: {report['rare_terms']}")
    print(f"machine: {report['machine']}; {report['build_rounds']} interleaved full builds per engine (best wall "
          f"kept, with that run's CPU: process + children, all threads); {report['rounds']} timed query rounds "
          f"after a warm-up, the engines' passes interleaved round by round; mean and p99 over each query's "
          f"best round")
    for n in names:
        loads = ", ".join(f"{k} {v:.2f}" for k, v in e[n]["load"].items())
        print(f"{n}: load average (1 min) at {loads}; latency: {e[n]['method']}")
    if "concord" in names and len(names) > 1:
        for cls in ("and2", "phrase2", "phrase3", "not"):
            others = [n for n in names if n != "concord" and cls in e[n]["sample_counts"]
                      and e[n]["sample_counts"][cls] and e[n]["sample_counts"][cls][0] is not None]
            base = e["concord"]["sample_counts"].get(cls, [])
            for n in others:
                agree = sum(1 for a, b in zip(base, e[n]["sample_counts"][cls]) if a == b)
                print(f"sanity: totals of concord and {n} agree on {agree}/{len(base)} sampled {CLASS_NAMES[cls]} "
                      f"queries (analysis differs slightly between engines)")


def main():
    parser = argparse.ArgumentParser(description="Concord vs tantivy vs SQLite FTS5 vs PISA, one run.")
    parser.add_argument("--corpus", help="a JSONL corpus, plain or .gz (default: DATA/debian.jsonl, built from apt lists)")
    parser.add_argument("--speed-corpus", action="store_true",
                        help="the ~450k-document corpus of ../shared/scripts/build_speed_corpus.py (made once in DATA)")
    parser.add_argument("--data-dir", default=os.environ.get("CONCORD_BENCH_DIR", "/work/bench-data"),
                        help="where corpus, queries and indexes go (outside the repository)")
    parser.add_argument("--quick", action="store_true", help="10,000-document subset")
    parser.add_argument("--queries", help="a queries JSONL file (default: drawn from the corpus, seeded)")
    parser.add_argument("--per-class", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7,
                        help="timed passes over the whole log per engine, interleaved; each query's best is kept")
    parser.add_argument("--build-rounds", type=int, default=3, help="full builds per engine, interleaved; best kept")
    parser.add_argument("--engines", default="concord,tantivy,fts5,pisa",
                        help="comma-separated; pisa is skipped with a note when pyterrier-pisa cannot load")
    parser.add_argument("--skip-add", action="store_true", help="leave out the add-1%% measurement")
    parser.add_argument("--concord", help="the concord binary (default .build/release/concord, built if missing)")
    parser.add_argument("--baseline", help="another concord binary (say, main's) measured in the same run, as `baseline`")
    parser.add_argument("--json", help="also write the full report as JSON to this file")
    args = parser.parse_args()

    os.makedirs(args.data_dir, exist_ok=True)
    corpus = args.corpus or (speed_corpus(args.data_dir) if args.speed_corpus
                             else os.path.join(args.data_dir, "debian.jsonl"))
    if not os.path.exists(corpus):
        if args.corpus:
            sys.exit(f"error: no corpus at {corpus}")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make_debian_corpus.py"), corpus],
                       check=True)
    records = load(corpus, args.quick)
    tag = os.path.basename(corpus).split(".")[0] + ("-quick" if args.quick else "")
    queries_file = args.queries or os.path.join(args.data_dir, f"queries9-{tag}.jsonl")
    if not os.path.exists(queries_file):
        queries = make_queries.draw(records, args.per_class, seed=7)
        with open(queries_file, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(q) + "\n" for q in queries)
    with open(queries_file, encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]
    rare = make_queries.rare_terms(records, 20, seed=11)

    chosen = []
    if args.baseline:
        baseline = engines.ConcordEngine(concord_cli.locate(args.baseline))
        baseline.name = "baseline"
        chosen.append(baseline)
    for name in args.engines.split(","):
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
        elif name == "pisa":
            try:
                import pyterrier_pisa  # noqa: F401
                chosen.append(engines.PisaEngine())
            except Exception as error:  # noqa: BLE001 - any import failure means PISA cannot run here
                print(f"note: PISA left out: pyterrier-pisa does not load here ({error})", file=sys.stderr)
        else:
            sys.exit(f"error: unknown engine {name}")

    work = os.path.join(args.data_dir, "run")
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "corpus": corpus, "documents": len(records),
        "corpus_mb": sum(len(json.dumps(r, ensure_ascii=False).encode()) + 1 for r in records) / 1e6,
        "queries_file": queries_file, "query_count": len(queries), "rounds": args.rounds,
        "build_rounds": args.build_rounds, "rare_terms": len(rare),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                   f"SQLite {sqlite3.sqlite_version}",
        "engines": {},
    }
    builds = build_all(chosen, records, work, args.build_rounds)
    for engine in chosen:
        print(f"[{engine.name}] open + rare-term search in fresh processes ...", file=sys.stderr)
        builds[engine.name]["load"]["open"] = load_average()
        builds[engine.name]["open_ms"], builds[engine.name]["open_cpu_ms"] = engine.open_and_search(rare)
    latencies = interleaved_latencies(chosen, builds, queries, args.rounds)
    for engine in chosen:
        report["engines"][engine.name] = run_engine(engine, builds[engine.name], records, queries, work, args.skip_add,
                                                    latencies[engine.name])
    shutil.rmtree(work, ignore_errors=True)
    print_report(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
