#!/usr/bin/env bash
# Container entrypoint for App Runner:
#   1. check the required environment, 2. wait for the database (bounded),
#   3. migrate, 4. ensure the superuser, 5. exec gunicorn on 0.0.0.0:$PORT.
# With arguments, steps 1-4 run and then the arguments are exec'd instead of
# gunicorn (e.g. `docker-entrypoint.sh python3 manage.py shell`).
set -euo pipefail

log() { printf 'entrypoint: %s\n' "$*"; }
die() { printf 'entrypoint: ERROR: %s\n' "$*" >&2; exit 1; }

cd "$(dirname "$(readlink -f "$0")")"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}"

missing=()
for name in DJANGO_SECRET_KEY DB_HOST DB_NAME DB_USER DB_PASSWORD \
            DJANGO_SUPERUSER_USERNAME DJANGO_SUPERUSER_PASSWORD; do
  [[ -n "${!name:-}" ]] || missing+=("$name")
done
((${#missing[@]} == 0)) || die "required environment variable(s) not set: ${missing[*]}"

PORT="${PORT:-8080}"
GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
GUNICORN_THREADS="${GUNICORN_THREADS:-4}"
GUNICORN_TIMEOUT="${GUNICORN_TIMEOUT:-30}"
DB_WAIT_SECONDS="${DB_WAIT_SECONDS:-60}"
export DB_WAIT_SECONDS

log "waiting for the database ${DB_HOST}:${DB_PORT:-5432}/${DB_NAME} (up to ${DB_WAIT_SECONDS}s)"
python3 manage.py wait_for_db || die "database not reachable, giving up (see the message above)"

log "applying migrations"
python3 manage.py migrate --noinput || die "migrate failed"

log "ensuring the superuser"
python3 manage.py ensure_superuser || die "ensure_superuser failed"

if (($# > 0)); then
  log "exec $*"
  exec "$@"
fi

# Heartbeat files on tmpfs, so a slow disk never makes the arbiter kill workers.
worker_tmp=()
[[ -d /dev/shm && -w /dev/shm ]] && worker_tmp=(--worker-tmp-dir /dev/shm)

log "starting gunicorn on 0.0.0.0:${PORT} (${GUNICORN_WORKERS} workers x ${GUNICORN_THREADS} threads)"
exec python3 -m gunicorn config.wsgi:application \
  --bind "0.0.0.0:${PORT}" \
  --worker-class gthread \
  --workers "${GUNICORN_WORKERS}" \
  --threads "${GUNICORN_THREADS}" \
  --timeout "${GUNICORN_TIMEOUT}" \
  --graceful-timeout 20 \
  --keep-alive 5 \
  "${worker_tmp[@]}" \
  --preload \
  --access-logfile - \
  --error-logfile - \
  --log-level info
