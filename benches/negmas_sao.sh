#!/usr/bin/env bash
# neg's `simulate` against NegMAS's SAO mechanism, side by side (see
# benches/negmas_sao.py). Makes a virtual environment with NegMAS in
# $TARGET/negmas-venv (TARGET is $CARGO_TARGET_DIR, else target/), builds neg
# in release mode when needed, and runs the comparison. Extra arguments go to
# the Python script:
#
#     benches/negmas_sao.sh
#     benches/negmas_sao.sh --negmas-runs 50 --neg-runs 10000
#     NICE=1 benches/negmas_sao.sh          # everything under `nice`
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/negmas-venv"
python="${PYTHON:-python3}"
nice=()
if [ -n "${NICE:-}" ]; then nice=(nice); fi

if [ ! -x "$venv/bin/python" ]; then
    echo "making a virtual environment in $venv" >&2
    "${nice[@]}" "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import negmas" 2>/dev/null; then
    echo "installing negmas into $venv (a few minutes)" >&2
    "${nice[@]}" "$venv/bin/python" -m pip install --quiet --upgrade pip
    "${nice[@]}" "$venv/bin/python" -m pip install --quiet negmas
fi

# cargo rebuilds only when the sources changed.
"${nice[@]}" cargo build --release --quiet --bin neg

exec "${nice[@]}" "$venv/bin/python" benches/negmas_sao.py --neg "$target/release/neg" "$@"
