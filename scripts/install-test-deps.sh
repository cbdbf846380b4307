#!/usr/bin/env bash
# Installs what the Django image's local proof (django-image/tests/run-all.sh) needs. Needs root;
# idempotent, and a no-op of a second or so when everything is in place.
#
#  * on the host (Debian bookworm): PostgreSQL 15, nginx, Chromium, openssl, curl, ab, debootstrap,
#    PyYAML;
#  * under /var/cache/django-image-test/sid-root: a Debian unstable root, made with debootstrap,
#    holding the Django line the image ships (python3-django 5.2.x, gunicorn, psycopg2,
#    whitenoise) and OpenTelemetry's SDK, Django instrumentation, OTLP/gRPC exporter and X-Ray
#    propagator (the tracing proof; opentelemetry-proto and grpcio come with the exporter),
#    django-storages' S3 backend and boto3 (media files on S3) and moto, whose server stands in
#    for S3 (Debian ships each django-storages backend in a package of its own; moto's server
#    needs Flask and Flask-CORS, which python3-moto only recommends). The
#    tests run every Python process of the app inside it (chroot; the host's loopback network,
#    /tmp and the project folder are shared), the servers stay on the host.
#    python3-django comes from whichever of sid and trixie-backports has the newer 5.2.x.
#    The root is built once and rebuilt only when its recipe below changes (or it is broken);
#    DJANGO_TEST_ROOT moves it, DJANGO_TEST_ROOT_REBUILD=1 forces a rebuild.
# Each long step says what it does and how long it usually takes, then how long it took. Two runs
# at once (two checkouts' `npm test`) take turns: the second waits, then finds everything in place.
set -euo pipefail

# python3-yaml: scripts/test-synth-output.sh reads the YAML that `cdk synth STACK` prints
host_packages=(postgresql nginx chromium openssl curl apache2-utils procps util-linux debootstrap python3 python3-yaml)

root="${DJANGO_TEST_ROOT:-/var/cache/django-image-test/sid-root}"
mirror="http://deb.debian.org/debian"
suite=sid
# libjs-jquery: Debian's Django links the admin's jquery.js to it (collectstatic needs the file)
root_packages=(python3-django python3-gunicorn python3-psycopg2 python3-whitenoise libjs-jquery
  python3-opentelemetry-sdk python3-opentelemetry-instrumentation-django
  python3-opentelemetry-exporter-otlp-proto-grpc python3-opentelemetry-propagator-aws-xray
  python3-django-storages-s3 python3-boto3 python3-moto python3-flask python3-flask-cors)
# Everything that shapes the root; its hash is stored in the root, a change triggers a rebuild.
recipe="recipe-v1 suite=$suite mirror=$mirror packages=${root_packages[*]} django-from=sid,trixie-backports grpc-stub-compat=1"
stamp="$root/etc/django-image-test-recipe"

log() { printf 'install-test-deps: %s\n' "$*"; }
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" = 0 ] && command -v flock >/dev/null; then
  lock="$(dirname "$root")/.install-test-deps.lock"
  mkdir -p "$(dirname "$lock")"
  exec 9>>"$lock"
  if ! flock -n 9; then
    log "waiting for another run of this script (lock: $lock)"
    flock 9
  fi
fi

# ---- host packages
missing=()
for p in "${host_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]}; installing them needs root: run 'sudo npm test' once (or 'sudo scripts/install-test-deps.sh'), then 'npm test'" >&2
    exit 1
  fi
  log "installing on the host: ${missing[*]} (apt-get; usually 1-3 min, the first time)"
  start=$SECONDS
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # the packaged services are started by the tests themselves, on private ports
  service nginx stop >/dev/null 2>&1 || true
  service postgresql stop >/dev/null 2>&1 || true
  log "installed on the host in $((SECONDS - start)) s: ${missing[*]}"
else
  log "host packages present"
fi

