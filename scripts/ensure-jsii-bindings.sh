#!/usr/bin/env bash
# Makes sure the two jsii libraries that some Maven registries lack are in the local Maven
# repository under their real coordinates. Where the registry serves them (Maven Central does),
# Maven downloads them and nothing is generated. Where it does not, their official Java bindings
# are generated from the identical npm packages with jsii-pacmak and installed. Generated code
# lives in a temporary folder only; it is never committed.
#
# Several checkouts may share one local repository and run this at the same time (two `npm ci`):
# the work is done under a lock in that repository (the second run waits, then finds the jar
# installed), a binding is built in a private folder, and its files reach the repository by
# rename, so no build ever reads a half-written jar. A damaged jar is replaced.
# MAVEN_REPO_LOCAL=<folder> uses another local repository (passed to Maven as maven.repo.local).
# Progress goes to stderr, with what each long step does and how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${MAVEN_REPO_LOCAL:-}
mvn_flags=(-B -q -ntp)
if [ -n "$repo" ]; then
  mvn_flags+=(-Dmaven.repo.local="$repo")
elif [ -f "$HOME/.m2/settings.xml" ]; then
  repo=$(sed -n 's:.*<localRepository>\(.*\)</localRepository>.*:\1:p' "$HOME/.m2/settings.xml" | head -1)
fi
repo=${repo:-$HOME/.m2/repository}

# coordinates (group:artifact:version) and the npm package they are generated from
bindings=(
  "software.amazon.awscdk:apprunner-alpha:2.263.0-alpha.0 @aws-cdk/aws-apprunner-alpha"
  "io.github.cdklabs:cdk-docker-image-deployment:0.0.1034 cdk-docker-image-deployment"
)

say() { printf 'jsii-bindings: %s\n' "$*" >&2; }
jar_path() { # g:a:v -> path of the jar in the local repository
  local g a v; IFS=: read -r g a v <<<"$1"
  echo "$repo/${g//.//}/$a/$v/$a-$v.jar"
}
# a complete jar (a truncated one fails with "zip END header not found")
valid_jar() {
  [ -s "$1" ] || return 1
  if command -v unzip >/dev/null; then unzip -tqq "$1" >/dev/null 2>&1; fi
}

missing=()
for entry in "${bindings[@]}"; do
  read -r coords _ <<<"$entry"
  valid_jar "$(jar_path "$coords")" || missing+=("$entry")
done
((${#missing[@]} > 0)) || exit 0

work=$(mktemp -d)
lock=$repo/.jsii-bindings.lock
cleanup() { rm -rf "$work"; [ -n "${lock_dir:-}" ] && rm -rf "$lock_dir"; return 0; }
trap cleanup EXIT
mkdir -p "$repo"
waited=$SECONDS
if command -v flock >/dev/null; then
  exec 9>>"$lock"
  if ! flock -n 9; then
    say "waiting for another build that is installing jsii bindings into $repo (lock: $lock)"
    flock 9
    say "lock free after $((SECONDS - waited)) s"
  fi
else # no flock (macOS): a lock folder holding the owner's pid
  told=
  until mkdir "$lock.d" 2>/dev/null; do
    owner=$(cat "$lock.d/pid" 2>/dev/null || true)
    if [ -n "$owner" ] && ! ps -p "$owner" >/dev/null 2>&1; then rm -rf "$lock.d"; continue; fi
    [ -n "$told" ] || say "waiting for another build that is installing jsii bindings into $repo (lock: $lock.d)"
    told=1
    sleep 2
  done
  lock_dir=$lock.d
  echo $$ >"$lock_dir/pid"
fi

# Puts a built jar and its pom into the local repository as `mvn install` lays them out, each
# file written beside its final name and renamed into place.
install_binding() { # g:a:v jar pom
  local g a v dir; IFS=: read -r g a v <<<"$1"
  dir="$repo/${g//.//}/$a/$v"
  mkdir -p "$dir"
  cp "$3" "$dir/.$a-$v.pom.$$" && mv -f "$dir/.$a-$v.pom.$$" "$dir/$a-$v.pom"
  cp "$2" "$dir/.$a-$v.jar.$$" && mv -f "$dir/.$a-$v.jar.$$" "$dir/$a-$v.jar"
  # what Maven records for a locally installed artifact
  printf '#written by scripts/ensure-jsii-bindings.sh, as mvn install does\n%s>=\n%s>=\n' "$a-$v.jar" "$a-$v.pom" \
    >"$dir/._remote.repositories.$$"
  mv -f "$dir/._remote.repositories.$$" "$dir/_remote.repositories"
  rm -f "$dir/$a-$v.jar.lastUpdated" "$dir/$a-$v.pom.lastUpdated"
}

npm_ready=
for entry in "${missing[@]}"; do
  read -r coords package <<<"$entry"
  jar=$(jar_path "$coords")
  if valid_jar "$jar"; then
    say "$coords: installed meanwhile by another build"
    continue
  fi
  if [ -e "$jar" ]; then
    say "$coords: the installed jar is damaged; replacing it"
    rm -f "$jar"
  fi
  start=$SECONDS
  if mvn "${mvn_flags[@]}" dependency:get -Dartifact="$coords" -Dtransitive=false >"$work/get.log" 2>&1 && valid_jar "$jar"; then
    say "$coords: downloaded from the Maven registry ($((SECONDS - start)) s)"
    continue
  fi
  say "$coords is not served by the Maven registry ($((SECONDS - start)) s to ask): generating its official"
  say "  Java binding from npm $package with jsii-pacmak, once per Maven repository (usually 1-3 min)"
  if [ -z "$npm_ready" ]; then
    say "  [1/3] npm ci in scripts/jsii-bindings: jsii-pacmak and the npm packages (usually 10-30 s)"
    start=$SECONDS
    (cd scripts/jsii-bindings && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    say "  [1/3] done in $((SECONDS - start)) s"
    npm_ready=1
  fi
  out="$work/${coords//:/_}"
  say "  [2/3] jsii-pacmak: Java sources of $package (usually 10-30 s)"
  start=$SECONDS
  (cd scripts/jsii-bindings && npx --no-install jsii-pacmak --targets java --code-only --outdir "$out" "node_modules/$package")
  say "  [2/3] done in $((SECONDS - start)) s"
  say "  [3/3] Maven build of the binding against the versions pom.xml pins (usually 30-90 s;"
  say "        an empty local repository first downloads aws-cdk-lib, ~110 MB)"
  start=$SECONDS
  node scripts/jsii-bindings/pin-build-versions.js pom.xml "$out/java/pom.xml" "$out/java/build-pom.xml" |
    sed 's/^/        pinned /' >&2
  mvn "${mvn_flags[@]}" -f "$out/java/build-pom.xml" package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
  IFS=: read -r _ artifact version <<<"$coords"
  built="$out/java/target/$artifact-$version.jar"
  valid_jar "$built" || { say "building $coords made no valid jar ($built)"; exit 1; }
  say "  [3/3] done in $((SECONDS - start)) s"
  install_binding "$coords" "$built" "$out/java/pom.xml"
  valid_jar "$jar" || { say "installing $coords failed"; exit 1; }
  say "$coords: installed in $repo"
done
