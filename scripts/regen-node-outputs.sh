#!/usr/bin/env bash
# Regenerates the expected outputs of the JavaScript corpus from Node:
#   tests/js/NAME.js         -> NAME.out (stdout), run with --expose-gc (gc() for the weak_* programs)
#   tests/js/errors/NAME.js  -> NAME.out (stdout), NAME.err (trimmed stderr), NAME.status (exit code)
#
# .err keeps Node's stderr only up to and including the error-message line: the
# `    at ...` stack frames, the `(Use `node --trace-uncaught ...`)` hint and the trailing
# `Node.js vNN` line are dropped, and the absolute path of the checkout is rewritten to
# `tests/js/errors/`, so the files do not depend on where the repository lives.
#
# Usage: scripts/regen-node-outputs.sh            (from anywhere; needs `node` on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "regen-node-outputs: node is not installed" >&2
  exit 2
fi
echo "using node $(node --version)"

shopt -s nullglob
for js in tests/js/*.js; do
  node --expose-gc --allow-natives-syntax "$js" >"${js%.js}.out"
done

errdir="$PWD/tests/js/errors/"
for js in tests/js/errors/*.js; do
  base="${js%.js}"
  set +e
  node "$js" >"$base.out" 2>"$base.stderr.tmp"
  status=$?
  set -e
  echo "$status" >"$base.status"
  # Cut at the first stack frame / hint / version line, drop trailing blank lines,
  # and make the path relative to the repository root.
  awk '
    /^    at / || /^\(Use `node --trace-uncaught/ || /^Node\.js v[0-9]/ { exit }
    { lines[n++] = $0 }
    END {
      while (n > 0 && lines[n - 1] == "") n--
      for (i = 0; i < n; i++) print lines[i]
    }
  ' "$base.stderr.tmp" | sed "s#${errdir}#tests/js/errors/#g" >"$base.err"
  rm -f "$base.stderr.tmp"
done

echo "regenerated $(ls tests/js/*.out | wc -l) .out files and $(ls tests/js/errors/*.err | wc -l) error cases"
