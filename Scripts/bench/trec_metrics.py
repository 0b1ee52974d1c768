"""Relevance metrics with trec_eval's definitions (stdlib only).

A run is a dict qid -> list of doc ids in rank order (rank 1 first). Qrels are
a dict qid -> {docid: grade}; a grade > 0 is relevant, and the grade is the gain
for nDCG. Queries are evaluated when they have at least one relevant judgment;
a query missing from the run counts as an empty ranking (trec_eval -c).
"""

import math


def read_qrels(path):
    """Reads TREC qrels (`qid iter docid grade`); the last judgment of a pair wins."""
    qrels = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise ValueError(f"{path}:{number}: expected 'qid iter docid grade', got {line.strip()!r}")
            qid, _, docid, grade = parts
            qrels.setdefault(qid, {})[docid] = int(grade)
    return qrels


def dcg(gains):
    """Discounted cumulative gain: sum of gain / log2(rank + 1), ranks from 1."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, 1))


def ndcg_at(ranking, judgments, cutoff):
    """nDCG@cutoff; the ideal ranking orders every judged relevant doc by grade."""
    gains = [max(judgments.get(doc, 0), 0) for doc in ranking[:cutoff]]
    ideal = sorted((g for g in judgments.values() if g > 0), reverse=True)[:cutoff]
    best = dcg(ideal)
    return dcg(gains) / best if best > 0 else 0.0


def average_precision(ranking, judgments, cutoff=1000):
    """Mean of precision at each relevant retrieved rank, over all relevant docs."""
    relevant = sum(1 for g in judgments.values() if g > 0)
    if relevant == 0:
        return 0.0
    found = 0
    total = 0.0
    for rank, doc in enumerate(ranking[:cutoff], 1):
        if judgments.get(doc, 0) > 0:
            found += 1
            total += found / rank
    return total / relevant


def precision_at(ranking, judgments, cutoff):
    """Relevant docs among the first `cutoff`, divided by `cutoff` even if fewer were returned."""
    return sum(1 for doc in ranking[:cutoff] if judgments.get(doc, 0) > 0) / cutoff


def recall_at(ranking, judgments, cutoff):
    """Relevant docs among the first `cutoff`, divided by all relevant docs of the query."""
    relevant = sum(1 for g in judgments.values() if g > 0)
    if relevant == 0:
        return 0.0
    return sum(1 for doc in ranking[:cutoff] if judgments.get(doc, 0) > 0) / relevant


METRICS = ("ndcg@10", "map", "p@10", "recall@100")


def per_query(ranking, judgments):
    """All reported metrics for one query."""
    return {
        "ndcg@10": ndcg_at(ranking, judgments, 10),
        "map": average_precision(ranking, judgments, 1000),
        "p@10": precision_at(ranking, judgments, 10),
        "recall@100": recall_at(ranking, judgments, 100),
    }


def evaluate(run, qrels):
    """Returns (means, per-query dict) over queries that have a relevant judgment."""
    judged = sorted((q for q, j in qrels.items() if any(g > 0 for g in j.values())), key=_natural)
    scores = {q: per_query(_dedupe(run.get(q, [])), qrels[q]) for q in judged}
    count = len(scores)
    means = {m: (sum(s[m] for s in scores.values()) / count if count else 0.0) for m in METRICS}
    means["queries"] = count
    return means, scores


def _dedupe(ranking):
    seen = set()
    result = []
    for doc in ranking:
        if doc not in seen:
            seen.add(doc)
            result.append(doc)
    return result


def _natural(qid):
    return (0, int(qid), "") if qid.isdigit() else (1, 0, qid)


def self_test():
    """Checks the metrics on small hand-worked cases; returns a list of failures."""
    failures = []

    def close(name, got, want):
        if abs(got - want) > 1e-9:
            failures.append(f"{name}: got {got!r}, want {want!r}")

    judgments = {"a": 3, "b": 1, "c": 2, "z": 0}
    # Ranking: c (2), x (unjudged), a (3), z (judged non-relevant).
    ranking = ["c", "x", "a", "z"]
    close("dcg", dcg([2, 0, 3]), 2 / 1 + 0 + 3 / 2)
    ideal = 3 + 2 / math.log2(3) + 1 / 2
    close("ndcg@10", ndcg_at(ranking, judgments, 10), (2 + 3 / 2) / ideal)
    close("ndcg@1", ndcg_at(ranking, judgments, 1), 2 / 3)
    # Relevant at ranks 1 and 3 of 3 relevant docs: (1/1 + 2/3) / 3.
    close("ap", average_precision(ranking, judgments), (1 + 2 / 3) / 3)
    close("ap cutoff 2", average_precision(ranking, judgments, 2), 1 / 3)
    close("p@10", precision_at(ranking, judgments, 10), 0.2)
    close("p@2", precision_at(ranking, judgments, 2), 0.5)
    close("recall@100", recall_at(ranking, judgments, 100), 2 / 3)
    close("perfect ndcg", ndcg_at(["a", "c", "b"], judgments, 10), 1.0)
    close("empty ranking ap", average_precision([], judgments), 0.0)
    qrels = {"1": judgments, "2": {"q": 1}, "3": {"n": 0}}
    means, scores = evaluate({"1": ranking}, qrels)
    if means["queries"] != 2 or set(scores) != {"1", "2"}:
        failures.append(f"evaluate: judged queries {sorted(scores)}, want ['1', '2']")
    close("mean map with a missing query", means["map"], ((1 + 2 / 3) / 3) / 2)
    close("duplicates count once", average_precision(_dedupe(["a", "a", "b"]), {"a": 1, "b": 1}), 1.0)
    return failures
