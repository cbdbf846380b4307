#!/usr/bin/env bash
# The "app" command of cdk.json. Starts the demo with plain `java` (no Maven in the hot path) and
# rebuilds it first only when a pom or a source file is newer than the last build.
#
# cdk-docker-image-deployment, used from Java, needs three things (upstream issue #156): the jsii
# runtime must unpack npm packages (TMPDIR) below the folder of a package-lock.json, and esbuild must
# be on PATH for its NodejsFunction. node_modules/.bin also brings Node 24 for the jsii runtime.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
classpath=demo-app/target/classpath.txt
stamp=demo-app/target/.built
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml constructs-lib/pom.xml demo-app/pom.xml \
    constructs-lib/src/main demo-app/src/main -newer "$stamp" -print -quit)" ]; then
  echo "cdk-app: building the demo app (first run or sources changed)" >&2
  scripts/ensure-jsii-bindings.sh >&2
  mvn -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl demo-app -am >&2
  touch "$stamp"
fi
if [ ! -x node_modules/.bin/esbuild ]; then
  echo "cdk-app: node_modules is missing; run 'npm ci' in $root first" >&2
  exit 1
fi
mkdir -p .jsii-tmp
export TMPDIR="$root/.jsii-tmp"
export PATH="$root/node_modules/.bin:$PATH"
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
# deprecation warnings of aws-cdk-lib internals used by cdk-docker-image-deployment; nothing to act on
export JSII_DEPRECATED=quiet
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp "demo-app/target/classes:$(cat "$classpath")" io.github.apprunnerdjango.demo.DemoApp
