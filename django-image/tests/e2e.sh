#!/usr/bin/env bash
# End-to-end test of the image's files without Docker or AWS:
# PostgreSQL 15 + docker-entrypoint.sh (gunicorn) + nginx TLS front end + headless Chromium.
# The app runs on the Django line the image ships (Debian unstable root, see lib.sh), with the
# tests' stand-in opentelemetry-instrument first on its PATH: it must run only when
# DJANGO_TRACING=true.
set -euo pipefail
# shellcheck disable=SC2034  # read by lib.sh
SUITE=e2e
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

require_all
print_versions --servers
setup_work
APP_PATH="$STANDIN_DIR:$APP_PATH"
STANDIN_RECORD="$WORK/opentelemetry-instrument.txt"

step "start a throwaway PostgreSQL 15"
pg_init_and_start
pass "PostgreSQL 15 on 127.0.0.1:$PG_PORT with role $DB_USER_T and database $DB_NAME_T"

step "lay out the image files and collectstatic (as in the Dockerfile)"
prepare_app
check "collectstatic wrote a manifest with the hashed admin CSS" \
  grep -q '"admin/css/base.css": "admin/css/base\.[0-9a-f]*\.css"' "$APP_DIR/staticfiles/staticfiles.json"

step "first start: entrypoint migrates, creates the superuser, execs gunicorn"
app_start gunicorn-1
app_wait_healthy 60
pass "entrypoint healthy after ${APP_READY_SECONDS}s (plain-HTTP /healthz, unknown Host -> 200)"
check "entrypoint log: database wait, migrations, superuser created, gunicorn" \
  grep -q "ensure_superuser: created superuser '$SU_USER'" "$APP_LOG"
check "the entrypoint exec'd gunicorn (same PID, gthread workers)" \
  grep -q "Booting worker with pid" "$APP_LOG"
check "entrypoint process is now the gunicorn master" \
  grep -q gunicorn "/proc/$APP_PID/cmdline"

step "nginx terminates TLS for $TEST_HOST and forwards Host + X-Forwarded-Proto"
nginx_start
check "plain HTTP to the app (no X-Forwarded-Proto) on /admin/ redirects to https" \
  test "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $TEST_HOST" \
    "http://127.0.0.1:$APP_PORT/admin/login/")" = "301 https://$TEST_HOST/admin/login/"
check "unknown Host through the proxy is rejected (400) but /healthz answers 200" \
  test "$(curl -sk -o /dev/null -w '%{http_code}' -H 'Host: evil.invalid' "https://127.0.0.1:$NGINX_PORT/admin/login/")/$(
    curl -sk -o /dev/null -w '%{http_code}' -H 'Host: evil.invalid' "https://127.0.0.1:$NGINX_PORT/healthz")" = "400/200"
login_page="$(curl_proxy "$(proxy_url /admin/login/)")"
css_path="$(grep -o '/static/admin/css/base\.[0-9a-f]*\.css' <<<"$login_page" || true)"
css_path="${css_path%%$'\n'*}"
check "login page links the hashed admin CSS ($css_path)" test -n "$css_path"
check "hashed admin CSS is served with 200 through nginx with a long cache lifetime" \
  bash -c '[[ "$(curl -sk --resolve "$1:$2:127.0.0.1" -D - -o /dev/null "https://$1:$2$3" | tr -d "\r" |
    grep -Ei "^(HTTP/|cache-control:)" | tr "\n" " ")" =~ 200.*max-age=315360000 ]]' _ "$TEST_HOST" "$NGINX_PORT" "$css_path"

step "browser: admin login through the real form on the custom domain"
check "Chromium logs in at https://$TEST_HOST/admin/, admin index shown, admin CSS fetched (200) and applied" \
  browser_login "$(proxy_url /admin/)" "$SU_USER" "$SU_PASSWORD_1" success

step "browser: admin login on an App Runner default domain that is configured nowhere"
check "Chromium logs in at https://$DEFAULT_DOMAIN_HOST/admin/ (CSRF origin = request host, no CSRF_TRUSTED_ORIGINS entry)" \
  browser_login "$(proxy_url /admin/ "$DEFAULT_DOMAIN_HOST")" "$SU_USER" "$SU_PASSWORD_1" success

step "secret key rotation: old key in DJANGO_SECRET_KEY_FALLBACKS keeps sessions"
check "curl logs in (session cookie issued under key 1)" curl_login "$TEST_HOST" "$SU_USER" "$SU_PASSWORD_1" "$WORK/jar"
check "session cookie works before the rotation" logged_in "$WORK/jar"
app_stop
check "gunicorn stops cleanly on SIGTERM (exit 0)" test "$APP_EXIT" -eq 0
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SECRET_KEY_FALLBACKS=$SECRET_KEY_1")
app_start gunicorn-2
app_wait_healthy 60
check "after restart with key 2 + fallback key 1 the same session is still logged in" logged_in "$WORK/jar"
check "restart left the superuser untouched" grep -q "superuser '$SU_USER' already up to date" "$APP_LOG"
app_stop
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2")
app_start gunicorn-3
app_wait_healthy 60
check "control: key 2 WITHOUT the fallback invalidates that session (so the fallback is what kept it)" \
  logged_out "$WORK/jar"
app_stop

