#!/usr/bin/env python3
"""Cost of one CLI search in a fresh process (opening the index included), and the time of queries at and
past the query limits.

Usage: Scripts/bench/open_cost.py --index INDEX [--concord BINARY] [--runs 25] [--query zstd]

Prints, for `concord search QUERY` run RUNS times in fresh processes, the median wall time and the median
CPU time (user + system, less sensitive to other load); then the wall time of `--batch` answers to a 1 MB
phrase, a 64 KiB phrase and a phrase at the term limit (made-up words, so the last one has no hits).
Compare two builds by passing each its own --concord and --index (index formats differ between versions).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concord_cli  # noqa: E402


def fresh_search(binary, index, query, runs):
    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([binary, "search", query, "--index", index],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"error: concord search {query!r} failed")
    return statistics.median(walls), statistics.median(cpus)


def batch_time(binary, index, query):
    started = time.perf_counter()
    result = subprocess.run([binary, "search", "--batch", "--index", index, "--no-snippets"],
                            input=(query + "\n").encode(), capture_output=True)
    answer = result.stdout.decode()
    return (time.perf_counter() - started) * 1000, '"error"' in answer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True)
    parser.add_argument("--concord")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--query", default="zstd")
    args = parser.parse_args()
    binary = concord_cli.locate(args.concord)
    wall, cpu = fresh_search(binary, args.index, args.query, args.runs)
    print(f"search {args.query!r} in a fresh process: median wall {wall:.1f} ms, median CPU {cpu:.1f} ms ({args.runs} runs)")
    words = " ".join(f"x{i}" for i in range(200_000))
    for label, query in [("1 MB phrase", '"' + words[:1_000_000] + '"'),
                         ("64 KiB phrase", '"' + words[:65_000] + '"'),
                         ("1024-word phrase", '"' + " ".join(f"x{i}" for i in range(1024)) + '"')]:
        elapsed, refused = batch_time(binary, args.index, query)
        print(f"{label:17} {len(query.encode()):>9} bytes: {elapsed:7.1f} ms wall ({'refused' if refused else 'answered'})")


if __name__ == "__main__":
    main()
