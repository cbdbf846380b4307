#!/usr/bin/env bash
# End-to-end test of the image's files without Docker or AWS:
# PostgreSQL 15 + docker-entrypoint.sh (gunicorn) + nginx TLS front end + headless Chromium.
# The app runs on the Django line the image ships (Debian unstable root, see lib.sh), with the
# tests' stand-in opentelemetry-instrument first on its PATH: it must run only when
# DJANGO_TRACING=true. The traced start runs the real one (Debian's OpenTelemetry packages in the
# root) and exports to a local OTLP/gRPC receiver (otlp_receiver.py) in place of App Runner's
# collector. Media on S3 talks to moto's S3 server (Debian's python3-moto) as the bucket; the
# management command step runs the entrypoint the way a scheduled ECS task does.
set -euo pipefail
# shellcheck disable=SC2034  # read by lib.sh
SUITE=e2e
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

require_all
print_versions --servers
need_file /usr/bin/ab apache2-utils
setup_work
# moto's S3 server, the media bucket's stand-in: it starts while the first steps run
S3_PORT="$(free_port)"
start_bg "$WORK/logs/s3-stand-in.log" "${IN_ROOT[@]}" /usr/bin/python3 -m moto.server -H 127.0.0.1 -p "$S3_PORT"
PLAIN_APP_PATH="$APP_PATH"
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

step "tracing off (DJANGO_TRACING absent or false): plain gunicorn, opentelemetry-instrument never runs; media in an S3 bucket"
# This start also serves the media and command steps below (one gunicorn start fewer).
MEDIA_BUCKET=e2e-media MEDIA_REGION=eu-west-1
# boto3's own variable points it at the stand-in: nothing in the image knows about it
S3_ENV=("AWS_ENDPOINT_URL_S3=http://127.0.0.1:$S3_PORT" "AWS_ACCESS_KEY_ID=e2e-test" "AWS_SECRET_ACCESS_KEY=e2e-test")
s3_bucket() { in_root /usr/bin/env -i PATH="$PLAIN_APP_PATH" "${S3_ENV[@]}" python3 "$TESTS_DIR/s3_bucket.py" "$@"; }
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "DJANGO_TRACING=false"
  "DJANGO_MEDIA_BUCKET=$MEDIA_BUCKET" "DJANGO_MEDIA_REGION=$MEDIA_REGION" "${S3_ENV[@]}")
app_start gunicorn-untraced
app_wait_healthy 60
check "the stand-in opentelemetry-instrument, first on PATH, ran in none of the $(ls "$WORK"/logs/gunicorn-*.log | wc -l) starts so far (no DJANGO_TRACING, then false)" \
  test ! -e "$STANDIN_RECORD"
check "the gunicorn master is the entrypoint's process, started with --preload" \
  bash -c 'tr "\0" " " <"/proc/$1/cmdline" | grep -q -- "-m gunicorn config.wsgi:application .*--preload"' _ "$APP_PID"

step "media on S3 (same start): an upload through the admin's add form, with moto's S3 server as the bucket"
wait_until 30 curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/moto-api/" || fail "moto's S3 server did not start"
s3_bucket create "$MEDIA_BUCKET" "$MEDIA_REGION" >>"$WORK/logs/s3-client.log" 2>&1 || fail "creating the bucket failed"
check "curl logs in" curl_login "$TEST_HOST" "$SU_USER" "$SU_PASSWORD_2" "$WORK/jar-media"
UPLOAD="$WORK/e2e-upload.bin"
head -c 150000 /dev/urandom >"$UPLOAD"
add_url="$(proxy_url /admin/ops/upload/add/)"
add_page="$(curl_proxy -b "$WORK/jar-media" -c "$WORK/jar-media" "$add_url")"
token="$(sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' <<<"$add_page")"
token="${token%%$'\n'*}"
check "the admin's add form for uploads has a file input" \
  bash -c '[[ "$1" == *"enctype=\"multipart/form-data\""* && "$1" == *"type=\"file\" name=\"file\""* ]]' _ "$add_page"
