#!/usr/bin/env bash
# Wall time of the repository's main commands: min / median / max over N runs, after one warm-up
# run of each that is not counted. Runs are interleaved (a b c d, a b c d, ...) so that a noisy
# machine affects every command alike and the ratios stay fair.
#
#   a  synth      the README's synth command: npx cdk synth -q
#   b  app        the app alone, as the CDK CLI starts it: scripts/cdk-app.sh with CDK_OUTDIR set to
#                 a temporary folder and CDK_CONTEXT_JSON holding cdk.json's context
#   c  tests      mvn -o -q verify, the Java test suite (slow: only with --tests)
#   d  baseline   the TypeScript set-up this project replaces (../shared/anchors/ts-seed), copied to
#                 a temporary folder, npm ci && npx tsc -p ., then
#                 npx cdk synth -q -a 'node bin/app.js' (only with --baseline)
#
# Usage: scripts/bench.sh [-n|--runs N] [--tests] [--baseline] [--no-synth] [--no-app]
#   BASELINE_DIR overrides the baseline's folder (default: ../shared/anchors/ts-seed).
# Needs `npm ci` first. Uses GNU time when /usr/bin/time exists (then also reports peak memory),
# else bash's `date +%s.%N`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=5 with_synth=1 with_app=1 with_tests= with_baseline=
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--runs) runs=${2:?--runs needs a number}; shift ;;
    --tests) with_tests=1 ;;
    --baseline) with_baseline=1 ;;
    --no-synth) with_synth= ;;
    --no-app) with_app= ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$runs" in ''|*[!0-9]*|0) echo "bench: --runs must be a positive integer" >&2; exit 2 ;; esac
[ -x node_modules/.bin/esbuild ] || { echo "bench: run 'npm ci' in $root first" >&2; exit 1; }

# the baseline runs on the system's Node, as its RUN.md says (not this repository's Node 24, which
# `npm run` also puts on PATH)
system_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vF "$root/node_modules/" | paste -sd: -)
export PATH="$root/node_modules/.bin:$PATH"
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gnu_time=
if [ -x /usr/bin/time ] && /usr/bin/time -f %e -o /dev/null true 2>/dev/null; then gnu_time=/usr/bin/time; fi

# ---- the commands: name, label, bash command line -----------------------------------------------
names=() labels=() cmds=()
add() { names+=("$1"); labels+=("$2"); cmds+=("$3"); }

if [ -n "$with_synth" ]; then
  add synth "a  npx cdk synth -q (demo, README)" "cd '$root' && npx cdk synth -q"
fi
if [ -n "$with_app" ]; then
  # what the CLI passes to the app: cdk.json's context, cdk.context.json and its own defaults
  BENCH_APP_CONTEXT=$(node -e '
    const fs = require("fs");
    const c = JSON.parse(fs.readFileSync("cdk.json", "utf8")).context || {};
    if (fs.existsSync("cdk.context.json")) Object.assign(c, JSON.parse(fs.readFileSync("cdk.context.json", "utf8")));
    Object.assign(c, {"aws:cdk:enable-path-metadata": true, "aws:cdk:enable-asset-metadata": true,
                      "aws:cdk:version-reporting": true, "aws:cdk:bundling-stacks": ["**"]});
    process.stdout.write(JSON.stringify(c));')
  export BENCH_APP_CONTEXT
  mkdir -p "$work/app-out"
  add app "b  scripts/cdk-app.sh alone (CDK_OUTDIR)" \
    "cd '$root' && CDK_OUTDIR='$work/app-out' CDK_CONTEXT_JSON=\"\$BENCH_APP_CONTEXT\" CDK_DEFAULT_REGION=\${CDK_DEFAULT_REGION:-us-east-1} scripts/cdk-app.sh"
fi
if [ -n "$with_tests" ]; then
  add tests "c  mvn -o -q verify (Java tests)" "cd '$root' && mvn -o -q verify"
fi
if [ -n "$with_baseline" ]; then
  src=${BASELINE_DIR:-$root/../shared/anchors/ts-seed}
  [ -f "$src/package.json" ] || { echo "bench: baseline not found in $src" >&2; exit 1; }
  baseline="$work/ts-seed"
  mkdir -p "$baseline" && cp -r "$src/." "$baseline/" && chmod -R u+w "$baseline"
  echo "bench: preparing the baseline in $baseline (npm ci, npx tsc -p .)" >&2
  (cd "$baseline" && export PATH="$system_path" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npx tsc -p .)
  add baseline "d  TS baseline: npx cdk synth -q -a 'node bin/app.js'" \
    "cd '$baseline' && PATH='$system_path' npx cdk synth -q -a 'node bin/app.js'"
fi
[ ${#names[@]} -gt 0 ] || { echo "bench: nothing to measure" >&2; exit 2; }

# ---- timing -------------------------------------------------------------------------------------
# one run of command $1 (an index): appends "<wall s> <peak KiB or -> <exit code>" to <name>.times
measure() {
  local name=${names[$1]} cmd=${cmds[$1]} rc t0 t1
  local log="$work/$name.log"
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -f "%e %M" -o "$work/$name.time" bash -c "$cmd" >"$log" 2>&1 && rc=0 || rc=$?
    echo "$(tail -1 "$work/$name.time") $rc" >>"$work/$name.times"
  else
    t0=$(date +%s.%N)
    bash -c "$cmd" >"$log" 2>&1 && rc=0 || rc=$?
    t1=$(date +%s.%N)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') - $rc" >>"$work/$name.times"
  fi
  if [ "$rc" != 0 ]; then
    echo "bench: '$name' exited $rc; last lines of its output:" >&2
    tail -15 "$log" >&2
  fi
}

echo "bench: $runs runs of each (after 1 warm-up), interleaved; $(nproc) cores;" \
  "timer: ${gnu_time:-date +%s.%N}" >&2
for idx in "${!names[@]}"; do
  echo "bench: warm-up: ${names[$idx]}" >&2
  measure "$idx"
  rm -f "$work/${names[$idx]}.times"
done
for i in $(seq "$runs"); do
  for idx in "${!names[@]}"; do
    echo "bench: run $i/$runs: ${names[$idx]}" >&2
    measure "$idx"
  done
done

# ---- report -------------------------------------------------------------------------------------
stats() { # file -> "min median max peakMiB failures"
  sort -n -k1,1 "$1" | awk '
    { w[NR] = $1; if ($2 != "-" && $2 + 0 > m) m = $2; if ($3 != 0) f++ }
    END {
      med = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
      printf "%.2f %.2f %.2f %s %d", w[1], med, w[NR], (m ? sprintf("%.0f", m / 1024) : "-"), f
    }'
}
printf '\n%-52s %8s %8s %8s %9s %s\n' "wall time, seconds ($runs runs)" min median max "peak MiB" failed
declare -A median
for idx in "${!names[@]}"; do
  name=${names[$idx]}
  read -r mn md mx peak failed <<<"$(stats "$work/$name.times")"
  median[$name]=$md
  printf '%-52s %8s %8s %8s %9s %s\n' "${labels[$idx]}" "$mn" "$md" "$mx" "$peak" "$failed"
done
if [ -n "$with_baseline" ]; then
  for name in synth app; do
    [ -n "${median[$name]:-}" ] || continue
    awk -v a="${median[$name]}" -v b="${median[baseline]}" -v n="$name" \
      'BEGIN { if (b > 0) printf "median %s / median baseline: %.2f\n", n, a / b }'
  done
fi
fail=0
for name in "${names[@]}"; do awk '$3 != 0 { exit 1 }' "$work/$name.times" || fail=1; done
exit "$fail"
