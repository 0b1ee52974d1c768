"""Finding (and building when missing) the release `concord` binary, and running it."""

import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BINARY = os.path.join(REPO, ".build", "release", "concord")


def locate(path=None, build=True):
    """Returns the binary to use; builds the release product when the default one is missing."""
    if path:
        if not os.access(path, os.X_OK):
            sys.exit(f"error: --concord {path} is not an executable file")
        return path
    if not os.access(DEFAULT_BINARY, os.X_OK):
        if not build:
            sys.exit(f"error: {DEFAULT_BINARY} is missing; run Scripts/build-release")
        print("building concord (Scripts/build-release) ...", file=sys.stderr)
        result = subprocess.run([os.path.join(REPO, "Scripts", "build-release"), "concord"], cwd=REPO)
        if result.returncode != 0 or not os.access(DEFAULT_BINARY, os.X_OK):
            sys.exit("error: the release build failed")
    return DEFAULT_BINARY


def index(binary, corpus, index_dir, rebuild=False, language="english"):
    """Runs `concord index`; raises with the tool's stderr when it fails."""
    command = [binary, "index", "--corpus", corpus, "--index", index_dir, "--quiet"]
    if rebuild:
        command.append("--rebuild")
    if language:
        command += ["--language", language]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"concord index failed ({result.returncode}): {result.stderr.strip()}")


def stats(binary, index_dir):
    result = subprocess.run([binary, "stats", "--index", index_dir, "--format", "json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def accepts(binary, command, option):
    """Whether `binary`'s `command` takes `option` (an older build, e.g. a --baseline, may not)."""
    result = subprocess.run([binary, command, "--help"], capture_output=True, text=True)
    return option in result.stdout


def batch_search(binary, index_dir, queries, limit, snippets=True):
    """Runs one `concord search --batch` process; returns one parsed response per query line.

    Exit status 1 (no query had a hit) is not an error here. `snippets=False` passes --no-snippets
    (the ranking only, much faster for deep result lists).
    """
    text = "".join(q.replace("\n", " ").replace("\r", " ") + "\n" for q in queries)
    flags = [] if snippets else ["--no-snippets"]
    result = subprocess.run([binary, "search", "--index", index_dir, "--batch", "--limit", str(limit)] + flags,
                            input=text, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if len(lines) != len(queries):
        raise RuntimeError(f"concord search --batch returned {len(lines)} lines for {len(queries)} queries "
                           f"(exit {result.returncode}): {result.stderr.strip()[:500]}")
    return [json.loads(line) for line in lines]
