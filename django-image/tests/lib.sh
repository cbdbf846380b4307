# shellcheck shell=bash
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
# Shared harness for run-unit.sh, e2e.sh and reliability.sh.
#
# Starts throwaway PostgreSQL 15, the container entrypoint (gunicorn or
# runserver), an nginx TLS proxy and headless Chromium, all on 127.0.0.1 with
# free ports and temp dirs, and tears every process down by PID on exit.
# It installs nothing: what is missing is named and the script stops.
#
# The app's Python (Django 5.2, gunicorn, psycopg2, whitenoise, OpenTelemetry, django-storages,
# boto3; moto's server as the S3 stand-in) runs inside a Debian unstable
# root that scripts/install-test-deps.sh builds (in_root below); PostgreSQL, nginx, Chromium,
# curl and the harness's own small Python helpers run on the host. A chroot keeps the host's
# network, so both sides meet on 127.0.0.1.

TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(cd "$TESTS_DIR/.." && pwd)"
# The host's Debian Python, for the harness's helpers (free ports, the CDP client): stdlib only.
PY=/usr/bin/python3
export PATH="/usr/bin:/bin:/usr/sbin:/sbin:${PATH:-}"
# The Debian unstable root with the Django line the image ships.
DJANGO_ROOT="${DJANGO_TEST_ROOT:-/var/cache/django-image-test/sid-root}"
# PATH of the app's processes inside the root (the entrypoint finds python3 there)
APP_PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
# The tests' stand-in for opentelemetry-instrument (records its argv and environment)
STANDIN_DIR="$TESTS_DIR/stand-ins"
PG_BIN=/usr/lib/postgresql/15/bin
TEST_HOST=django.test
# An App Runner-like default domain, deliberately NOT configured anywhere.
DEFAULT_DOMAIN_HOST=abc123xyz.us-east-1.awsapprunner.com

SUITE="${SUITE:-test}"
PASSED=0
FAILED=0
STEP="start"
WORK=""
PIDS=()          # process-group leaders we started (setsid), killed on exit
PG_DATA=""
PG_PORT=""
APP_PID=""
NGINX_PID=""

log() { printf '[%s] %s\n' "$SUITE" "$*"; }
step() { STEP="$*"; log "== $STEP"; }
pass() { PASSED=$((PASSED + 1)); printf '  ok %d - %s\n' "$PASSED" "$*"; }

fail() {
  FAILED=$((FAILED + 1))
  printf '  FAILED - %s\n' "$*" >&2
  printf '[%s] step failed: %s\n' "$SUITE" "$STEP" >&2
  dump_logs
  printf '%s: %d passed, %d failed\n' "$SUITE" "$PASSED" "$FAILED"
  exit 1
}

# check "description" command args...   (runs the command, pass/fail on its status)
check() {
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

finish() {
  printf '%s: %d passed, %d failed\n' "$SUITE" "$PASSED" "$FAILED"
  ((FAILED == 0))
}

dump_logs() {
  [[ -n "$WORK" && -d "$WORK/logs" ]] || return 0
  local f
  for f in "$WORK"/logs/*.log; do
    [[ -s "$f" && "$f" != */openssl.log ]] || continue
    printf '\n----- %s (last 60 lines) -----\n' "$(basename "$f")" >&2
    tail -n 60 "$f" >&2
  done
}

# ---------------------------------------------------------------- prerequisites
need_file() { # path package
  [[ -x "$1" ]] || { echo "$SUITE: missing $1 - install the Debian package '$2' (apt-get install -y $2)" >&2; exit 2; }
}

