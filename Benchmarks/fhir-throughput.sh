#!/usr/bin/env bash
# FHIR import throughput (issue 7's budget): `carnet import` of the Synthea fixtures
# (parse + map + durable write into a fresh database, release build) against Python
# fhir.resources parsing the same files (parse only), side by side in one run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=${CARNET_FHIR_FIXTURES:-$root/Tests/Fixtures/fhir}
runs=${RUNS:-7}
files=("$fixtures"/synthea-*.json)
(cd "$root" && swift build -c release --product carnet >/dev/null)
python3 -c "import fhir.resources" 2>/dev/null || python3 -m pip install -q fhir.resources
bytes=$(cat "${files[@]}" | wc -c)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
best=""
for run in $(seq 1 "$runs"); do
    db="$work/import-$run.sqlite"
    "$root/.build/release/carnet" demo --db "$db" --patients 2 >/dev/null
    # In-process time (reading, mapping, writing and committing), as Python's is timed
    # in-process: neither counts its interpreter or program start.
    elapsed=$("$root/.build/release/carnet" import --timing --db "$db" "${files[@]}" 2>&1 >/dev/null | awk '/^timing:/ { print $5 }')
    if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc -l)" = 1 ]; then best=$elapsed; fi
done
carnet_mbs=$(echo "$bytes / $best / 1000000" | bc -l)
read -r python_mbs python_best _ < <(python3 "$(dirname "$0")/fhir_parse_python.py" "$runs" "${files[@]}")
ratio=$(echo "$carnet_mbs / $python_mbs" | bc -l)
printf 'FHIR import, %d Synthea files, %.1f MB, best of %d:\n' "${#files[@]}" "$(echo "$bytes / 1000000" | bc -l)" "$runs"
printf '  carnet import (parse + map + durable write): %.3f s, %.1f MB/s\n' "$best" "$carnet_mbs"
printf '  Python fhir.resources R4B (parse only):      %.3f s, %.1f MB/s\n' "$python_best" "$python_mbs"
printf '  ratio: %.1fx (budget: 10x)\n' "$ratio"
