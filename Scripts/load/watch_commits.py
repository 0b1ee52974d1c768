#!/usr/bin/env python3
"""During the load test, polls the server every 50 ms for the two commit markers: each must go from
0 hits straight to all 1,000 (a partial commit would show a count in between). Reports how long after
each `concord index` run finished its commit was served.

usage: watch_commits.py URL WORK DURATION"""
import json
import os
import sys
import time
import urllib.request

url, work, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
markers = {"loadmarkeralpha": ("commit-a", None), "loadmarkerbravo": ("commit-b", None)}
seen_at = {}
bad = []
deadline = time.time() + duration + 5
while time.time() < deadline and len(seen_at) < len(markers):
    for marker, (stamp, _) in markers.items():
        if marker in seen_at:
            continue
        try:
            with urllib.request.urlopen(f"{url}api/search?q={marker}&limit=1", timeout=10) as response:
                total = json.load(response)["total"]
        except Exception as error:  # noqa: BLE001 - any failure is reported
            bad.append(f"request failed: {error}")
            continue
        if total == 1000:
            seen_at[marker] = time.time()
        elif total != 0:
            bad.append(f"{marker}: {total} hits (a partial commit)")
    time.sleep(0.05)
for marker, (stamp, _) in markers.items():
    path = os.path.join(work, stamp)
    if marker in seen_at and os.path.exists(path):
        committed = float(open(path).read())
        print(f"{stamp}: served {max(seen_at[marker] - committed, 0):.2f} s after `concord index` returned (all 1000 hits at once)")
    else:
        bad.append(f"{stamp}: never served")
for line in bad:
    print("FAIL  " + line)