# in_root CMD...: runs CMD in the Debian unstable root, chrooted inside a private mount
# namespace that sees the host's /dev, /proc, /tmp (work dirs, sockets) and the project folder
# at the same paths. The mounts vanish with the namespace; the PID stays CMD's (unshare, sh and
# chroot all exec), so start_bg/kill_group and /proc figures work as for a host process.
# IN_ROOT is the same as a command prefix, for setsid (start_bg).
IN_ROOT=(unshare --mount --propagation private -- /bin/sh -ec '
    root=$1 project=$2
    shift 2
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount --bind /tmp "$root/tmp"
    mkdir -p "$root$project"
    mount --bind "$project" "$root$project"
    exec chroot "$root" "$@"' in_root "$DJANGO_ROOT" "$PROJECT_DIR")
in_root() { "${IN_ROOT[@]}" "$@"; }

require_python_django() {
  need_file /usr/bin/unshare util-linux
  need_file /usr/sbin/chroot coreutils
  [[ -x "$DJANGO_ROOT/usr/bin/python3" ]] ||
    { echo "$SUITE: no Debian unstable root at $DJANGO_ROOT - run scripts/install-test-deps.sh" >&2; exit 2; }
  [[ $(id -u) -eq 0 ]] || { echo "$SUITE: run as root (the app runs in a chroot)" >&2; exit 2; }
  in_root /usr/bin/python3 - <<'EOF' || exit 2
import sys
missing = []
try:
    import django
    if django.VERSION[:2] != (5, 2):
        sys.exit(f"python3-django {django.get_version()} in the test root: the image ships 5.2 "
                 "(rebuild it: DJANGO_TEST_ROOT_REBUILD=1 scripts/install-test-deps.sh)")
except ImportError:
    missing.append("python3-django")
for mod, pkg in (("psycopg2", "python3-psycopg2"), ("gunicorn", "python3-gunicorn"),
                 ("whitenoise", "python3-whitenoise"), ("opentelemetry.sdk", "python3-opentelemetry-sdk"),
                 ("opentelemetry.instrumentation.django", "python3-opentelemetry-instrumentation-django"),
                 ("opentelemetry.exporter.otlp.proto.grpc", "python3-opentelemetry-exporter-otlp-proto-grpc"),
                 ("opentelemetry.propagators.aws", "python3-opentelemetry-propagator-aws-xray"),
                 ("storages.backends.s3", "python3-django-storages-s3"), ("boto3", "python3-boto3"),
                 ("moto.server", "python3-moto python3-flask-cors")):
    try:
        __import__(mod)
    except ImportError:
        missing.append(pkg)
if missing:
    sys.exit("missing in the test root: " + ", ".join(missing) + " - run scripts/install-test-deps.sh")
EOF
}

# print_versions: what this suite runs on (app side in the root, servers on the host)
print_versions() {
  local app host=""
  app="$(in_root /usr/bin/python3 -c 'import sys; from importlib.metadata import version as v
print(", ".join(f"{p} {v(p)}" for p in ("Django", "gunicorn", "psycopg2", "whitenoise", "opentelemetry-sdk",
                                         "opentelemetry-instrumentation-django", "grpcio",
                                         "django-storages", "boto3", "botocore", "moto"))
      + f", Python {sys.version.split()[0]}")')"
  log "versions: $app (Debian $(cat "$DJANGO_ROOT/etc/debian_version" 2>/dev/null) root $DJANGO_ROOT)"
  if [[ "${1:-}" == --servers ]]; then
    host="PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
    host+=", nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*nginx/||')"
    host+=", $(/usr/bin/chromium --version 2>/dev/null | awk '{print $1, $2}')"
    log "versions: $host (host, Debian $(cat /etc/debian_version))"
  fi
}

require_all() {
  require_python_django
  need_file "$PG_BIN/initdb" postgresql-15
  need_file "$PG_BIN/pg_ctl" postgresql-15
  need_file /usr/bin/psql postgresql-client-15
  need_file /usr/sbin/nginx nginx
  need_file /usr/bin/openssl openssl
  need_file /usr/bin/curl curl
  need_file /usr/bin/chromium chromium
  need_file /usr/sbin/runuser util-linux
  id -u postgres >/dev/null 2>&1 || { echo "$SUITE: no 'postgres' system user - install postgresql" >&2; exit 2; }
  [[ $(id -u) -eq 0 ]] || { echo "$SUITE: run as root (PostgreSQL is started via runuser -u postgres)" >&2; exit 2; }
}

# ---------------------------------------------------------------- lifecycle
setup_work() {
  WORK="$(mktemp -d "/tmp/django-image-${SUITE}.XXXXXX")"
  chmod 755 "$WORK"
  mkdir -p "$WORK/logs"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

kill_group() { # pid: TERM the process group we created with setsid, then KILL
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? pid
  set +e
  for pid in "${PIDS[@]}"; do kill_group "$pid"; done
  pg_stop >/dev/null 2>&1
  if [[ -n "$WORK" && -d "$WORK" && -z "${KEEP_WORK:-}" ]]; then rm -rf "$WORK"; fi
  exit "$rc"
}

# start_bg NAME LOGFILE cmd...  -> sets BG_PID (new session: PID == PGID)
start_bg() {
  local logfile="$1"
  shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  BG_PID=$!
  PIDS+=("$BG_PID")
}

stop_bg() { # pid -> exit status of the process
  local pid="$1" rc=0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || rc=$?
  kill -KILL -- "-$pid" 2>/dev/null || true
  return "$rc"
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_until() { # seconds cmd... : poll every 0.1 s
  local deadline=$((SECONDS + $1))
  shift
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep 0.1
  done
  "$@"
}

# ---------------------------------------------------------------- PostgreSQL
DB_NAME_T=app
DB_USER_T=app_user
DB_PASSWORD_T='db-Pa55-w0rd'

pg_init_and_start() {
  PG_PORT="$(free_port)"
  mkdir -p "$WORK/pg"
  chown postgres: "$WORK/pg"
  PG_DATA="$WORK/pg/data"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --no-sync >"$WORK/logs/initdb.log" 2>&1 \
    || fail "initdb failed"
  pg_start
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h "$WORK/pg" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE $DB_USER_T LOGIN PASSWORD '$DB_PASSWORD_T'" \
    -c "CREATE DATABASE $DB_NAME_T OWNER $DB_USER_T" >>"$WORK/logs/postgres.log" 2>&1 \
    || fail "creating role/database failed"
}

pg_start() {
  touch "$WORK/logs/postgres.log"
  chown postgres: "$WORK/logs/postgres.log"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/logs/postgres.log" -w -t 30 \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
    start >/dev/null || fail "PostgreSQL did not start"
}

pg_stop() {
  [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]] || return 0
  local pid
  pid="$(head -1 "$PG_DATA/postmaster.pid")"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null 2>&1 \
    || kill -KILL "$pid" 2>/dev/null || true
}

psql_app() { # SQL -> single value
  PGPASSWORD="$DB_PASSWORD_T" psql -qtAX -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER_T" -d "$DB_NAME_T" -c "$1"
}

# ---------------------------------------------------------------- the image's files
# Lay the project out as in the image (/app) and run collectstatic like the Dockerfile.
prepare_app() {
  APP_DIR="$WORK/app"
  mkdir -p "$APP_DIR"
  tar -C "$PROJECT_DIR" --exclude=./tests --exclude=./staticfiles --exclude=./media --exclude='*/__pycache__' \
    --exclude=./node_modules -cf - . | tar -C "$APP_DIR" -xf -
  in_root /usr/bin/env -i -C "$APP_DIR" PATH="$APP_PATH" DJANGO_SECRET_KEY=build-only-not-a-secret \
    python3 manage.py collectstatic --noinput >"$WORK/logs/collectstatic.log" 2>&1 \
    || fail "collectstatic failed"
}

# App Runner-like environment (the contract names; PORT is App Runner's reserved name, the
# service injects DJANGO_PORT). Override via APP_ENV_EXTRA=(NAME=value ...).
SECRET_KEY_1='k1-Zq8!vN3#tL6@pR9$wX2%yB5^cD7&fG4*hJ1(kM0)sA'
SECRET_KEY_2='k2-Hy7!uT4#oI1@eW8$qP5%zS2^xC9&vB6*nM3(lK0)jF'
SU_USER='admin'
SU_PASSWORD_1='first-Adm1n-pass'
SU_PASSWORD_2='second-Adm1n-pass'
APP_PORT=""
APP_ENV_EXTRA=()

app_env() { # -> APP_ENV array
  APP_ENV=("PATH=$APP_PATH" "HOME=/tmp" "LANG=C.UTF-8" "PYTHONDONTWRITEBYTECODE=1" "PYTHONUNBUFFERED=1"
    "DB_USER=$DB_USER_T" "DB_PASSWORD=$DB_PASSWORD_T" "DB_HOST=127.0.0.1" "DB_PORT=$PG_PORT"
    "DB_NAME=$DB_NAME_T" "DJANGO_SUPERUSER_USERNAME=$SU_USER" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_1"
    "DJANGO_SUPERUSER_EMAIL=admin@django.test" "DJANGO_SECRET_KEY=$SECRET_KEY_1"
    "DJANGO_SECRET_KEY_FALLBACKS=" "DJANGO_DOMAIN=$TEST_HOST" "DJANGO_ALLOWED_HOSTS=" "DJANGO_PORT=$APP_PORT"
    "OTEL_STANDIN_RECORD=$WORK/opentelemetry-instrument.txt"
    "${APP_ENV_EXTRA[@]}")
}

# app_start LOGNAME [entrypoint args...]  -> APP_PID (gunicorn master / runserver after exec)
# Later NAME=value entries in APP_ENV_EXTRA override the defaults (env(1) keeps the last).
app_start() {
  local logname="$1"
  shift
  [[ -n "$APP_PORT" ]] || APP_PORT="$(free_port)"
  app_env
  APP_LOG="$WORK/logs/$logname.log"
  APP_START_NS=$(date +%s%N)
  start_bg "$APP_LOG" "${IN_ROOT[@]}" /usr/bin/env -i "${APP_ENV[@]}" "$APP_DIR/docker-entrypoint.sh" "$@"
  APP_PID=$BG_PID
}

# app_run LOGNAME entrypoint-args...: the entrypoint in the foreground with the service's
# environment (APP_ENV), as an ECS task runs a command -> APP_RUN_RC, APP_RUN_OUT/ERR (files)
app_run() {
  local logname="$1"
  shift
  app_env
  APP_RUN_OUT="$WORK/logs/$logname.stdout.log"
  APP_RUN_ERR="$WORK/logs/$logname.stderr.log"
  APP_RUN_RC=0
  "${IN_ROOT[@]}" /usr/bin/env -i "${APP_ENV[@]}" "$APP_DIR/docker-entrypoint.sh" "$@" \
    >"$APP_RUN_OUT" 2>"$APP_RUN_ERR" </dev/null || APP_RUN_RC=$?
}

healthz_direct() { # plain HTTP straight to the app with an unknown Host (App Runner health check)
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 -H 'Host: 10.0.0.1:8080' \
    "http://127.0.0.1:$APP_PORT/healthz")" == 200 ]]
}

# app_wait_healthy SECONDS -> APP_READY_SECONDS (from entrypoint start)
app_wait_healthy() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    kill -0 "$APP_PID" 2>/dev/null || fail "entrypoint exited before becoming healthy (see $APP_LOG)"
    if healthz_direct; then
      APP_READY_SECONDS=$(awk -v a="$APP_START_NS" -v b="$(date +%s%N)" 'BEGIN{printf "%.2f", (b-a)/1e9}')
      return 0
    fi
    sleep 0.05
  done
  fail "app not healthy after $1 s"
}

