#!/usr/bin/env python3
"""Writes the browser test's sample corpus: 34 dated records about a harbour's convoys (enough for
four result pages), spread over three decades, and one record with a hostile title."""
import json
import os
import sys

folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
records = []
for i in range(34):
    year = 1941 + (i * 7) % 29
    records.append({
        "id": f"convoy-{i:02d}",
        "title": f"Harbour log {i}: the convoy of {year}",
        "date": f"{year}-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
        "summary": f"The convoy left the harbour with {i + 2} ships; the pilot noted fog and a late tide.",
        "body": f"Entry {i}. The harbour master counted the convoy out at dawn.\n\nReturn expected within the week.",
        "collection": "harbour" if i % 3 else "admiralty",
    })
records.append({
    "id": "hostile-title",
    "title": "<script>alert(1)</script> convoy <img src=x onerror=alert(2)>",
    "date": "1950-10-08",
    "summary": "A convoy record whose title is markup; it must show as text.",
    "body": "",
})
with open(os.path.join(folder, "harbour.jsonl"), "w", encoding="utf-8") as f:
    for record in records:
        f.write(json.dumps(record) + "\n")
