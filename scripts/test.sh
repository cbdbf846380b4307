#!/usr/bin/env bash
# The README's test command (`npm test`): every test of the repository, in one run.
#   1. the README's commands are all exercised, and `cdk synth STACK > file` writes only the
#      template on every JDK the app launcher may pick;
#   2. the Lambda handlers' node tests;
#   3. the Java build and tests (`mvn install`: JUnit, cdk-nag, CloudFormation validation, snapshots);
#   4. the consumer projects outside the reactor (examples/existing-vpc, then examples/pipeline),
#      built against the freshly installed artifact;
#   5. the Django image's unit tests, local end-to-end proof and reliability checks (Debian packages
#      and the Django 5.2 root, installed first by scripts/install-test-deps.sh), in the background
#      from the start, beside 1-4.
#
# `scripts/test.sh --java` (`npm run test:java`): only the Java and handler tests (the synth output
# check, node --test, `mvn verify`), for a machine without Debian's packages; it installs nothing
# and writes nothing to ~/.m2.
# RUN_SLOW_TESTS=1 adds scripts/test-jsii-bindings-concurrency.sh (minutes; .ci/run runs it).
# Each step says what it does, why, and how long it usually takes (warm, on 2 cores), then how
# long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/esbuild ] || { echo "test: run 'npm ci' first" >&2; exit 1; }
scope=all
case "${1:-}" in
  --java) scope=java ;;
  "") ;;
  *) echo "usage: $0 [--java]" >&2; exit 2 ;;
esac

t0=$SECONDS
step_name= step_start=
step() { # title why usual-duration
  step_name=$1 step_start=$SECONDS
  printf '\n=== %s\n    why: %s\n    usually: %s\n' "$1" "$2" "$3"
}
# on exit: stop what still runs in the background (a failed step ends the run) and remove the logs;
# never changes the exit status
django_log= consumer_log= pipeline_log=
cleanup() {
  local pids
  pids=$(jobs -p)
  if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  rm -f $django_log $consumer_log $pipeline_log
}
trap cleanup EXIT
done_step() { printf -- '--- %s: %d s (total %d s)\n' "$step_name" "$((SECONDS - step_start))" "$((SECONDS - t0))"; }

scripts/ensure-jsii-bindings.sh
if [ "$scope" = all ]; then
  # what the Django proof needs (Debian packages, the Django 5.2 root): a no-op once installed; as
  # a non-root user with something missing it stops here and says to run `sudo npm test` once
  scripts/install-test-deps.sh

  # The Django suites share nothing with the Java build (their own Debian root, PostgreSQL and
  # ports), and the Java steps leave part of the second core idle (a test JVM waits on its jsii node
  # process and back): so they run from here, in the background, and their output follows the rest.
  # npm test only checks their pass/fail and limits (seconds, far above what contention adds); the
  # Django figures the README quotes come from `npm run bench:django`, which runs alone.
  django_log=$(mktemp)
  django_start=$SECONDS
  printf '\n=== Django image (django-image/tests/run-all.sh), in the background; its output follows the Java steps\n'
  (rc=0; LOAD_REQUESTS="${LOAD_REQUESTS:-4000}" django-image/tests/run-all.sh || rc=$?
   echo "django-suites-exit=$rc") >"$django_log" 2>&1 &
  django_pid=$!

  step "README commands (scripts/check-readme-commands.sh)" \
    "every command the README shows must be run by CI or parsed by the CDK CLI" "~20 s (~55 s after a source change)"
  scripts/check-readme-commands.sh
  done_step
fi

step "Synth output (scripts/test-synth-output.sh)" \
  "'cdk synth STACK > file' must write only the template, on each JDK the launcher may pick" \
  "~10 s per JDK"
scripts/test-synth-output.sh
done_step

step "Lambda handlers (node --test)" "the custom resources' JavaScript, without AWS" "~2 s"
node --test constructs-lib/src/test/js/*.test.js
done_step

if [ "$scope" = java ]; then
  step "Java library and demo (mvn verify)" "JUnit, cdk-nag, CloudFormation validation, snapshots" "~180 s"
  mvn verify -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
  done_step
  echo "test: Java and handler tests passed in $((SECONDS - t0)) s (not run: README check, consumer, Django)"
  exit 0
fi

step "Java library and demo (mvn install)" \
  "JUnit, cdk-nag, CloudFormation validation, snapshots; then the artifact into ~/.m2 for the consumer" "~180 s"
# without the javadoc and sources jars (~4 s) the consumer does not need; .ci/run builds them
mvn install -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
done_step

if [ -n "${RUN_SLOW_TESTS:-}" ]; then
  step "Two checkouts installing the jsii bindings at once (scripts/test-jsii-bindings-concurrency.sh)" \
    "a shared ~/.m2 must never hold a half-written jar" "~2-3 min, ~165 MB from the Maven registry"
  scripts/test-jsii-bindings-concurrency.sh
  done_step
fi

# The consumer project (a Maven build, ~15 s) runs in the background beside the Django suites.
consumer_log=$(mktemp)
printf '\n=== Consumer outside the reactor (examples/existing-vpc/verify.sh), in the background; its output follows the Django suites\n'
LIBRARY_INSTALLED=1 examples/existing-vpc/verify.sh >"$consumer_log" 2>&1 &
consumer_pid=$!

# The CDK Pipelines example (~60 s alone) follows the consumer in the same background lane rather
# than beside it: two Maven builds and the Django suites at once on 2 cores slow all three
pipeline_log=$(mktemp)
printf '\n=== CDK Pipelines example (examples/pipeline/verify.sh), in the background after the consumer; its output follows\n'
(while kill -0 "$consumer_pid" 2>/dev/null; do sleep 1; done
 LIBRARY_INSTALLED=1 examples/pipeline/verify.sh) >"$pipeline_log" 2>&1 &
pipeline_pid=$!

step "Django image (django-image/tests/run-all.sh): output" \
  "unit tests, the local end-to-end proof and reliability checks of the image's Django app" \
  "~100 s, beside the Java steps from the start"
# 4,000 requests per load run prove "no failure, no non-2xx" as well as 10,000 do, in half the time;
# the benchmark (npm run bench:django) keeps 10,000 for the figures the README quotes
wait "$django_pid" || true
cat "$django_log"
django_rc=$(sed -n 's/^django-suites-exit=//p' "$django_log" | tail -1)
django_rc=${django_rc:-1}
echo "Django suites: $((SECONDS - django_start)) s from their start"
done_step

step "Consumer outside the reactor (examples/existing-vpc/verify.sh): output" \
  "a project outside the reactor builds against the installed artifact" "~15 s, beside the Django suites"
consumer_rc=0
wait "$consumer_pid" || consumer_rc=$?
cat "$consumer_log"
done_step

step "CDK Pipelines example (examples/pipeline/verify.sh): output" \
  "the constructs in a team's stacks inside a Stage, deployed by CDK Pipelines: boundary, qualifier, cdk-nag" \
  "~60 s after the consumer, beside the Django suites"
pipeline_rc=0
wait "$pipeline_pid" || pipeline_rc=$?
cat "$pipeline_log"
echo "consumer: exit $consumer_rc; pipeline example: exit $pipeline_rc; Django suites: exit $django_rc"
done_step
echo "test: all steps done in $((SECONDS - t0)) s"
[ "$consumer_rc" = 0 ] && [ "$pipeline_rc" = 0 ] && [ "$django_rc" = 0 ]
