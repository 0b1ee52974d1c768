#!/usr/bin/env python3
"""Draws a fixed, seeded benchmark query set from a JSONL corpus.

Usage: Scripts/bench/make_queries.py CORPUS.jsonl OUT.jsonl [--per-class 200] [--seed 7]

Writes one JSON object per line: {"class": CLASS, "terms": [...]}; engines render the terms in their
own syntax (see engines.py). The classes (issue 8):

  term     one mid-frequency word
  or2/or3  two or three random mid-frequency words, ranked OR
  and2     two mid-frequency words taken from the same document, both required
  phrase2  two adjacent words seen in at least 5 documents (stop words allowed, not both)
  phrase3  three adjacent words seen in at least 3 documents (stop words allowed, one content word at least)
  known    a known-item query: a record's title words (5 to 15 words), ranked OR
  reqopt   required + optional: two words of one document, the first required
  not      negation: two words of one document, the second excluded

Mid-frequency words are lowercase ASCII letters (3+), not stop words, with a document frequency
between 0.1% and 5% of the corpus. Phrase candidates are counted on a seeded sample of at most
20,000 documents, so drawing stays fast on large corpora. `rare_terms` picks words that occur in
one to three documents, for the open + rare-term measurement.
"""

import argparse
import json
import random
import re

STOP_WORDS = set("a an and are as at be but by for if in into is it no not of on or such that the their "
                 "then there these they this to was will with near".split())
TOKEN = re.compile(r"[a-z0-9]+|[^a-z0-9\s]")
CLASSES = ("term", "or2", "or3", "and2", "phrase2", "phrase3", "known", "reqopt", "not")
CLASS_NAMES = {"term": "single term", "or2": "two-word OR", "or3": "three-word OR", "and2": "two-word AND",
               "phrase2": "two-word phrase", "phrase3": "three-word phrase", "known": "known item (title)",
               "reqopt": "required + optional", "not": "negation"}
PHRASE_SAMPLE = 20_000


def usable(word):
    return len(word) >= 3 and word.isalpha() and word not in STOP_WORDS


def document_tokens(record):
    text = " \n ".join(record.get(f) or "" for f in ("title", "summary", "body")).lower()
    return TOKEN.findall(text)


def title_words(record):
    return re.findall(r"[a-z0-9]+", (record.get("title") or "").lower())


def draw(records, per_class, seed):
    rng = random.Random(seed)
    n = len(records)
    df, doc_words = {}, []
    for record in records:
        words = {t for t in document_tokens(record) if usable(t)}
        doc_words.append(words)
        for w in words:
            df[w] = df.get(w, 0) + 1
    low, high = max(2, n // 1000), max(3, n // 20)
    mid = sorted(w for w, c in df.items() if low <= c <= high)
    if len(mid) < 3:
        raise SystemExit("error: the corpus is too small to draw mid-frequency terms")
    mid_set = set(mid)
    queries = [{"class": "term", "terms": [w]} for w in rng.sample(mid, min(per_class, len(mid)))]
    for size in (2, 3):
        for _ in range(per_class):
            queries.append({"class": f"or{size}", "terms": rng.sample(mid, size)})

    def same_document_pairs(cls):
        made = 0
        while made < per_class:
            words = sorted(w for w in doc_words[rng.randrange(n)] if w in mid_set)
            if len(words) >= 2:
                queries.append({"class": cls, "terms": rng.sample(words, 2)})
                made += 1

    same_document_pairs("and2")

    sample = rng.sample(range(n), min(n, PHRASE_SAMPLE))
    scale = n / len(sample)
    grams = {2: {}, 3: {}}
    for i in sample:
        tokens = document_tokens(records[i])
        for size in (2, 3):
            seen = set()
            for k in range(len(tokens) - size + 1):
                gram = tuple(tokens[k:k + size])
                if not all(t.isalpha() for t in gram):
                    continue
                content = sum(1 for t in gram if usable(t))
                if content == 0 or (size == 2 and gram[0] == gram[1]):
                    continue
                seen.add(gram)
            for gram in seen:
                grams[size][gram] = grams[size].get(gram, 0) + 1
    for size, minimum in ((2, 5), (3, 3)):
        # Document frequency estimated from the sample; very common grams (over 5% of documents) are left out.
        pool = sorted(g for g, c in grams[size].items()
                      if c * scale >= minimum and c >= 1 and c * scale <= n / 20 * 4)
        for gram in rng.sample(pool, min(per_class, len(pool))):
            queries.append({"class": f"phrase{size}", "terms": list(gram)})

    titled = [i for i, r in enumerate(records) if 5 <= len(title_words(r)) <= 15]
    for i in rng.sample(titled, min(per_class, len(titled))):
        queries.append({"class": "known", "terms": title_words(records[i]), "id": records[i].get("id")})

    same_document_pairs("reqopt")
    same_document_pairs("not")
    return queries


def rare_terms(records, count, seed):
    """Words (letters only, 4+) in one to three documents, seeded."""
    df = {}
    for record in records:
        for w in {t for t in document_tokens(record) if len(t) >= 4 and t.isalpha()}:
            df[w] = df.get(w, 0) + 1
    rare = sorted(w for w, c in df.items() if c <= 3 and w not in STOP_WORDS)
    return random.Random(seed).sample(rare, min(count, len(rare)))


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
