#!/usr/bin/env bash
# Container entrypoint for App Runner (and the ECS tasks that run management commands):
#   1. check the required environment, 2. wait for the database (bounded),
#   3. migrate and 4. ensure the superuser, one instance at a time,
#   5. exec gunicorn on 0.0.0.0:$DJANGO_PORT (App Runner reserves PORT, so the service
#   injects DJANGO_PORT; PORT is still read for a local `docker run -e PORT=...`; default 8080),
#   through opentelemetry-instrument when DJANGO_TRACING=true (AWS X-Ray via App Runner's
#   OpenTelemetry collector).
# With arguments (a scheduled or one-off task: `docker-entrypoint.sh python3 manage.py
# clearsessions`), steps 1-2 run and then the arguments are exec'd: no migrate, no superuser, so
# a command neither waits behind a deployment's migrations (the start-up lock) nor redoes them,
# and needs no DJANGO_SUPERUSER_* (run `python3 manage.py migrate` as the command to migrate).
# The command's exit status and stderr are the task's.
set -euo pipefail

log() { printf 'entrypoint: %s\n' "$*"; }
die() { printf 'entrypoint: ERROR: %s\n' "$*" >&2; exit 1; }

cd "$(dirname "$(readlink -f "$0")")"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}"

required=(DJANGO_SECRET_KEY DB_HOST DB_NAME DB_USER DB_PASSWORD)
# only the web service's start-up creates or updates the superuser
(($# > 0)) || required+=(DJANGO_SUPERUSER_USERNAME DJANGO_SUPERUSER_PASSWORD)
missing=()
for name in "${required[@]}"; do
  [[ -n "${!name:-}" ]] || missing+=("$name")
done
((${#missing[@]} == 0)) || die "required environment variable(s) not set: ${missing[*]}"

listen_port="${DJANGO_PORT:-${PORT:-8080}}"
tracing="${DJANGO_TRACING:-false}"
case "${tracing,,}" in
  true) tracing=true ;;
  false) tracing=false ;;
  *) die "DJANGO_TRACING='${DJANGO_TRACING}' is neither true nor false" ;;
esac
GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
GUNICORN_THREADS="${GUNICORN_THREADS:-4}"
GUNICORN_TIMEOUT="${GUNICORN_TIMEOUT:-30}"
DB_WAIT_SECONDS="${DB_WAIT_SECONDS:-60}"
export DB_WAIT_SECONDS

log "waiting for the database ${DB_HOST}:${DB_PORT:-5432}/${DB_NAME} (up to ${DB_WAIT_SECONDS}s)"
python3 manage.py wait_for_db || die "database not reachable, giving up (see the message above)"

if (($# > 0)); then
  log "exec $* (a command: no migrations, no superuser step)"
  exec "$@"
fi

# Instances starting together take turns (a PostgreSQL advisory lock, ops/.../startup_steps.py):
# Django does not serialise concurrent migrations.
log "applying migrations and ensuring the superuser, one instance at a time (waits up to ${DB_MIGRATE_LOCK_SECONDS:-300}s for another)"
python3 manage.py startup_steps || die "start-up steps (migrate, ensure_superuser) failed"

# Heartbeat files on tmpfs, so a slow disk never makes the arbiter kill workers.
worker_tmp=()
[[ -d /dev/shm && -w /dev/shm ]] && worker_tmp=(--worker-tmp-dir /dev/shm)

gunicorn=(python3 -m gunicorn config.wsgi:application
  --bind "0.0.0.0:${listen_port}"
  --worker-class gthread
  --workers "${GUNICORN_WORKERS}"
  --threads "${GUNICORN_THREADS}"
  --timeout "${GUNICORN_TIMEOUT}"
  --graceful-timeout 20
  --keep-alive 5
  "${worker_tmp[@]}"
  --access-logfile -
  --error-logfile -
  --log-level info)

if [[ "$tracing" == false ]]; then
  log "starting gunicorn on 0.0.0.0:${listen_port} (${GUNICORN_WORKERS} workers x ${GUNICORN_THREADS} threads)"
  # --preload: the app is imported once in the master and shared by the workers
  exec "${gunicorn[@]}" --preload
fi

# Tracing to AWS X-Ray through App Runner's managed OpenTelemetry collector: X-Ray trace IDs
# (unless OTEL_PYTHON_ID_GENERATOR names another installed generator) and propagation.
# opentelemetry-instrument instruments Django, psycopg2 and urllib in the master; each worker makes
# its own tracer provider and OTLP/gRPC exporter after the fork (config/gunicorn_tracing.py), to the
# exporter's default endpoint, http://localhost:4317, where the collector listens.
# The Django middleware goes after ops' HealthzMiddleware (position 1): first, it would validate
# the Host header of App Runner's health checks (an address not in ALLOWED_HOSTS) and answer 400.
export OTEL_PROPAGATORS=xray OTEL_PYTHON_ID_GENERATOR="${OTEL_PYTHON_ID_GENERATOR:-xray}" \
  OTEL_PYTHON_DJANGO_MIDDLEWARE_POSITION=1 OTEL_PYTHON_DJANGO_EXCLUDED_URLS=healthz
# service name in X-Ray, unless set by either of OpenTelemetry's own variables
if [[ -z "${OTEL_SERVICE_NAME:-}" && "${OTEL_RESOURCE_ATTRIBUTES:-}" != *service.name=* ]]; then
  export OTEL_SERVICE_NAME=django-apprunner
fi
log "starting gunicorn on 0.0.0.0:${listen_port} (${GUNICORN_WORKERS} workers x ${GUNICORN_THREADS} threads), traced to X-Ray as ${OTEL_SERVICE_NAME:-the service.name of OTEL_RESOURCE_ATTRIBUTES}"
# No --preload here: each worker imports the app after the fork, the set-up OpenTelemetry
# documents for gunicorn (the SDK's export thread and gRPC channel are not shared across a fork).
exec opentelemetry-instrument "${gunicorn[@]}" --config python:config.gunicorn_tracing
