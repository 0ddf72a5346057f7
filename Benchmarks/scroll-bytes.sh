#!/usr/bin/env bash
# Bytes written to the terminal to scroll a long list by one line and by one page: carnet
# (the kiosk's search results for "ma" on the demo database) against less showing the
# same lines, both in tmux at 80×24 with every byte captured (pipe-pane).
set -euo pipefail
db=${1:?usage: scroll-bytes.sh DATABASE}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.build/release/carnet"
[ -x "$bin" ] || (cd "$root" && swift build -c release --product carnet >/dev/null)
work=$(mktemp -d)
socket="scroll-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
t() { tmux -L "$socket" "$@"; }
size() { stat -c %s "$1"; }
settle() { sleep 0.6; }
measure() { # name, file: prints bytes for Down at the bottom edge, then for PageDown
    local file=$1 before after
    before=$(size "$file"); t send-keys -t s "$2"; settle; after=$(size "$file"); echo $((after - before))
}

# carnet: sign in at the kiosk, search, walk the selection to the bottom edge of the list.
t new-session -d -s s -x 80 -y 24 "bash --norc --noprofile"
t pipe-pane -t s -o "cat >> '$work/carnet.bytes'"
t send-keys -t s "TERM=xterm-256color LANG=C.UTF-8 '$bin' kiosk --db '$db'" Enter
sleep 1.5
t send-keys -t s 10001234565 Tab 1234 Enter
sleep 3
t send-keys -t s -l "ma"
t send-keys -t s Enter
settle
rows=$(( 24 - 12 ))
for _ in $(seq 1 $((rows - 1))); do t send-keys -t s Down; done
settle
carnet_line=$(measure "$work/carnet.bytes" Down)
carnet_page=$(measure "$work/carnet.bytes" NPage)
# The same lines for less: what the list showed.
t capture-pane -t s -p | sed -n '11,22p' | sed 's/^[▸ ]//' > "$work/shown.txt"
t send-keys -t s Escape Escape q
sleep 0.5
t kill-server

# less, on the same kind of lines, as many as a long list.
for _ in $(seq 1 400); do cat "$work/shown.txt"; done > "$work/lines.txt"
t new-session -d -s s -x 80 -y 24 "bash --norc --noprofile"
t pipe-pane -t s -o "cat >> '$work/less.bytes'"
t send-keys -t s "TERM=xterm-256color LANG=C.UTF-8 less '$work/lines.txt'" Enter
settle
less_line=$(measure "$work/less.bytes" j)
less_page=$(measure "$work/less.bytes" Space)
t send-keys -t s q
echo "scroll by one line: carnet $carnet_line bytes, less $less_line bytes"
echo "scroll by one page: carnet $carnet_page bytes, less $less_page bytes"
