#!/usr/bin/env bash
# Builds this example the way a consumer of the library does: install apprunner-django-constructs
# from the repository root into the local Maven repository, then build and test the example on its
# own (it is not a module of the root POM).
# Set MVN_OFFLINE=1 to run both Maven builds offline (-o) once every plugin is in ~/.m2.
set -euo pipefail
example=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$example/../.." && pwd)
offline=()
[ "${MVN_OFFLINE:-}" = 1 ] && offline=(-o)

# the same set-up as scripts/test.sh: CDK CLI, esbuild and Node 24 from the root's node_modules first
export PATH="$root/node_modules/.bin:$PATH"
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1

# LIBRARY_INSTALLED=1: the caller has just installed it (scripts/test.sh runs `mvn install`)
if [ "${LIBRARY_INSTALLED:-}" != 1 ]; then
  echo "=== pipeline example: installing the library (mvn install -DskipTests at the root)"
  (cd "$root" && mvn -B -q -ntp "${offline[@]}" install -DskipTests)
fi

echo "=== pipeline example: mvn clean verify"
cd "$example"
# clean: compiled against the artifact just installed, as a consumer's fresh build is (Maven's
# incremental compile does not notice a changed dependency)
mvn -B -ntp "${offline[@]}" clean verify
