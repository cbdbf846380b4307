#!/usr/bin/env bash
# The "app" command of cdk.json. Starts the demo with plain `java` (no Maven in the hot path) and
# rebuilds it first only when a pom or a source file is newer than the last build. With a JDK 25+,
# it runs with an ahead-of-time class cache (below).
#
# cdk-docker-image-deployment, used from Java, needs three things (upstream issue #156): the jsii
# runtime must unpack npm packages (TMPDIR) below the folder of a package-lock.json, and esbuild must
# be on PATH for its NodejsFunction. node_modules/.bin also brings Node 24 for the jsii runtime.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
classpath=demo-app/target/classpath.txt
stamp=demo-app/target/.built
# several syntheses may start at once (the README check runs them side by side): one builds, the
# others wait for it and then find the build fresh; two Maven builds in one target folder break both
mkdir -p demo-app/target
if command -v flock >/dev/null 2>&1; then
  exec 9>demo-app/target/.build.lock
  flock 9
fi
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml constructs-lib/pom.xml demo-app/pom.xml \
    constructs-lib/src/main demo-app/src/main -newer "$stamp" -print -quit)" ]; then
  echo "cdk-app: building the demo app (first run or sources changed)" >&2
  scripts/ensure-jsii-bindings.sh >&2
  mvn -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl demo-app -am >&2
  touch "$stamp"
fi
if command -v flock >/dev/null 2>&1; then
  flock -u 9
  exec 9>&-
fi
if [ ! -x node_modules/.bin/esbuild ]; then
  echo "cdk-app: node_modules is missing; run 'npm ci' in $root first" >&2
  exit 1
fi
mkdir -p .jsii-tmp
export TMPDIR="$root/.jsii-tmp"
# scripts/app-bin: an npx that runs project binaries directly (see the file)
export PATH="$root/scripts/app-bin:$root/node_modules/.bin:$PATH"
# One V8 worker thread in the jsii runtime's Node: aws-cdk-lib's template validation runs ~8 MB of
# WebAssembly, and V8's default worker pool (a thread per core, compiling in the background) competes
# with the JVM and Node's main thread for the cores; with one worker the app is ~0.5 s faster on a
# 2-core machine (`npm run bench`). A --v8-pool-size in the caller's NODE_OPTIONS comes later and wins.
export NODE_OPTIONS="--v8-pool-size=1${NODE_OPTIONS:+ $NODE_OPTIONS}"
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
# deprecation warnings of aws-cdk-lib internals used by cdk-docker-image-deployment; nothing to act on
export JSII_DEPRECATED=quiet

# A class cache made by the first run after a build saves every later synth the loading of the
# app's classes; it needs a classpath of jars only, and the jar is rebuilt with the sources:
# - JDK 25 or newer (CDK_JAVA, else JAVA_HOME, else /usr/lib/jvm): an ahead-of-time cache
#   (JEP 483/514), ~0.3 s;
# - otherwise CDK_JAVA or `java`, from JDK 13 to 24: a dynamic class-data-sharing archive (JEP 350),
#   ~0.15 s on JDK 17;
# - older JDKs run the app without one. A cache the JVM cannot use is ignored (and remade after the
#   next build).
# the choice is remembered next to the build (a JVM start to read a version costs ~0.1 s)
choice=demo-app/target/cdk-app.java
if [ -f "$choice" ] && [ "$choice" -nt "$stamp" ] && [ "$(sed -n 1p "$choice")" = "${CDK_JAVA:-}|${JAVA_HOME:-}" ]; then
  java_bin=$(sed -n 2p "$choice")
  cache_kind=$(sed -n 3p "$choice")
else
  java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
  java_bin= cache_kind=
  for candidate in "${CDK_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then java_bin=$candidate cache_kind=aot; fi
    # CDK_JAVA decides alone: an older JDK there gets the archive below
    [ "$candidate" = "${CDK_JAVA:-}" ] && break
    [ -n "$java_bin" ] && break
  done
  if [ -z "$java_bin" ]; then
    java_bin=${CDK_JAVA:-java}
    major=$(java_major "$java_bin")
    if [ "${major:-0}" -ge 13 ] 2>/dev/null; then cache_kind=cds; fi
  fi
  printf '%s\n%s\n%s\n' "${CDK_JAVA:-}|${JAVA_HOME:-}" "$java_bin" "$cache_kind" >"$choice"
fi
# the newest jar: a version change leaves the previous version's jar in target/
jar=$(ls -t demo-app/target/apprunner-django-demo-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1 || true)
# The app's stdout is what `cdk synth STACK > template.yaml` writes (the CLI passes it through), so
# the JVM's own messages go to stderr and its cache logging is off.
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+DisplayVMOutputToStderr)
main=io.github.apprunnerdjango.demo.DemoApp
if [ -n "$jar" ] && [ "$cache_kind" = aot ]; then
  cp="$jar:$(cat "$classpath")"
  cache=demo-app/target/cdk-app.aot
  aot_flags=(-Xlog:aot=off -Xlog:cds=off)
  [ "$cache" -nt "$stamp" ] || rm -f "$cache"
  if [ -f "$cache" ]; then
    exec "$java_bin" "${flags[@]}" "${aot_flags[@]}" -XX:AOTCache="$cache" -cp "$cp" "$main"
  fi
  # The first run after a build records which classes the app loads, then a second JVM turns that
  # record into the cache. Not -XX:AOTCacheOutput, which does both in one go: its second JVM gets
  # the options through JAVA_TOOL_OPTIONS and so prints a "Picked up JAVA_TOOL_OPTIONS: <classpath>"
  # line, and its progress lines go to stdout. Here that JVM's output goes to a log file.
  # per-process file names: syntheses started side by side each record, and the first cache to be
  # moved into place wins (mv is atomic); none removes another's files
  config=demo-app/target/cdk-app.aotconf.$$
  rc=0
  "$java_bin" "${flags[@]}" "${aot_flags[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$config" \
    -cp "$cp" "$main" || rc=$?
  if [ "$rc" = 0 ] && [ -f "$config" ]; then
    if "$java_bin" "${flags[@]}" "${aot_flags[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$config" \
        -XX:AOTCache="$cache.tmp.$$" -cp "$cp" >"$cache.log.$$" 2>&1; then
      mv -f "$cache.tmp.$$" "$cache"
      mv -f "$cache.log.$$" "$cache.log"
    else
      mv -f "$cache.log.$$" "$cache.log"
      echo "cdk-app: no class cache this time (the app runs without one; see $cache.log)" >&2
    fi
  fi
  rm -f "$config" "$cache.tmp.$$"
  exit "$rc"
fi
if [ -n "$jar" ] && [ "$cache_kind" = cds ]; then
  cache=demo-app/target/cdk-app.jsa
  [ "$cache" -nt "$stamp" ] || rm -f "$cache"
  if [ -f "$cache" ]; then
    flags+=(-XX:SharedArchiveFile="$cache" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    flags+=(-XX:ArchiveClassesAtExit="$cache" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  exec "$java_bin" "${flags[@]}" -cp "$jar:$(cat "$classpath")" "$main"
fi
exec "$java_bin" "${flags[@]}" -cp "demo-app/target/classes:$(cat "$classpath")" "$main"