app_stop() { # -> APP_EXIT
  APP_EXIT=0
  stop_bg "$APP_PID" || APP_EXIT=$?
}

# ---------------------------------------------------------------- nginx TLS proxy
make_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$TEST_HOST" \
    -addext "subjectAltName=DNS:$TEST_HOST,DNS:*.us-east-1.awsapprunner.com" \
    -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" >"$WORK/logs/openssl.log" 2>&1 \
    || fail "openssl could not create the self-signed certificate"
}

# nginx_start: TLS on NGINX_PORT -> http://127.0.0.1:$APP_PORT, like App Runner's front end:
# forwards the Host header as sent and sets X-Forwarded-Proto.
nginx_start() {
  NGINX_PORT="$(free_port)"
  mkdir -p "$WORK/nginx/tmp"
  make_cert
  cat >"$WORK/nginx/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    server_name _;
    ssl_certificate $WORK/nginx/cert.pem;
    ssl_certificate_key $WORK/nginx/key.pem;
    location / {
      proxy_pass http://127.0.0.1:$APP_PORT;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_connect_timeout 5s;
      proxy_read_timeout 60s;
    }
  }
}
EOF
  start_bg "$WORK/logs/nginx.log" /usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
  NGINX_PID=$BG_PID
  wait_until 10 curl -sk -o /dev/null --resolve "$TEST_HOST:$NGINX_PORT:127.0.0.1" \
    "https://$TEST_HOST:$NGINX_PORT/healthz" || fail "nginx did not start"
}

