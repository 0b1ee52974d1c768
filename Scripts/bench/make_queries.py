#!/usr/bin/env python3
"""Draws a fixed, seeded benchmark query set from a JSONL corpus.

Usage: Scripts/bench/make_queries.py CORPUS.jsonl OUT.jsonl [--per-class 200] [--seed 7]

Writes one JSON object per line: {"class": "term"|"or"|"and"|"phrase", "terms": [...]}.
Words are lowercase ASCII letters (3+), not stop words, with a document frequency between
0.1% and 5% of the corpus (mid-frequency). ORs pair two random such words; ANDs pair two
words taken from the same document (so at least one document matches); phrases are adjacent
word pairs that occur in at least 5 documents. Engines render the terms in their own syntax.
"""

import argparse
import json
import random
import re

STOP_WORDS = set("a an and are as at be but by for if in into is it no not of on or such that the their "
                 "then there these they this to was will with near".split())
TOKEN = re.compile(r"[a-z]+|[^a-z\s]")
CLASSES = ("term", "or", "and", "phrase")


def usable(word):
    return len(word) >= 3 and word not in STOP_WORDS


def document_tokens(record):
    text = " \n ".join(record.get(f) or "" for f in ("title", "summary", "body")).lower()
    return TOKEN.findall(text)


def draw(records, per_class, seed):
    rng = random.Random(seed)
    n = len(records)
    df, bigram_df, doc_words = {}, {}, []
    for record in records:
        tokens = document_tokens(record)
        words = {t for t in tokens if t.isalpha() and usable(t)}
        doc_words.append(sorted(words))
        for w in words:
            df[w] = df.get(w, 0) + 1
        pairs = {(a, b) for a, b in zip(tokens, tokens[1:])
                 if a.isalpha() and b.isalpha() and usable(a) and usable(b) and a != b}
        for pair in pairs:
            bigram_df[pair] = bigram_df.get(pair, 0) + 1
    low, high = max(2, n // 1000), max(3, n // 20)
    mid = sorted(w for w, c in df.items() if low <= c <= high)
    if len(mid) < 2:
        raise SystemExit("error: the corpus is too small to draw mid-frequency terms")
    mid_set = set(mid)
    queries = [{"class": "term", "terms": [w]} for w in rng.sample(mid, min(per_class, len(mid)))]
    for _ in range(per_class):
        a, b = rng.sample(mid, 2)
        queries.append({"class": "or", "terms": [a, b]})
    made = 0
    while made < per_class:
        words = [w for w in doc_words[rng.randrange(n)] if w in mid_set]
        if len(words) >= 2:
            queries.append({"class": "and", "terms": rng.sample(words, 2)})
            made += 1
    phrases = sorted(p for p, c in bigram_df.items() if c >= 5 and df[p[0]] <= high * 4 and df[p[1]] <= high * 4)
    for a, b in rng.sample(phrases, min(per_class, len(phrases))):
        queries.append({"class": "phrase", "terms": [a, b]})
    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--per-class", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    queries = draw(records, args.per_class, args.seed)
    with open(args.out, "w", encoding="utf-8") as handle:
        for query in queries:
            handle.write(json.dumps(query) + "\n")


if __name__ == "__main__":
    main()
