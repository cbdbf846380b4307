#!/usr/bin/env bash
# `npx cdk synth STACK > template.yaml` must write the template and nothing else: the CDK CLI passes
# the app's stdout through, so a JVM message there (the class cache's progress) corrupts the file.
# For every JDK that scripts/cdk-app.sh may pick (`java` on PATH and each /usr/lib/jvm/*, Java 17 or
# newer, as CDK_JAVA), twice: the first run after a build (no class cache yet: the launcher makes
# one) and a run with the cache. Each time the file must parse as YAML and equal the template in
# cdk.out (less the bootstrap-version rule, which the CLI leaves out), stderr must have no
# "Picked up ..." line (what the JVM prints for JAVA_TOOL_OPTIONS), and the launcher must have made
# the cache it chose (else the first-run path went untested).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
stack=DjangoAppRunner-Data
target=demo-app/target

python=
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import yaml' 2>/dev/null; then python=$candidate; break; fi
done
[ -n "$python" ] || { echo "synth-output: needs Python 3 with PyYAML (Debian: python3-yaml; else pip install pyyaml)" >&2; exit 1; }

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdks=() seen=" "
for java in "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -n "$java" ] && [ -x "$java" ] || continue
  real=$(readlink -f "$java")
  [[ "$seen" == *" $real "* ]] && continue
  seen+="$real "
  major=$(java_major "$real")
  # the app is compiled for Java 17 (maven.compiler.release)
  [ "${major:-0}" -ge 17 ] 2>/dev/null || { echo "synth-output: skipping $real (Java ${major:-?}, the app needs 17+)"; continue; }
  jdks+=("$real")
done
((${#jdks[@]} > 0)) || { echo "synth-output: no JDK 17 or newer found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() { # name yaml stderr
  local name=$1 yaml=$2 err=$3 problems=()
  if ! "$python" - "$yaml" "cdk.out/$stack.template.json" >"$tmp/compare" 2>&1 <<'PY'
import json, sys, yaml
with open(sys.argv[1]) as f:
    got = yaml.safe_load(f)
with open(sys.argv[2]) as f:
    want = json.load(f)
# the CLI leaves out the rule that checks the bootstrap version
want.get("Rules", {}).pop("CheckBootstrapVersion", None)
if want.get("Rules") == {}:
    del want["Rules"]
if got != want:
    sys.exit("stdout is not the template: starts with " + repr(open(sys.argv[1]).read(200)))
PY
  then problems+=("$(tail -n 3 "$tmp/compare")"); fi
  if grep -q "Picked up" "$err"; then problems+=("stderr: $(grep "Picked up" "$err" | head -1 | cut -c1-120)..."); fi
  if ((${#problems[@]} == 0)); then
    passed=$((passed + 1)); echo "synth-output: ok: $name"
  else
    failed=$((failed + 1)); printf 'synth-output: FAILED: %s\n' "$name" "${problems[@]/#/  }" >&2
  fi
}

for java in "${jdks[@]}"; do
  major=$(java_major "$java")
  # what a build leaves: no cache and no remembered choice
  rm -f "$target"/cdk-app.java "$target"/cdk-app.aot* "$target"/cdk-app.jsa
  for run in first cached; do
    start=$SECONDS
    rc=0
    CDK_JAVA=$java npx cdk synth "$stack" >"$tmp/$run.yaml" 2>"$tmp/$run.err" || rc=$?
    if [ "$rc" != 0 ]; then
      failed=$((failed + 1)); echo "synth-output: FAILED: Java $major, $run run: exit $rc" >&2; tail -n 20 "$tmp/$run.err" >&2
      continue
    fi
    kind=$(sed -n 3p "$target/cdk-app.java")
    check "Java $major ($java), $run run, class cache: ${kind:-none} ($((SECONDS - start)) s)" "$tmp/$run.yaml" "$tmp/$run.err"
    if [ "$run" = first ]; then
      case "$kind" in
        aot) cache=$target/cdk-app.aot ;;
        cds) cache=$target/cdk-app.jsa ;;
        *) cache= ;;
      esac
      if [ -n "$cache" ] && [ ! -s "$cache" ]; then
        failed=$((failed + 1)); echo "synth-output: FAILED: Java $major: the first run made no $cache" >&2
      fi
    fi
  done
done
# the next plain synth chooses its JDK again
rm -f "$target/cdk-app.java"
echo "synth-output: $passed passed, $failed failed"
[ "$failed" = 0 ]
