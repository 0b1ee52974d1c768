#!/usr/bin/env python3
"""Drives headless Chromium through Concord's search pages and checks what it rendered.

usage: drive_chromium.py BASE_URL OUTPUT_FOLDER PROFILE_FOLDER

Each page is loaded by Chromium (`--dump-dom` gives the DOM it built, `--screenshot` a PNG); links are
followed by reading their href from that DOM, as a user clicking them would. Expected values come from
the server's own JSON API, so the checks hold for any corpus."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

base, out, profile = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def chromium(*args):
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    if result.returncode != 0:
        raise SystemExit(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


class Page(HTMLParser):
    """The parts of a rendered page the checks look at."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.links = []          # (href, rel, text, enclosing classes)
        self.texts = {}          # element id or class → text
        self.marks = 0
        self.scripts = 0
        self.hits = 0
        self.inputs = {}
        self.current_link = None
        self.capture = []
        self.feed(html)

    def classes(self):
        return [c for _, attrs in self.stack for c in (attrs.get("class") or "").split()]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "meta", "link", "img", "br"):
            if tag == "input" and attrs.get("id"):
                self.inputs[attrs["id"]] = attrs.get("value", "")
            if tag == "img":
                self.scripts += 1   # the hostile title's <img onerror> must never become an element
            return
        self.stack.append((tag, attrs))
        if tag == "mark":
            self.marks += 1
        if tag == "script":
            self.scripts += 1
        if tag == "li" and "hit" in (attrs.get("class") or ""):
            self.hits += 1
        if tag == "a":
            self.current_link = [attrs.get("href", ""), attrs.get("rel", ""), "", self.classes()]
        key = attrs.get("id") or None
        self.capture.append([key, ""])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            key, text = self.capture.pop()
            if key:
                self.texts[key] = text.strip()
            if self.capture:
                self.capture[-1][1] += text
            if open_tag == "a" and self.current_link is not None:
                self.current_link[2] = text.strip()
                self.links.append(tuple(self.current_link))
                self.current_link = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.capture:
            self.capture[-1][1] += data

    def link(self, rel=None, inside=None, prefix=None):
        for href, link_rel, text, classes in self.links:
            if rel is not None and link_rel != rel:
                continue
            if inside is not None and inside not in classes:
                continue
            if prefix is not None and not href.startswith(prefix):
                continue
            return href, text
        return None


def load(path):
    url = urllib.parse.urljoin(base, path)
    return Page(chromium("--dump-dom", url)), url


def api(path):
    with urllib.request.urlopen(urllib.parse.urljoin(base, path), timeout=30) as response:
        return json.load(response)


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


def screenshot(url, name, width, height):
    path = os.path.join(out, name)
    chromium(f"--screenshot={path}", f"--window-size={width},{height}", "--hide-scrollbars", url)
    check(os.path.getsize(path) > 10_000, f"screenshot {name} saved ({os.path.getsize(path)} bytes)")


# 0. Slow and malformed clients do not stall the others: 40 connections that send half a request
# head and stop, and one that sends garbage, while a normal request is answered at once.
parsed = urllib.parse.urlparse(base)
stalled = []
for _ in range(40):
    s = socket.create_connection((parsed.hostname, parsed.port), timeout=5)
    s.sendall(b"GET /?q=convoy HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    stalled.append(s)
garbage = socket.create_connection((parsed.hostname, parsed.port), timeout=5)
garbage.sendall(b"\x16\x03\x01 this is not HTTP\r\n\r\n")
started = time.time()
quick = api("/api/search?q=convoy&limit=1")
check(time.time() - started < 2 and quick["total"] > 0,
      f"a request is answered while 40 clients stall ({time.time() - started:.3f} s)")
try:
    reply = garbage.recv(200)
    check(reply == b"" or reply.startswith(b"HTTP/1.1 4"), f"a malformed request gets an error or a close ({reply[:30]!r})")
except OSError:
    check(True, "a malformed request's connection is closed")
for s in stalled + [garbage]:
    s.close()

# 1. Search.
expected = api("/api/search?q=convoy")
total = expected["total"]
page, url = load("/?q=convoy")
check(page.texts.get("range") == f"Results 1–10 of {total}", f"range line: {page.texts.get('range')!r}")
check(page.hits == 10, f"10 hits on the page ({page.hits})")
check(page.inputs.get("q") == "convoy", "the query stays in the search box")
check(page.marks >= 10, f"snippets highlight the query ({page.marks} marks)")
check(page.scripts == 0, "no script or img element came from the corpus")
titles = [text for href, _, text, classes in page.links if href.startswith("/records/")]
check(titles == [r["title"] or r["id"] for r in expected["results"]], "titles link to records, in the API's order")
check(any("<script>alert(1)</script>" in t for t in titles) or
      all("<script>" not in r["title"] for r in expected["results"]), "a hostile title shows as text")
screenshot(url, "results-wide.png", 1280, 1500)
screenshot(url, "results-phone.png", 390, 1400)

# 2. A page link.
next_link = page.link(rel="next")
check(next_link is not None, "a Next page link")
if next_link:
    page2, _ = load(next_link[0])
    check(page2.texts.get("range") == f"Results 11–20 of {total}", f"page 2 range line: {page2.texts.get('range')!r}")
    check(page2.link(rel="prev") is not None and page2.link(rel="first") is not None, "page 2 links back")

# 3. A facet link (when the engine counts facets).
faceted = api("/api/search?q=convoy&facet=decade")
counts = (faceted.get("facets") or {}).get("decade") or []
if counts:
    facet = page.link(inside="facet")
    check(facet is not None, "a facet list with links")
    if facet:
        narrowed, _ = load(facet[0])
        value = facet[1].split()[0]
        count = next((c["count"] for c in counts if c["value"] == value), None)
        check(narrowed.texts.get("range", "").endswith(f"of {count}"),
              f"facet {value} narrows to its {count} hits: {narrowed.texts.get('range')!r}")
        check(narrowed.inputs.get("from", "") != "", "the facet's dates fill the From box")
else:
    print("note  the engine returns no facet counts yet; the facet step is skipped")

# 4. A record link.
record_href, record_title = page.link(prefix="/records/")
record, record_url = load(record_href)
check(record.texts.get("record-title") == record_title, f"record page title: {record.texts.get('record-title')!r}")
check(record.marks >= 1, "the record page highlights the query's words")
check(record.link(prefix="/?q=convoy") is not None, "the record page links back to the results")
screenshot(record_url, "record.png", 1280, 1100)
hostile, _ = load("/records/hostile-title?q=convoy")
if hostile.texts.get("record-title"):
    check("<script>alert(1)</script>" in hostile.texts["record-title"] and hostile.scripts == 0,
          "the hostile record's title is text")

if failures:
    print(f"browser-test: {len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print(f"browser-test: all checks passed; screenshots in {out}")
