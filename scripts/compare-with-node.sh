#!/usr/bin/env bash
# Runs the JavaScript corpus through tagus and compares what it prints with Node.
#
#   scripts/compare-with-node.sh [FILE.js ...]     (default: tests/js/*.js and tests/js/errors/*.js)
#
# For each tests/js/NAME.js, tagus's stdout must equal
#   - the recorded NAME.out (captured from Node; see tests/js/README.md), and
#   - `node --expose-gc --allow-natives-syntax NAME.js`'s stdout, when node is installed,
# and tagus must exit with status 0.
# For each tests/js/errors/NAME.js (programs ended by an uncaught error), tagus's stdout must
# equal NAME.out, its exit status must equal NAME.status, and its stderr must contain the last
# line of NAME.err (the `Error: message` line). Stack traces are not compared.
#
# Each mismatch is reported with a unified diff of at most 20 lines. The last line is
# `N passed, M differ`; the exit status is 1 if anything differs, 2 if tagus is missing.
#
# Environment: TAGUS (default target/release/tagus), NODE (default node),
#              TIMEOUT seconds per run (default 10; needs coreutils `timeout`).
set -uo pipefail
cd "$(dirname "$0")/.."

TAGUS="${TAGUS:-target/release/tagus}"
NODE="${NODE:-node}"
TIMEOUT="${TIMEOUT:-10}"
DIFF_LINES=20

if [[ "$TAGUS" == */* ]]; then
  if [[ ! -x "$TAGUS" ]]; then
    echo "compare-with-node: tagus binary not found at '$TAGUS'." >&2
    echo "Build it with 'cargo build --release' or point TAGUS at it (TAGUS=path/to/tagus $0)." >&2
    exit 2
  fi
elif ! command -v "$TAGUS" >/dev/null 2>&1; then
  echo "compare-with-node: tagus command '$TAGUS' not found on PATH." >&2
  exit 2
fi

have_node=0
if command -v "$NODE" >/dev/null 2>&1; then
  have_node=1
else
  echo "note: node not found; comparing with the recorded .out files only" >&2
fi

run() { # run OUT ERR CMD... ; prints the exit status
  if command -v timeout >/dev/null 2>&1; then
    timeout "$TIMEOUT" "${@:3}" >"$1" 2>"$2" </dev/null
  else
    "${@:3}" >"$1" 2>"$2" </dev/null
  fi
  echo $?
}

show_diff() { # show_diff EXPECTED_FILE ACTUAL_FILE LABEL_EXPECTED LABEL_ACTUAL
  local d
  d="$(diff -u --label "$3" --label "$4" "$1" "$2")"
  local n
  n="$(printf '%s\n' "$d" | wc -l)"
  printf '%s\n' "$d" | head -n "$DIFF_LINES"
  if ((n > DIFF_LINES)); then
    echo "    ... ($((n - DIFF_LINES)) more diff lines)"
  fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if (($# > 0)); then
  files=("$@")
else
  shopt -s nullglob
  files=(tests/js/*.js tests/js/errors/*.js)
fi

passed=0
differ=0
for js in "${files[@]}"; do
  base="${js%.js}"
  problems=()
  tstatus="$(run "$tmp/tagus.out" "$tmp/tagus.err" "$TAGUS" --expose-gc --allow-natives-syntax "$js")"

  if [[ -f "$base.status" ]]; then
    # A program that must end with an uncaught error.
    expected_status="$(tr -d '[:space:]' <"$base.status")"
    [[ "$tstatus" == "$expected_status" ]] ||
      problems+=("exit status: expected $expected_status, tagus gave $tstatus")
    if [[ -f "$base.err" ]]; then
      msg="$(grep -v '^[[:space:]]*$' "$base.err" | tail -n 1)"
      grep -qF -- "$msg" "$tmp/tagus.err" ||
        problems+=("stderr lacks the line: $msg")
    fi
  elif [[ "$tstatus" != 0 ]]; then
    problems+=("tagus exited with status $tstatus$([[ "$tstatus" == 124 ]] && echo ' (timeout)')")
  fi

  diffs=()
  if [[ -f "$base.out" ]] && ! cmp -s "$base.out" "$tmp/tagus.out"; then
    diffs+=("$base.out")
  fi
  if ((have_node)); then
    run "$tmp/node.out" "$tmp/node.err" "$NODE" --expose-gc --allow-natives-syntax "$js" >/dev/null
    if ! cmp -s "$tmp/node.out" "$tmp/tagus.out"; then
      # Avoid printing the same diff twice when node agrees with the recorded .out.
      if [[ ${#diffs[@]} -eq 0 ]] || ! cmp -s "$tmp/node.out" "$base.out"; then
        diffs+=("node")
      fi
    fi
    if [[ -f "$base.out" ]] && ! cmp -s "$tmp/node.out" "$base.out"; then
      problems+=("note: node $("$NODE" --version) disagrees with the recorded $base.out")
    fi
  elif [[ ! -f "$base.out" ]]; then
    problems+=("no $base.out and no node: nothing to compare with")
  fi

  if ((${#diffs[@]} == 0)) && ! printf '%s\n' "${problems[@]}" | grep -qv '^note: \|^$'; then
    passed=$((passed + 1))
    continue
  fi
  differ=$((differ + 1))
  echo "DIFFER $js"
  for p in "${problems[@]}"; do echo "  $p"; done
  for d in "${diffs[@]}"; do
    if [[ "$d" == node ]]; then
      show_diff "$tmp/node.out" "$tmp/tagus.out" "node $js" "tagus $js"
    else
      show_diff "$d" "$tmp/tagus.out" "$d" "tagus $js"
    fi
  done
  if [[ -s "$tmp/tagus.err" && ! -f "$base.status" ]]; then
    echo "  tagus stderr:"
    head -n 5 "$tmp/tagus.err" | sed 's/^/    /'
  fi
  echo
done

echo "$passed passed, $differ differ"
((differ == 0))