proxy_url() { echo "https://${2:-$TEST_HOST}:$NGINX_PORT$1"; }

curl_proxy() { # curl through nginx with the test host resolved to 127.0.0.1
  curl -sk --resolve "$TEST_HOST:$NGINX_PORT:127.0.0.1" \
    --resolve "$DEFAULT_DOMAIN_HOST:$NGINX_PORT:127.0.0.1" "$@"
}

http_status() { curl_proxy -o /dev/null -w '%{http_code}' -m 10 "$@"; }

# ---------------------------------------------------------------- browser
# browser_login URL USER PASSWORD EXPECT(success|failure) -> BROWSER_JSON
browser_login() {
  local n="${BROWSER_N:-0}"
  BROWSER_N=$((n + 1))
  mkdir -p "$WORK/chromium-$n"
  BROWSER_JSON="$WORK/browser-$n.json"
  local rc=0
  "$PY" "$TESTS_DIR/cdp_login.py" --url "$1" --username "$2" --password "$3" --expect "$4" \
    --profile "$WORK/chromium-$n" --pid-file "$WORK/chromium-$n.pid" --output "$BROWSER_JSON" \
    ${SCREENSHOT_DIR:+--screenshot "$SCREENSHOT_DIR/login-$n.png"} \
    >>"$WORK/logs/browser.log" 2>&1 || rc=$?
  # the script stops its own Chromium; this is only a safety net
  if [[ -s "$WORK/chromium-$n.pid" ]]; then kill_group "$(cat "$WORK/chromium-$n.pid")"; fi
  "$PY" - "$BROWSER_JSON" <<'PYEOF' || true
import json, sys
r = json.load(open(sys.argv[1]))
a = r.get("after_submit", {})
print("    browser:", r.get("error") or "", a.get("url"), "| h1:", a.get("h1"),
      "| #header display:", a.get("headerDisplay"),
      "| css:", [(c["url"].rsplit("/", 1)[-1], c["status"]) for c in r.get("css_responses", [])][:3],
      "| errornote:", a.get("errornote"))
PYEOF
  return "$rc"
}

