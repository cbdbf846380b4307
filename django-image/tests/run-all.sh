#!/usr/bin/env bash
# Runs the unit tests, the end-to-end test and the reliability test in sequence, on the Django
# line the image ships (Django 5.2 in the Debian unstable root that scripts/install-test-deps.sh
# builds; each suite prints the versions it runs on first).
# Exits non-zero if any of them fails (all three still run, each prints its own
# "<suite>: N passed, M failed" line; the last line sums them up).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
total_passed=0
total_failed=0
failed_suites=()
for suite in run-unit e2e reliability; do
  echo "=== $suite"
  out="$(mktemp)"
  t0=$SECONDS
  bash "$here/$suite.sh" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  echo "=== $suite took $((SECONDS - t0)) s"
  line="$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)"
  rm -f "$out"
  p=$(sed -n 's/^[a-z0-9-]*: \([0-9]*\) passed.*/\1/p' <<<"$line")
  f=$(sed -n 's/.* passed, \([0-9]*\) failed$/\1/p' <<<"$line")
  total_passed=$((total_passed + ${p:-0}))
  total_failed=$((total_failed + ${f:-0}))
  if ((rc != 0)) || [[ -z "$line" ]]; then
    failed_suites+=("$suite")
    ((${f:-0} > 0)) || total_failed=$((total_failed + 1))
  fi
done
echo "=== suites failed: ${failed_suites[*]:-none}"
echo "all: $total_passed passed, $total_failed failed"
((${#failed_suites[@]} == 0))