check "the add form's POST (multipart, 150000 bytes) saves and redirects to the list" \
  test "$(curl_proxy -o /dev/null -w '%{http_code} %{redirect_url}' -b "$WORK/jar-media" -c "$WORK/jar-media" \
    -H "Origin: https://$TEST_HOST:$NGINX_PORT" -H "Referer: $add_url" -F "csrfmiddlewaretoken=$token" \
    -F "title=e2e upload" -F "file=@$UPLOAD" -F "_save=Save" "$add_url")" = \
    "302 https://$TEST_HOST:$NGINX_PORT/admin/ops/upload/"
MEDIA_KEY="$(psql_app 'SELECT file FROM ops_upload')"
s3_bucket list "$MEDIA_BUCKET" >"$WORK/s3-objects.json" 2>>"$WORK/logs/s3-client.log" || fail "listing the bucket failed"
check "the bucket holds exactly that object: key $MEDIA_KEY, $(stat -c %s "$UPLOAD") bytes, the bucket's default encryption, the owner's grant only (no ACL sent)" \
  "$PY" -c 'import json, sys
objects = json.load(open(sys.argv[1]))
sys.exit(objects != [{"key": sys.argv[2], "size": int(sys.argv[3]), "sse": "AES256",
                      "grants": ["CanonicalUser:FULL_CONTROL"]}])' "$WORK/s3-objects.json" "$MEDIA_KEY" "$(stat -c %s "$UPLOAD")"
change_page="$(curl_proxy -b "$WORK/jar-media" "$(proxy_url "/admin/ops/upload/$(psql_app 'SELECT id FROM ops_upload')/change/")")"
MEDIA_URL="$(grep -o 'Currently: <a href="[^"]*"' <<<"$change_page" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')"
check "the change page links the object by a presigned URL (SigV4, $MEDIA_REGION, 1 h) of the bucket" \
  bash -c '[[ "$1" == "http://127.0.0.1:$2/$3/$4?"* && "$1" == *X-Amz-Signature=* && "$1" == *%2F$5%2Fs3%2Faws4_request* && "$1" == *X-Amz-Expires=3600* ]]' \
  _ "$MEDIA_URL" "$S3_PORT" "$MEDIA_BUCKET" "$MEDIA_KEY" "$MEDIA_REGION"
check "that URL serves back the same bytes" bash -c 'curl -sf -o "$2.back" "$1" && cmp -s "$2" "$2.back"' _ "$MEDIA_URL" "$UPLOAD"
log "media proof: object s3://$MEDIA_BUCKET/$MEDIA_KEY, $(stat -c %s "$UPLOAD") bytes"

step "management commands the way a schedule runs them: the entrypoint, the service's environment, a command"
psql_app "INSERT INTO django_session (session_key, session_data, expire_date)
  SELECT 'e2e-expired-' || i, 'x', now() - interval '1 day' FROM generate_series(1, 3) i" >/dev/null
expired() { psql_app "SELECT count(*) FROM django_session WHERE expire_date <= now()"; }
live_before="$(psql_app "SELECT count(*) FROM django_session WHERE expire_date > now()")"
expired_before="$(expired)"
t0=$(date +%s%N)
app_run clearsessions python3 manage.py clearsessions
took=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b-a)/1e9}')
check "docker-entrypoint.sh python3 manage.py clearsessions exits 0 (${took}s, while the service serves)" test "$APP_RUN_RC" -eq 0
check "expired sessions gone ($expired_before -> $(expired)), the $live_before live ones kept" \
  test "$expired_before" -ge 3 -a "$(expired)" = 0 -a \
  "$(psql_app "SELECT count(*) FROM django_session WHERE expire_date > now()")" = "$live_before"
check "the service's session still logged in" logged_in "$WORK/jar-media"
check "the command waited for the database, then ran without the start-up steps (no migrate, no superuser)" \
  bash -c 'grep -q "wait_for_db: database .* is ready" "$1" && ! grep -qE "startup_steps|Operations to perform|ensure_superuser" "$1" "$2"' \
  _ "$APP_RUN_OUT" "$APP_RUN_ERR"
app_run unknown-command python3 manage.py no_such_command
check "a failing command (an unknown one) exits non-zero (rc=$APP_RUN_RC) with its message on stderr" \
  bash -c '(($2 != 0)) && grep -q "Unknown command: '"'"'no_such_command'"'"'" "$1"' _ "$APP_RUN_ERR" "$APP_RUN_RC"
sed -n '1p' "$APP_RUN_ERR" | sed 's/^/    stderr: /'
app_stop