# ---------------------------------------------------------------- curl login (session cookies)
# curl_login HOST USER PASSWORD JAR -> 0 when the login POST redirects into the admin
curl_login() {
  local host="$1" user="$2" password="$3" jar="$4" page token code
  rm -f "$jar"
  page="$(curl_proxy -c "$jar" -b "$jar" "$(proxy_url /admin/login/ "$host")")" || return 1
  token="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' <<<"$page")"
  token="${token%%$'\n'*}"
  [[ -n "$token" ]] || return 1
  code="$(curl_proxy -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    -H "Origin: https://$host:$NGINX_PORT" -H "Referer: $(proxy_url /admin/login/ "$host")" \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=$user" \
    --data-urlencode "password=$password" --data-urlencode "next=/admin/" \
    "$(proxy_url /admin/login/ "$host")")"
  [[ "$code" == "302 "*"/admin/" ]]
}

# logged_in JAR -> 0 when /admin/ shows the admin index with the session in JAR.
# The page is read whole before matching: `curl | grep -q` under pipefail fails at random,
# because grep exits at the first match and curl dies of SIGPIPE (exit 23) while still writing.
logged_in() {
  local page
  page="$(curl_proxy -b "$1" "$(proxy_url /admin/)")" || return 1
  [[ "$page" == *'Site administration'* ]]
}

# logged_out JAR -> 0 when /admin/ answers with the redirect to the login page (a failed
# request does not count as logged out, so the control check cannot pass by accident)
logged_out() {
  [[ "$(curl_proxy -o /dev/null -w '%{http_code} %{redirect_url}' -b "$1" "$(proxy_url /admin/)")" \
    == "302 https://$TEST_HOST:$NGINX_PORT/admin/login/?next=/admin/" ]]
}

# ---------------------------------------------------------------- process figures
tree_pids() { # pid -> pid and all descendants
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do tree_pids "$child"; done
}

# rss_mb PID FIELD(VmRSS|VmHWM) -> sum over the process tree, in MiB
rss_mb() {
  local total=0 p kb
  for p in $(tree_pids "$1"); do
    kb=$(awk -v f="$2:" '$1==f {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  awk -v k="$total" 'BEGIN{printf "%.1f", k/1024}'
}

pss_mb() { # proportional set size over the tree (shared pages counted once)
  local total=0 p kb
  for p in $(tree_pids "$1"); do
    kb=$(awk '$1=="Pss:" {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  awk -v k="$total" 'BEGIN{printf "%.1f", k/1024}'
}

not() { ! "$@"; }
