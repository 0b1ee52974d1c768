#!/usr/bin/env python3
"""Splits the Debian corpus for the load test and writes wrk's request script.

usage: prepare.py DEBIAN.jsonl WORK

WORK/corpus/base.jsonl  every record but the last 2,000 (indexed before the server starts)
WORK/batch-a.jsonl      1,000 records, each also carrying the word "loadmarkeralpha" (the first commit)
WORK/batch-b.jsonl      1,000 records with "loadmarkerbravo" (the second commit)
WORK/paths.lua          wrk cycles through 400 requests: 85% /api/search, 15% the search page, with
                        one- and two-word queries taken from titles, pages 1-3, some sorted by date."""
import json
import os
import random
import sys

source, work = sys.argv[1], sys.argv[2]
records = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
os.makedirs(os.path.join(work, "corpus"), exist_ok=True)
base, batch_a, batch_b = records[:-2000], records[-2000:-1000], records[-1000:]
with open(os.path.join(work, "corpus", "base.jsonl"), "w", encoding="utf-8") as f:
    for record in base:
        f.write(json.dumps(record) + "\n")
for name, batch, marker in (("batch-a.jsonl", batch_a, "loadmarkeralpha"), ("batch-b.jsonl", batch_b, "loadmarkerbravo")):
    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
        for record in batch:
            record = dict(record)
            record["summary"] = (record.get("summary") or "") + " " + marker
            f.write(json.dumps(record) + "\n")

rng = random.Random(7)
words = [w.lower() for r in base[::37] for w in (r.get("title") or "").replace("—", " ").split()
         if w.isalpha() and 4 <= len(w) <= 12]
paths = []
for i in range(400):
    query = rng.choice(words) if i % 3 else rng.choice(words) + "+" + rng.choice(words)
    page = 1 + i % 3
    sort = "&sort=-date" if i % 10 == 0 else ""
    if i % 7 == 0:
        paths.append(f"/?q={query}&page={page}{sort}")
    else:
        paths.append(f"/api/search?q={query}&page={page}{sort}")
with open(os.path.join(work, "paths.lua"), "w", encoding="utf-8") as f:
    f.write("local paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\n")
    f.write("local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