step "restart with a changed superuser password"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2")
app_start gunicorn-4
app_wait_healthy 60
check "ensure_superuser updated the password" grep -q "updated superuser '$SU_USER' (password)" "$APP_LOG"
check "still exactly one user" test "$(psql_app 'select count(*) from auth_user')" = 1
check "Chromium logs in with the NEW password" \
  browser_login "$(proxy_url /admin/)" "$SU_USER" "$SU_PASSWORD_2" success
check "Chromium is refused with the OLD password (error note on the login form)" \
  browser_login "$(proxy_url /admin/)" "$SU_USER" "$SU_PASSWORD_1" failure
app_stop

step "listen port: DJANGO_PORT (what the service injects) wins over PORT (a local docker run)"
decoy_port="$(free_port)"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "PORT=$decoy_port")
app_start gunicorn-5
app_wait_healthy 60
check "with DJANGO_PORT=$APP_PORT and PORT=$decoy_port gunicorn listens on $APP_PORT only" \
  bash -c 'grep -q "Listening at: http://0.0.0.0:$1 " "$2" && ! curl -s -o /dev/null -m 2 "http://127.0.0.1:$3/healthz"' \
  _ "$APP_PORT" "$APP_LOG" "$decoy_port"
app_stop

step "tracing off (DJANGO_TRACING absent or false): plain gunicorn, opentelemetry-instrument never runs"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "DJANGO_TRACING=false")
app_start gunicorn-untraced
app_wait_healthy 60
check "the stand-in opentelemetry-instrument, first on PATH, ran in none of the $(ls "$WORK"/logs/gunicorn-*.log | wc -l) starts so far (no DJANGO_TRACING, then false)" \
  test ! -e "$STANDIN_RECORD"
check "the gunicorn master is the entrypoint's process, started with --preload" \
  bash -c 'tr "\0" " " <"/proc/$1/cmdline" | grep -q -- "-m gunicorn config.wsgi:application .*--preload"' _ "$APP_PID"
app_stop

step "tracing on (DJANGO_TRACING=true): gunicorn runs under opentelemetry-instrument with the X-Ray settings"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "DJANGO_TRACING=true")
app_start gunicorn-traced
app_wait_healthy 60
check "opentelemetry-instrument ran with the gunicorn command line (python3 -m gunicorn config.wsgi:application, bind $APP_PORT, no --preload)" \
  bash -c 'line="$(grep "^argv:" "$1")"; [[ "$line" == "argv: python3 -m gunicorn config.wsgi:application --bind 0.0.0.0:$2 "* && "$line" != *--preload* ]]' \
  _ "$STANDIN_RECORD" "$APP_PORT"
check "... with OTEL_PROPAGATORS=xray, OTEL_PYTHON_ID_GENERATOR=xray, OTEL_TRACES_EXPORTER=otlp, OTEL_METRICS_EXPORTER=none, OTEL_LOGS_EXPORTER=none, a service name" \
  bash -c 'for kv in OTEL_PROPAGATORS=xray OTEL_PYTHON_ID_GENERATOR=xray OTEL_TRACES_EXPORTER=otlp \
    OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_SERVICE_NAME=django-apprunner; do
    grep -qx "env: $kv" "$1" || { echo "missing: $kv" >&2; exit 1; }; done' _ "$STANDIN_RECORD"
check "... and no OTEL_EXPORTER_OTLP_ENDPOINT (the exporter's default, localhost:4317, is App Runner's collector)" \
  bash -c '! grep -q "^env: OTEL_EXPORTER_OTLP_ENDPOINT=" "$1"' _ "$STANDIN_RECORD"
check "the traced gunicorn master is still the entrypoint's process (exec all the way: entrypoint, opentelemetry-instrument, gunicorn)" \
  bash -c 'tr "\0" " " <"/proc/$1/cmdline" | grep -q -- "-m gunicorn config.wsgi:application"' _ "$APP_PID"
check "curl logs in through the TLS proxy while traced" curl_login "$TEST_HOST" "$SU_USER" "$SU_PASSWORD_2" "$WORK/jar-traced"
app_stop
check "the traced gunicorn stops cleanly on SIGTERM (exit 0)" test "$APP_EXIT" -eq 0

step "database down during start-up: bounded wait, clear failure"
pg_stop
APP_ENV_EXTRA=("DB_WAIT_SECONDS=3")
app_start entrypoint-no-db
t0=$SECONDS
wait "$APP_PID" && rc=0 || rc=$?
elapsed=$((SECONDS - t0))
check "entrypoint exits non-zero (rc=$rc) after the bounded wait (${elapsed}s, DB_WAIT_SECONDS=3)" \
  test "$rc" -ne 0 -a "$elapsed" -ge 3 -a "$elapsed" -le 20
check "entrypoint printed its waiting message" grep -q "wait_for_db: waiting for database $DB_USER_T@127.0.0.1:$PG_PORT/$DB_NAME_T" "$APP_LOG"
check "entrypoint printed a clear give-up message" grep -q "giving up, database .* still unreachable after 3s" "$APP_LOG"
check "gunicorn was never started" bash -c '! grep -q "Starting gunicorn" "$1"' _ "$APP_LOG"
grep -m4 -E 'wait_for_db|ERROR' "$APP_LOG" | sed 's/^/    log: /'

finish
