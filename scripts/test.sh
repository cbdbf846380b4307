#!/usr/bin/env bash
# The README's test command (`npm test`): every test of the repository, in one run.
#   1. the Lambda handlers' node tests;
#   2. the Java build and tests (`mvn install`: JUnit, cdk-nag, CloudFormation validation, snapshots);
#   3. a consumer project outside the reactor, built against the freshly installed artifact, while
#   4. the Django image's unit tests, local end-to-end proof and reliability checks run
#      (Debian packages and the Django 5.2 root, installed first by scripts/install-test-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/esbuild ] || { echo "test: run 'npm ci' first" >&2; exit 1; }
scripts/ensure-jsii-bindings.sh
# what the Django proof needs (Debian packages, the Django 5.2 root): a no-op once installed; as a
# non-root user with something missing it stops here and says to run `sudo npm test` once
scripts/install-test-deps.sh

step() { printf '\n=== %s\n' "$*"; }
step "README commands (scripts/check-readme-commands.sh)"
scripts/check-readme-commands.sh

step "Lambda handlers (node --test)"
node --test constructs-lib/src/test/js/*.test.js

step "Java library and demo (mvn install: every test, then the artifact into ~/.m2)"
# without the javadoc and sources jars (~4 s) the consumer does not need; .ci/run builds them
mvn install -Dmaven.javadoc.skip=true -Dmaven.source.skip=true

# The consumer project (a Maven build, ~15 s) and the Django suites share nothing, so they run side
# by side (~15 s less). No figure the README quotes comes from these runs: the Django figures come
# from `npm run bench:django`, which runs alone; npm test only checks pass/fail (and the reliability
# checks' limits, seconds, are far above what contention adds).
consumer_log=$(mktemp)
trap 'rm -f "$consumer_log"' EXIT
step "Consumer outside the reactor (examples/existing-vpc/verify.sh), in the background; its output follows the Django suites"
LIBRARY_INSTALLED=1 examples/existing-vpc/verify.sh >"$consumer_log" 2>&1 &
consumer_pid=$!

step "Django image (django-image/tests/run-all.sh)"
# 4,000 requests per load run prove "no failure, no non-2xx" as well as 10,000 do, in half the time;
# the benchmark (npm run bench:django) keeps 10,000 for the figures the README quotes
django_rc=0
LOAD_REQUESTS="${LOAD_REQUESTS:-4000}" django-image/tests/run-all.sh || django_rc=$?

step "Consumer outside the reactor (examples/existing-vpc/verify.sh): output"
consumer_rc=0
wait "$consumer_pid" || consumer_rc=$?
cat "$consumer_log"
echo "consumer: exit $consumer_rc; Django suites: exit $django_rc"
[ "$consumer_rc" = 0 ] && [ "$django_rc" = 0 ]