step "tracing on (DJANGO_TRACING=true): the real opentelemetry-instrument, spans from every worker to an OTLP/gRPC receiver"
# Debian ships no opentelemetry-sdk-extension-aws (the X-Ray ID generator, which the image installs
# from requirements.txt): this start asks for OpenTelemetry's random IDs instead; the start after
# it shows that the default, xray, stops the start when the generator is missing.
# Spans leave a worker when 20 are queued (OTEL_BSP_MAX_EXPORT_BATCH_SIZE) or at its exit: the
# 30 s schedule never fires here, so both paths are seen (production: 512 spans or 5 s).
start_bg "$WORK/logs/otlp-receiver.log" "${IN_ROOT[@]}" /usr/bin/python3 "$TESTS_DIR/otlp_receiver.py" \
  --output "$WORK/spans.jsonl" --port-file "$WORK/otlp.port"
RECEIVER_PID=$BG_PID
wait_until 20 test -s "$WORK/otlp.port" || fail "the OTLP receiver did not start"
SPANS="$WORK/spans.jsonl"
touch "$SPANS"
APP_PATH="$PLAIN_APP_PATH"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "DJANGO_TRACING=true"
  "GUNICORN_WORKERS=2" "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$(cat "$WORK/otlp.port")"
  "OTEL_PYTHON_ID_GENERATOR=random" "OTEL_BSP_MAX_EXPORT_BATCH_SIZE=20" "OTEL_BSP_SCHEDULE_DELAY=30000"
  # Debian's grpcio 1.51 under stubs generated for 1.63 (see scripts/install-test-deps.sh): quiet
  "PYTHONWARNINGS=ignore:The grpc package installed is at version:RuntimeWarning")
app_start gunicorn-traced
app_wait_healthy 60
pass "traced start healthy after ${APP_READY_SECONDS}s: /healthz with App Runner's health-check Host answers 200 (the OpenTelemetry middleware sits after HealthzMiddleware)"
check "gunicorn runs under the real opentelemetry-instrument (its sitecustomize on the master's PYTHONPATH; exec all the way), with config.gunicorn_tracing, no --preload" \
  bash -c 'tr "\0" "\n" <"/proc/$1/environ" | grep -q "^PYTHONPATH=.*opentelemetry/instrumentation/auto_instrumentation" &&
    cmd="$(tr "\0" " " <"/proc/$1/cmdline")" && [[ "$cmd" == *"-m gunicorn config.wsgi:application "*"--config python:config.gunicorn_tracing"* && "$cmd" != *--preload* ]]' \
  _ "$APP_PID"
