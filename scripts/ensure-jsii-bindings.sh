#!/usr/bin/env bash
# Makes sure the two jsii libraries that some Maven registries lack are in the local Maven
# repository under their real coordinates. Where the registry serves them (Maven Central does),
# Maven downloads them and nothing is generated. Where it does not, their official Java bindings
# are generated from the identical npm packages with jsii-pacmak and installed. Generated code
# lives in a temporary folder only; it is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
repo=${MAVEN_REPO_LOCAL:-}
if [ -z "$repo" ] && [ -f "$HOME/.m2/settings.xml" ]; then
  repo=$(sed -n 's:.*<localRepository>\(.*\)</localRepository>.*:\1:p' "$HOME/.m2/settings.xml" | head -1)
fi
repo=${repo:-$HOME/.m2/repository}
mvn_flags=(-B -q -ntp)

# coordinates (group:artifact:version) and the npm package they are generated from
bindings=(
  "software.amazon.awscdk:apprunner-alpha:2.263.0-alpha.0 @aws-cdk/aws-apprunner-alpha"
  "io.github.cdklabs:cdk-docker-image-deployment:0.0.1034 cdk-docker-image-deployment"
)

jar_path() { # g:a:v -> path of the jar in the local repository
  local g a v; IFS=: read -r g a v <<<"$1"
  echo "$repo/${g//.//}/$a/$v/$a-$v.jar"
}

npm_ready=
for entry in "${bindings[@]}"; do
  read -r coords package <<<"$entry"
  [ -f "$(jar_path "$coords")" ] && continue
  if mvn "${mvn_flags[@]}" dependency:get -Dartifact="$coords" -Dtransitive=false >/dev/null 2>&1; then
    echo "jsii-bindings: $coords resolved from the Maven registry"
    continue
  fi
  echo "jsii-bindings: $coords is not served by the Maven registry; generating it from npm $package"
  if [ -z "$npm_ready" ]; then
    (cd scripts/jsii-bindings && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    npm_ready=1
  fi
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  (cd scripts/jsii-bindings && npx --no-install jsii-pacmak --targets java --code-only --outdir "$out" "node_modules/$package")
  (cd "$out/java" && mvn "${mvn_flags[@]}" install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
  rm -rf "$out"; trap - EXIT
  [ -f "$(jar_path "$coords")" ] || { echo "jsii-bindings: installing $coords failed" >&2; exit 1; }
  echo "jsii-bindings: installed $coords"
done
