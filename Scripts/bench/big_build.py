#!/usr/bin/env python3
"""Bounded-memory build at scale: makes a large corpus by repeating the ~450k-document speed corpus
with distinct ids, then builds it with Concord (`--ram-budget`) and, optionally, tantivy (the same
heap budget), reporting wall time, peak RSS, index size and open + rare-term search.

Usage (through the benchmark's Python environment, for tantivy):
  /work/bench-data/venv/bin/python Scripts/bench/big_build.py --documents 10000000 \
      [--data-dir /work/bench-data] [--ram-budget 256] [--engines concord,tantivy] [--concord PATH]

The corpus goes to DATA/big-<documents>/ as files of at most 1,000,000 documents each
(`part-0000.jsonl`, ...). Repetition k of a record gets the id `<id>~<k>` (k = 0 keeps the original
id), so every document is distinct for the index while the text, and so the vocabulary, repeats.
It is written once and reused. The speed corpus comes from ../shared/scripts/build_speed_corpus.py
(see run_benchmark.py --speed-corpus).
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concord_cli  # noqa: E402
import engines  # noqa: E402
import make_queries  # noqa: E402
import run_benchmark  # noqa: E402

PART = 1_000_000


def make_corpus(source, folder, documents):
    if os.path.exists(os.path.join(folder, "COMPLETE")):
        return
    os.makedirs(folder, exist_ok=True)
    with open(source, encoding="utf-8") as handle:
        base = [line.rstrip("\n") for line in handle if line.strip()]
    written, part, out = 0, 0, None
    k = 0
    while written < documents:
        for line in base:
            if written >= documents:
                break
            if written % PART == 0:
                if out:
                    out.close()
                out = open(os.path.join(folder, f"part-{part:04d}.jsonl"), "w", encoding="utf-8")
                part += 1
            if k:
                # Lines written by json.dumps start with the id: rewrite it without parsing the record.
                prefix = '{"id": "'
                end = line.find('"', len(prefix)) if line.startswith(prefix) else -1
                if end > 0 and "\\" not in line[len(prefix):end]:
                    line = line[:end] + f"~{k}" + line[end:]
                else:
                    record = json.loads(line)
                    record["id"] = f"{record['id']}~{k}"
                    line = json.dumps(record, ensure_ascii=False)
            out.write(line + "\n")
            written += 1
        k += 1
    if out:
        out.close()
    open(os.path.join(folder, "COMPLETE"), "w").close()


def with_time_v(command):
    """Runs `command` under /usr/bin/time -v; returns (seconds, peak RSS MB)."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    peak = next((int(line.split(":")[1]) for line in result.stderr.splitlines()
                 if "Maximum resident set size" in line), 0)
    return seconds, peak / 1024


TANTIVY_BUILD = """
import json, os, sys, tantivy
folder, index_path, heap = sys.argv[1], sys.argv[2], int(sys.argv[3])
builder = tantivy.SchemaBuilder()
builder.add_text_field("id", stored=True, tokenizer_name="raw")
for f in ("title", "summary", "body"):
    builder.add_text_field(f, stored=True, tokenizer_name="en_stem")
index = tantivy.Index(builder.build(), path=index_path)
writer = index.writer(heap_size=heap)
for name in sorted(os.listdir(folder)):
    if not name.endswith(".jsonl"):
        continue
    with open(os.path.join(folder, name), encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            writer.add_document(tantivy.Document(id=r["id"], title=r.get("title") or "",
                                                 summary=r.get("summary") or "", body=r.get("body") or ""))
writer.commit()
writer.wait_merging_threads()
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000_000)
    parser.add_argument("--data-dir", default=os.environ.get("CONCORD_BENCH_DIR", "/work/bench-data"))
    parser.add_argument("--ram-budget", type=int, default=256, help="MiB, for Concord's --ram-budget and tantivy's heap")
    parser.add_argument("--engines", default="concord,tantivy")
    parser.add_argument("--concord")
    args = parser.parse_args()

    source = run_benchmark.speed_corpus(args.data_dir)
    folder = os.path.join(args.data_dir, f"big-{args.documents}")
    print(f"corpus: {folder} ...", file=sys.stderr)
    make_corpus(source, folder, args.documents)
    with open(source, encoding="utf-8") as handle:
        rare = make_queries.rare_terms((json.loads(line) for line in handle if line.strip()), 10, seed=11)

    rows = []
    for name in args.engines.split(","):
        load = run_benchmark.load_average()
        target = os.path.join(args.data_dir, f"big-index-{name}")
        engines.remove(target)
        if name == "concord":
            binary = concord_cli.locate(args.concord)
            seconds, peak = with_time_v([binary, "index", "--corpus", folder, "--index", target, "--rebuild", "--quiet",
                                         "--language", "english", "--ram-budget", str(args.ram_budget)])
            engine = engines.ConcordEngine(binary)
            engine.index = target
        elif name == "tantivy":
            os.makedirs(target)
            seconds, peak = with_time_v([sys.executable, "-c", TANTIVY_BUILD, folder, target,
                                         str(args.ram_budget << 20)])
            engine = engines.TantivyEngine()
            engine.path = target
        else:
            sys.exit(f"error: unknown engine {name}")
        size = engines.folder_bytes(target)
        open_ms, open_cpu_ms = engine.open_and_search(rare)
        rows.append((name, seconds, peak, size / 1e6, open_ms, open_cpu_ms, load))
        print(f"[{name}] build {seconds:.1f} s, peak RSS {peak:.0f} MB, size {size / 1e6:.0f} MB, "
              f"open+rare {open_ms:.1f} ms wall, {open_cpu_ms:.1f} ms CPU (load {load:.2f})", file=sys.stderr)
    print(f"{args.documents:,} documents ({folder}), --ram-budget / heap {args.ram_budget} MiB")
    print(f"{'engine':<10}{'build (s)':>12}{'peak RSS (MB)':>15}{'size (MB)':>12}{'open+rare wall (ms)':>21}"
          f"{'CPU (ms)':>10}{'load':>8}")
    for name, seconds, peak, size, open_ms, open_cpu_ms, load in rows:
        print(f"{name:<10}{seconds:>12.1f}{peak:>15.0f}{size:>12.0f}{open_ms:>21.1f}{open_cpu_ms:>10.1f}{load:>8.2f}")


if __name__ == "__main__":
    main()