# /healthz answers as soon as one worker serves: wait for both (a loaded machine forks slowly)
workers_traced() {
  read -r -a WORKER_PIDS <<<"$(ps -o pid= --ppid "$APP_PID" | tr '\n' ' ')"
  ((${#WORKER_PIDS[@]} == 2)) || return 1
  for pid in "${WORKER_PIDS[@]}"; do
    grep -q "gunicorn_tracing: worker $pid: tracer provider made after the fork" "$APP_LOG" || return 1
  done
}
check "each of the 2 workers made its tracer provider after the fork (post_fork)" wait_until 30 workers_traced
# load until every worker has sent a batch while serving (the kernel spreads connections unevenly)
spans_from() { "$PY" -c 'import json, sys
pids = {json.loads(l)["resource"].get("process.pid") for l in open(sys.argv[1])}
sys.exit(not set(map(int, sys.argv[2:])) <= pids)' "$SPANS" "$@"; }
for round in 1 2 3 4 5 6 7 8 9 10; do
  ab -q -n 40 -c 8 -H "Host: $TEST_HOST:$NGINX_PORT" "https://127.0.0.1:$NGINX_PORT/admin/login/" >"$WORK/logs/ab-traced.log" 2>&1 ||
    fail "ab failed against the traced app"
  wait_until 2 spans_from "${WORKER_PIDS[@]}" && break
done
check "spans from every worker arrived while serving (batches of 20, after $((round * 40)) login pages)" spans_from "${WORKER_PIDS[@]}"
check "curl logs in through the TLS proxy while traced" curl_login "$TEST_HOST" "$SU_USER" "$SU_PASSWORD_2" "$WORK/jar-traced"
# App Runner's front end sends X-Amzn-Trace-Id: the X-Ray propagator continues that trace
curl_proxy -o /dev/null -H "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" \
  "$(proxy_url /admin/login/)"
SPANS_WHILE_SERVING=$(wc -l <"$SPANS")
app_stop
check "the traced gunicorn stops cleanly on SIGTERM (exit 0)" test "$APP_EXIT" -eq 0
REQUESTS_TRACED=$(grep -E '"(GET|POST|HEAD) ' "$APP_LOG" | grep -vc ' /healthz ' || true)
spans_received() { (($(wc -l <"$SPANS") >= $1)); }
wait_until 5 spans_received "$REQUESTS_TRACED" || true
kill_group "$RECEIVER_PID"
"$PY" - "$SPANS" "$APP_PID" "$REQUESTS_TRACED" "$SPANS_WHILE_SERVING" 5759e988bd862e3fe1be46a994272793 "${WORKER_PIDS[@]}" \
  >"$WORK/span-report.txt" <<'PYEOF' || true
import collections, json, sys
spans = [json.loads(line) for line in open(sys.argv[1])]
master, requests, while_serving, xray_trace, workers = (int(sys.argv[2]), int(sys.argv[3]),
                                                        int(sys.argv[4]), sys.argv[5], sys.argv[6:])
per_pid = collections.Counter(str(s["resource"].get("process.pid")) for s in spans)
django = [s for s in spans if s["scope"] == "opentelemetry.instrumentation.django"]
checks = {
    "every_worker": all(per_pid[w] > 0 for w in workers) and set(per_pid) == set(workers),
    "not_master": str(master) not in per_pid,
    "count": len(spans) == requests,
    "route": all(s["attributes"].get("http.route") for s in django) and
             {s["attributes"]["http.route"] for s in django} == {"admin/login/"},
    "no_healthz": not any("healthz" in str(s["attributes"].get("http.target", "")) for s in spans),
    "service": {s["resource"].get("service.name") for s in spans} == {"django-apprunner"},
    "xray_parent": any(s["trace_id"] == xray_trace for s in django),
}
print("figures:", f"{len(workers)} workers, spans per worker:",
      " ".join(f"{w}={per_pid[w]}" for w in workers) + ";", f"{len(spans)} spans for {requests} requests,",
      f"{while_serving} exported while serving, {len(spans) - while_serving} at worker exit;",
      "routes:", dict(collections.Counter(s["attributes"].get("http.route") for s in spans)))
for name, ok in checks.items():
    print(f"{name}: {'ok' if ok else 'FAILED'}")
PYEOF
sed -n 's/^figures: /    tracing: /p' "$WORK/span-report.txt"
span_check() { grep -qx "$1: ok" "$WORK/span-report.txt"; }
check "spans from every worker (${#WORKER_PIDS[@]}, by resource process.pid) and none from the master" \
  bash -c 'grep -qx "every_worker: ok" "$1" && grep -qx "not_master: ok" "$1"' _ "$WORK/span-report.txt"
check "one span per request ($REQUESTS_TRACED, /healthz excluded): the queued ones were flushed at worker exit" span_check count
check "every Django span carries the route (http.route admin/login/)" span_check route
check "App Runner's health checks made no span" span_check no_healthz
check "service.name is django-apprunner (OTEL_SERVICE_NAME from the entrypoint)" span_check service
check "the X-Ray propagator continued the trace of the X-Amzn-Trace-Id header" span_check xray_parent

step "tracing on with the default X-Ray ID generator, which Debian does not ship: the start stops"
APP_ENV_EXTRA=("DJANGO_SECRET_KEY=$SECRET_KEY_2" "DJANGO_SUPERUSER_PASSWORD=$SU_PASSWORD_2" "DJANGO_TRACING=true")
app_start gunicorn-traced-no-xray
wait "$APP_PID" && rc=0 || rc=$?
check "gunicorn exits (rc=$rc) naming the missing generator and its package, instead of serving untraced" \
  bash -c '(($2 != 0)) && grep -q "OTEL_PYTHON_ID_GENERATOR=xray: no such ID generator installed (installed: random; xray comes with opentelemetry-sdk-extension-aws" "$1" &&
    ! grep -q "Booting worker" "$1"' _ "$APP_LOG" "$rc"
APP_PATH="$STANDIN_DIR:$PLAIN_APP_PATH"

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
