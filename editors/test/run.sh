#!/usr/bin/env bash
# Tokenises every shipped .neg plan (examples/, stdlib/, benches/scenarios/)
# with the VS Code extension's grammar, as VS Code would (vscode-textmate and
# vscode-oniguruma), and checks the extension's manifest: see tokenize.mjs.
# Quiet on success; exit 1 with FILE:LINE:COL for text no grammar rule
# matches. Needs Node.js 18 or later and npm; the two packages go into
# editors/test/node_modules (git-ignored), installed again only when
# package-lock.json changes.
#
#   editors/test/run.sh            every shipped plan
#   editors/test/run.sh FILE…      these plans
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "editors/test/run.sh: needs Node.js (node and npm) on PATH" >&2
    exit 1
fi
stamp="$here/node_modules/.neg-installed-lock.json"
if ! cmp -s "$here/package-lock.json" "$stamp"; then
    (cd "$here" && npm ci --loglevel=error --no-audit --no-fund --no-update-notifier >/dev/null) || {
        echo "editors/test/run.sh: npm ci failed (above)" >&2
        exit 1
    }
    cp "$here/package-lock.json" "$stamp"
fi
exec node "$here/tokenize.mjs" "$@"
