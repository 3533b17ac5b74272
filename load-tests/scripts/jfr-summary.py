#!/usr/bin/env python3
"""Flame summary of a JFR recording: the hottest methods by self time and by total (inclusive) time.

Usage: jfr-summary.py recording.jfr [top]   (needs the JDK's `jfr` tool on PATH)
"""
import collections, json, subprocess, sys

def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts, total_counts = collections.Counter(), collections.Counter()
    for e in events:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
        if not names:
            continue
        self_counts[names[0]] += 1
        for n in set(names):
            total_counts[n] += 1
    n = len(events) or 1
    print(f"{len(events)} samples")
    print("-- self --")
    for name, c in self_counts.most_common(top):
        print(f"{100.0 * c / n:5.1f}%  {name}")
    print("-- total (inclusive) --")
    for name, c in total_counts.most_common(top * 3):
        print(f"{100.0 * c / n:5.1f}%  {name}")

main()
