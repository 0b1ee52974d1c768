#!/usr/bin/env python3
"""Builds a JSONL corpus of Debian package descriptions from the local apt lists.

Usage: Scripts/bench/make_debian_corpus.py OUT.jsonl [--update]

Each package (deduplicated by name; the first stanza of `apt-cache dumpavail` wins) becomes
{"id": "deb/<package>", "title": "<package> — <short description>", "date": null,
 "summary": <first paragraph of the long description>, "body": <the other paragraphs>}.
Long descriptions come from the English translation lists (Translation-en, matched by
Description-md5) because the Packages lists carry only the short line. Documents are written
sorted by package name, so the same apt lists always give the same file.
"""

import argparse
import glob
import json
import os
import subprocess
import sys

LISTS = "/var/lib/apt/lists"


def stanzas(text):
    """Yields dicts of the fields of each deb822 stanza; continuation lines keep their leading space."""
    fields = {}
    last = None
    for line in text.splitlines():
        if not line.strip():
            if fields:
                yield fields
            fields, last = {}, None
        elif line[0] in " \t":
            if last:
                fields[last] += "\n" + line
        else:
            name, _, value = line.partition(":")
            last = name.strip()
            fields[last] = value.strip()
    if fields:
        yield fields


def paragraphs(description):
    """Splits a Debian extended description (continuation lines) into paragraphs of plain text."""
    result, current = [], []
    for line in description.split("\n"):
        line = line[1:] if line.startswith(" ") else line
        if line.strip() == ".":
            if current:
                result.append(" ".join(current))
            current = []
        elif line.strip():
            current.append(line.strip())
    if current:
        result.append(" ".join(current))
    return result


def read_list(path):
    """Returns a list file's text, decompressing .lz4/.gz/.xz through apt-helper."""
    result = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True, check=True)
    return result.stdout.decode("utf-8", errors="replace")


def long_descriptions():
    """Description-md5 -> long description (continuation lines), from every Translation-en list."""
    table = {}
    for path in sorted(glob.glob(os.path.join(LISTS, "*_i18n_Translation-en*"))):
        for fields in stanzas(read_list(path)):
            text = fields.get("Description-en", "")
            md5 = fields.get("Description-md5")
            if md5 and "\n" in text:
                table.setdefault(md5, text.split("\n", 1)[1])
    return table


def dumpavail():
    return subprocess.run(["apt-cache", "dumpavail"], capture_output=True, check=True).stdout.decode(
        "utf-8", errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--update", action="store_true", help="run apt-get update first")
    args = parser.parse_args()
    text = ""
    if not args.update:
        text = dumpavail()
    if args.update or "Package:" not in text:
        print("running apt-get update ...", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq", "-o", "Acquire::Languages=en"], check=True)
        text = dumpavail()
    if not glob.glob(os.path.join(LISTS, "*_i18n_Translation-en*")):
        # Images that set Acquire::Languages "none" fetch no translation lists: ask for English ones.
        print("no Translation-en lists: running apt-get update -o Acquire::Languages=en ...", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq", "-o", "Acquire::Languages=en"], check=True)
    longs = long_descriptions()
    packages = {}
    missing_long = 0
    for fields in stanzas(text):
        name = fields.get("Package")
        if not name or name in packages:
            continue
        short, _, inline_long = fields.get("Description", "").partition("\n")
        extended = inline_long or longs.get(fields.get("Description-md5", ""), "")
        if not extended:
            missing_long += 1
        parts = paragraphs(extended)
        packages[name] = {
            "id": f"deb/{name}",
            "title": f"{name} — {short.strip()}",
            "date": None,
            "summary": parts[0] if parts else "",
            "body": "\n\n".join(parts[1:]),
        }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for name in sorted(packages):
            handle.write(json.dumps(packages[name], ensure_ascii=False) + "\n")
    size = os.path.getsize(args.out)
    print(f"{args.out}: {len(packages)} documents, {size / 1e6:.1f} MB "
          f"({missing_long} without a long description)", file=sys.stderr)
    if len(packages) < 60000:
        print(f"warning: only {len(packages)} packages in the apt lists (aimed for >= 60,000)", file=sys.stderr)


if __name__ == "__main__":
    main()
