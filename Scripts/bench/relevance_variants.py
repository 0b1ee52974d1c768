#!/usr/bin/env python3
"""Re-ranks a test collection with BM25 variants over Concord's own tokens, to see what moves nDCG.

Usage: Scripts/bench/relevance_variants.py DIR [--concord PATH]

Tokens come from `concord analyze --format json` (one process per collection: all texts are
joined with a separator word), so stemming and stop words are exactly Concord's. The script then
scores every document in Python. The first row reproduces Concord's BM25F (title 2, summary 1,
body 1, k1 1.2, b 0.75, each distinct query term once); the others change one thing at a time.
This is a diagnostic for the ranking formula, not a second engine.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concord_cli  # noqa: E402
import trec_metrics  # noqa: E402

SEPARATOR = "zqxjseparatorzqxj"


def analyze_all(binary, texts):
    """Returns (terms, stop flags) per text, from one `concord analyze` run."""
    joined = f" {SEPARATOR} ".join(t.replace(SEPARATOR, " ") for t in texts)
    out = subprocess.run([binary, "analyze", "--format", "json"], input=joined, capture_output=True,
                         text=True, check=True).stdout
    tokens = json.loads(out)
    result = [([], [])]
    for token in tokens:
        if token["term"] == SEPARATOR:
            result.append(([], []))
        else:
            result[-1][0].append(token["term"])
            result[-1][1].append(token["stop"])
    if len(result) != len(texts):
        raise RuntimeError(f"analyze gave {len(result)} texts for {len(texts)}")
    return result


def query_terms(analyzed, keep_repeats):
    terms, stops = analyzed
    content = [t for t, s in zip(terms, stops) if not s]
    if not content:
        content = list(terms)
    if keep_repeats:
        return content
    seen = []
    for t in content:
        if t not in seen:
            seen.append(t)
    return seen


def rank(docs, queries, weights, k1, b, flat):
    """docs: list of (id, [field term lists]); returns run qid -> ranked ids (top 1000)."""
    fields = 1 if flat else 3
    if flat:
        docs = [(i, [sum(f, [])]) for i, f in docs]
        weights = [1.0]
    n = len(docs)
    avg = [sum(len(f[x]) for _, f in docs) / n for x in range(fields)]
    tfs = []
    df = {}
    for _, field_terms in docs:
        counts = []
        present = set()
        for terms in field_terms:
            c = {}
            for t in terms:
                c[t] = c.get(t, 0) + 1
            counts.append(c)
            present.update(c)
        tfs.append(counts)
        for t in present:
            df[t] = df.get(t, 0) + 1
    norms = [[(1 - b + b * len(f[x]) / avg[x]) if avg[x] > 0 else 1.0 for x in range(fields)] for _, f in docs]
    run = {}
    for qid, terms in queries:
        scores = [0.0] * n
        for t in terms:
            nt = df.get(t, 0)
            if nt == 0:
                continue
            idf = math.log(1 + (n - nt + 0.5) / (nt + 0.5))
            for d in range(n):
                pf = 0.0
                for x in range(fields):
                    tf = tfs[d][x].get(t)
                    if tf:
                        pf += weights[x] * tf / norms[d][x]
                if pf:
                    scores[d] += idf * pf * (k1 + 1) / (pf + k1)
        order = sorted((d for d in range(n) if scores[d] > 0), key=lambda d: -scores[d])[:1000]
        run[qid] = [docs[d][0] for d in order]
    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--concord")
    args = parser.parse_args()
    binary = concord_cli.locate(args.concord)
    with open(os.path.join(args.collection, "docs.jsonl"), encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    queries = []
    with open(os.path.join(args.collection, "queries.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                qid, _, text = line.rstrip("\n").partition("\t")
                queries.append((qid.strip(), re.sub(r"[\W_]+", " ", text)))
    qrels = trec_metrics.read_qrels(os.path.join(args.collection, "qrels.txt"))
    texts = []
    for r in records:
        texts += [r.get("title") or "", r.get("summary") or "", r.get("body") or ""]
    texts += [q for _, q in queries]
    analyzed = analyze_all(binary, texts)
    docs = [(r["id"], [analyzed[3 * i][0], analyzed[3 * i + 1][0], analyzed[3 * i + 2][0]])
            for i, r in enumerate(records)]
    base = 3 * len(records)
    variants = [
        ("Concord now: BM25F title 2, k1 1.2, b 0.75, distinct query terms", dict(weights=[2, 1, 1], k1=1.2, b=0.75, keep_repeats=False, flat=False)),
        ("  + repeated query terms count again (Lucene QueryParser)", dict(weights=[2, 1, 1], k1=1.2, b=0.75, keep_repeats=True, flat=False)),
        ("  title weight 1", dict(weights=[1, 1, 1], k1=1.2, b=0.75, keep_repeats=False, flat=False)),
        ("  title weight 1 + repeated query terms", dict(weights=[1, 1, 1], k1=1.2, b=0.75, keep_repeats=True, flat=False)),
        ("  k1 0.9, b 0.4", dict(weights=[2, 1, 1], k1=0.9, b=0.4, keep_repeats=False, flat=False)),
        ("flat field, k1 1.2, b 0.75, distinct terms", dict(weights=None, k1=1.2, b=0.75, keep_repeats=False, flat=True)),
        ("flat field, k1 1.2, b 0.75, repeated terms", dict(weights=None, k1=1.2, b=0.75, keep_repeats=True, flat=True)),
        ("flat field, k1 0.9, b 0.4, repeated terms", dict(weights=None, k1=0.9, b=0.4, keep_repeats=True, flat=True)),
        ("flat field, k1 0.9, b 0.4, distinct terms", dict(weights=None, k1=0.9, b=0.4, keep_repeats=False, flat=True)),
    ]
    print(f"{os.path.basename(os.path.normpath(args.collection))}: {'variant':<66}{'nDCG@10':>8}{'MAP':>8}{'P@10':>8}{'R@100':>8}")
    for name, v in variants:
        repeats = v.pop("keep_repeats")
        qs = [(qid, query_terms(analyzed[base + i], repeats)) for i, (qid, _) in enumerate(queries)]
        run = rank(docs, qs, **v)
        m, _ = trec_metrics.evaluate(run, qrels)
        print(f"  {name:<74}{m['ndcg@10']:>8.4f}{m['map']:>8.4f}{m['p@10']:>8.4f}{m['recall@100']:>8.4f}")


if __name__ == "__main__":
    main()