# ---- the Debian unstable root
root_imports() { # ROOT: the modules the tests use import there
  chroot "$1" /usr/bin/env PYTHONWARNINGS=ignore /usr/bin/python3 -c 'import django, gunicorn, psycopg2, whitenoise
import storages.backends.s3, boto3, moto.server
import opentelemetry.sdk, opentelemetry.instrumentation.django, opentelemetry.propagators.aws
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
OTLPSpanExporter(endpoint="http://127.0.0.1:9")'
}
root_ok() {
  [[ -z "${DJANGO_TEST_ROOT_REBUILD:-}" && -f "$stamp" && "$(cat "$stamp")" == "$recipe" ]] &&
    root_imports "$root" 2>/dev/null
}
root_versions() {
  chroot "$root" /usr/bin/python3 -c 'import sys; from importlib.metadata import version as v
print(*(f"{p} {v(p)}" for p in ("Django", "gunicorn", "psycopg2", "whitenoise", "opentelemetry-sdk",
  "opentelemetry-instrumentation-django", "grpcio", "django-storages", "boto3", "moto")),
  "Python", sys.version.split()[0])'
}
if root_ok; then
  log "Debian $suite root present: $root ($(root_versions))"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "the Debian $suite root for the Django tests is missing; building it needs root: run 'sudo npm test' once (or 'sudo scripts/install-test-deps.sh'), then 'npm test'" >&2
  exit 1
fi
log "building the Debian $suite root in $root, once (the Django line the image ships; usually 2-4 min):"
start=$SECONDS
new="$root.new"
rm -rf "$new"
mkdir -p "$(dirname "$root")"
(
  # the mounts that apt's maintainer scripts need live in a private mount namespace: they go
  # away with it, whatever happens
  unshare --mount --propagation private -- /bin/bash -euo pipefail -c '
    new=$1 suite=$2 mirror=$3
    shift 3
    echo "install-test-deps:   [1/2] debootstrap: a minimal Debian $suite (usually 1-2 min)"
    step=$SECONDS
    debootstrap --variant=minbase "$suite" "$new" "$mirror" >"$new.log" 2>&1 ||
      { tail -n 30 "$new.log" >&2; exit 1; }
    mount -t proc proc "$new/proc"
    mount --rbind /dev "$new/dev"
    cat >"$new/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror trixie-backports main
EOF
    # some machines reach the archive through a mirror that serves a dated snapshot, whose
    # Release files are past their Valid-Until date: this root only feeds the tests
    echo "Acquire::Check-Valid-Until \"false\";" >"$new/etc/apt/apt.conf.d/99django-image-test"
    # trixie-backports only for python3-django, at the same priority as sid: the newer wins
    cat >"$new/etc/apt/preferences.d/django" <<EOF
Package: python3-django
Pin: release n=trixie-backports
Pin-Priority: 500
EOF
    echo "install-test-deps:   [1/2] done in $((SECONDS - step)) s"
    echo "install-test-deps:   [2/2] apt-get in the root: $* (usually 1-2 min)"
    step=$SECONDS
    chroot "$new" apt-get update -qq
    chroot "$new" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "$@" >>"$new.log" 2>&1 || { tail -n 30 "$new.log" >&2; exit 1; }
    echo "install-test-deps:   [2/2] done in $((SECONDS - step)) s"
    chroot "$new" apt-get clean
    rm -rf "$new"/var/lib/apt/lists/*
    # Debian pairs python3-grpcio 1.51 with opentelemetry-proto stubs generated for grpcio >= 1.63,
    # whose clients pass _registered_method (grpcio >= 1.62): the OTLP/gRPC exporter then fails
    # with "unexpected keyword argument". The image pins grpcio 1.84; this root drops the argument
    # (a hint for the method registry of grpcio, nothing the export needs) while its grpcio is older.
    if chroot "$new" python3 -c "import sys, grpc
sys.exit(tuple(map(int, grpc.__version__.split(\".\")[:2])) >= (1, 62))" 2>/dev/null; then
      find "$new/usr/lib/python3/dist-packages/opentelemetry/proto" -name "*_pb2_grpc.py" \
        -exec sed -i "s/^\( *\)_registered_method=True)\$/\1)/" {} +
    fi
  ' bash "$new" "$suite" "$mirror" "${root_packages[@]}"
)
# a root whose packages install but do not import (a package split, a missing backend) would be
# rebuilt on every run: stop here instead, with the import error
root_imports "$new" || { log "the new root in $new lacks a module the tests import (above)" >&2; exit 1; }
echo "$recipe" >"$new/etc/django-image-test-recipe"
rm -f "$new.log"
rm -rf "$root"
mv "$new" "$root"
log "Debian $suite root ready in $((SECONDS - start)) s: $root ($(root_versions))"
