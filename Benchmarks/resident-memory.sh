#!/usr/bin/env bash
# Resident memory of the real `carnet` while a patient browses every pane of their record
# on the million-patient database (budget: 50 MB). Drives the program in tmux, as a
# person would, and reads the peak resident size (VmHWM) the kernel kept for it.
set -euo pipefail
db=${1:?usage: resident-memory.sh DATABASE}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.build/release/carnet"
[ -x "$bin" ] || (cd "$root" && swift build -c release --product carnet >/dev/null)
session="carnet-rss-$$"
tmux new-session -d -s "$session" -x 100 -y 30 "$bin --db '$db'"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
keys() { tmux send-keys -t "$session" "$@"; sleep 0.3; }
sleep 1
keys 258037511223324 Enter
keys marie-demo Enter
# The real password check (scrypt, N = 2^17) takes about a second.
for _ in $(seq 1 40); do
    tmux capture-pane -p -t "$session" | grep -q "ALLERGIES" && break
    sleep 0.25
done
tmux capture-pane -p -t "$session" | grep -q "ALLERGIES" || { echo "resident-memory.sh: Marie's record did not open" >&2; exit 1; }
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
login_peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
# The password check needs 128 MB by design (scrypt's memory hardness, 128 * r * N bytes)
# and gives it back; the budget is for browsing, so the peak is reset once signed in.
echo 5 > "/proc/$pid/clear_refs"
for pane in 1 2 3 4 5 6 7 8 9; do
    keys "$pane" Down Down Enter PageDown Escape Escape
done
# A document read whole, and a test's history (table and chart) opened and walked.
keys 7 Enter PageDown PageDown Escape / diab Enter Escape
keys 6 / hba1c Enter Down Enter Left Left PageDown Escape Escape
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
now_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
echo "carnet on $db: peak resident while browsing $((peak_kb / 1024)) MB (budget 50 MB), now $((now_kb / 1024)) MB; during the password check $((login_peak_kb / 1024)) MB"
keys q
