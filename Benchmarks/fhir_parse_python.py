#!/usr/bin/env python3
"""The peer: Python fhir.resources (R4B) parsing the same files, parse only (json.load and
model validation, nothing written). Prints the best of N runs as MB/s."""
import json
import sys
import time

from fhir.resources.R4B.bundle import Bundle

runs = int(sys.argv[1])
paths = sys.argv[2:]
size = sum(len(open(p, "rb").read()) for p in paths)
best = None
for _ in range(runs):
    start = time.perf_counter()
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            Bundle.model_validate(json.load(handle))
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(f"{size / best / 1e6:.2f} {best:.3f} {size}")
