#!/usr/bin/env bash
# Two checkouts running `npm ci` at once share one local Maven repository: their
# scripts/ensure-jsii-bindings.sh runs must both succeed and leave complete jars (a jar rewritten
# in place while the other build read it failed with "zip END header not found").
#
# Two copies of what the script needs (two "checkouts") run it side by side against a new, empty
# local repository (MAVEN_REPO_LOCAL), so the real generation runs: ~2-3 min, and ~165 MB from
# the Maven registry. Hence not part of a plain `npm test` (RUN_SLOW_TESTS=1 adds it there);
# .ci/run runs it. Then a damaged jar in the repository must be replaced by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
command -v unzip >/dev/null || { echo "jsii-bindings-concurrency: needs unzip" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/m2
for checkout in a b; do
  mkdir -p "$tmp/$checkout/scripts/jsii-bindings"
  cp pom.xml "$tmp/$checkout/"
  cp scripts/ensure-jsii-bindings.sh "$tmp/$checkout/scripts/"
  cp scripts/jsii-bindings/package.json scripts/jsii-bindings/package-lock.json \
    scripts/jsii-bindings/pin-build-versions.js "$tmp/$checkout/scripts/jsii-bindings/"
done
jars() { # the jars the script installs, from its own list
  sed -n 's/^  "\([^ :]*\):\([^ :]*\):\([^ :]*\) .*"$/\1 \2 \3/p' scripts/ensure-jsii-bindings.sh |
    while read -r g a v; do echo "$repo/${g//.//}/$a/$v/$a-$v.jar"; done
}
mapfile -t expected < <(jars)
((${#expected[@]} > 0)) || { echo "jsii-bindings-concurrency: found no bindings in ensure-jsii-bindings.sh" >&2; exit 1; }

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "jsii-bindings-concurrency: ok: $*"; }
fail() { failed=$((failed + 1)); echo "jsii-bindings-concurrency: FAILED: $*" >&2; }

echo "jsii-bindings-concurrency: two runs side by side against an empty repository (~2-3 min)"
start=$SECONDS
for run in a b; do # each run's output as it comes, prefixed
  { rc=0; MAVEN_REPO_LOCAL=$repo "$tmp/$run/scripts/ensure-jsii-bindings.sh" 2>&1 || rc=$?; echo "$rc" >"$tmp/$run.rc"; } |
    tee "$tmp/$run.log" | sed -u "s/^/  [$run] /" &
done
wait
rc_a=$(cat "$tmp/a.rc") rc_b=$(cat "$tmp/b.rc")
[ "$rc_a" = 0 ] && [ "$rc_b" = 0 ] && ok "both runs succeeded ($((SECONDS - start)) s)" ||
  fail "exit codes $rc_a and $rc_b"
for jar in "${expected[@]}"; do
  if unzip -tqq "$jar" >/dev/null 2>&1; then ok "complete jar: ${jar#"$repo/"}"; else fail "not a complete jar: $jar"; fi
done
# the lock lets one run do the work; the other finds it done
installs=$(cat "$tmp/a.log" "$tmp/b.log" | grep -c -e ': installed in ' -e ': downloaded from ' || true)
[ "$installs" = "${#expected[@]}" ] && ok "each binding installed once" ||
  fail "$installs installs for ${#expected[@]} bindings"

# a damaged jar (what an interrupted copy leaves) is replaced by the next run
victim=${expected[0]}
head -c 4096 "$victim" >"$victim.part" && mv "$victim.part" "$victim"
if MAVEN_REPO_LOCAL=$repo "$tmp/a/scripts/ensure-jsii-bindings.sh" >"$tmp/again.log" 2>&1 &&
    grep -q "damaged" "$tmp/again.log" && unzip -tqq "$victim" >/dev/null 2>&1; then
  ok "a damaged jar is replaced"
else
  fail "a damaged jar was not replaced"; sed 's/^/  /' "$tmp/again.log" >&2
fi
echo "jsii-bindings-concurrency: $passed passed, $failed failed"
[ "$failed" = 0 ]
