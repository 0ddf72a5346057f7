#!/usr/bin/env bash
# The floor SQLite itself sets: the same lookups as the StoreBenchmarks (by INS; by name
# prefix, first 50) through the `sqlite3` command-line shell on the same file. One shell
# runs N queries; the time per query is its wall time over N (the shell's start excluded
# by subtracting an empty run).
set -euo pipefail
db=${1:?usage: sqlite3-floor.sh DATABASE}
n=${N:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sqlite3 -readonly "$db" "SELECT ins FROM patient WHERE ins IS NOT NULL ORDER BY random() LIMIT $n" > "$work/ins"
awk '{ printf "SELECT id, ins, family_name, given_names, birth_date, sex FROM patient WHERE ins = '\''%s'\'';\n", $1 }' "$work/ins" > "$work/by-ins.sql"
prefixes=(ma du be le ro pe mo fa gi la)
for i in $(seq 1 $((n / 10))); do
    for p in "${prefixes[@]}"; do
        echo "SELECT p.id, p.ins, p.family_name, p.given_names, p.birth_date, p.sex FROM patient_name_search s JOIN patient p ON p.id = s.rowid WHERE patient_name_search MATCH '\"$p\"*' AND s.rowid > 0 ORDER BY s.rowid LIMIT 50;"
    done
done > "$work/by-name.sql"
time_of() { local start end; start=$(date +%s.%N); sqlite3 -readonly "$db" < "$1" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
: > "$work/empty.sql"
base=$(time_of "$work/empty.sql")
ins=$(time_of "$work/by-ins.sql")
name=$(time_of "$work/by-name.sql")
printf 'sqlite3 shell, %d queries each: by INS %.1f µs/query, by name prefix %.1f µs/query\n' "$n" \
    "$(echo "($ins - $base) / $n * 1000000" | bc -l)" "$(echo "($name - $base) / $n * 1000000" | bc -l)"
