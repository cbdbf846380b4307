#!/usr/bin/env bash
# Container reliability (issue 5), without Docker or AWS:
#   concurrent first starts on a fresh database (issue 18: migrations exactly once), restarts
#   (idempotent entrypoint), load through the TLS proxy, and a 10 s PostgreSQL outage while
#   serving. STARTUP_LOCK=false starts the concurrent instances with DB_MIGRATE_LOCK=false: it shows
#   what the start-up lock prevents (that step then fails). With COMPARE_RUNSERVER=1 (scripts/bench-django.sh, `npm run
#   bench:django`) it also loads the blog's `manage.py runserver` the same way and prints both
#   columns: a baseline we report, not a property of the image, so `npm test` leaves it out (~70 s).
# All traffic goes to 127.0.0.1; every loop is bounded in count and time.
set -euo pipefail
# shellcheck disable=SC2034  # read by lib.sh
SUITE=reliability
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

LOAD_REQUESTS="${LOAD_REQUESTS:-10000}"
LOAD_CONCURRENCY="${LOAD_CONCURRENCY:-32}"
OUTAGE_SECONDS="${OUTAGE_SECONDS:-10}"
COMPARE_RUNSERVER="${COMPARE_RUNSERVER:-0}"
CONCURRENT_STARTS="${CONCURRENT_STARTS:-3}"
STARTUP_LOCK="${STARTUP_LOCK:-true}"
# the start-up lock's key (ops/management/commands/startup_steps.py, LOCK_KEY)
STARTUP_LOCK_KEY=-5739246525973996428

require_all
need_file /usr/bin/ab apache2-utils
print_versions --servers
setup_work
declare -A FIG=()

# ab_run LABEL PATH N C -> FIG[LABEL.rps|p50|p99|non2xx|failed|complete]
ab_run() {
  local label="$1" path="$2" n="$3" c="$4" out="$WORK/logs/ab-${1//\//_}.log"
  ab -q -k -l -n "$n" -c "$c" -s 30 -H "Host: $TEST_HOST:$NGINX_PORT" \
    "https://127.0.0.1:$NGINX_PORT$path" >"$out" 2>&1 || fail "ab failed for $label ($path)"
  FIG[$label.rps]=$(awk '/^Requests per second:/ {print $4}' "$out")
  FIG[$label.p50]=$(awk '$1=="50%" {print $2}' "$out")
  FIG[$label.p99]=$(awk '$1=="99%" {print $2}' "$out")
  FIG[$label.complete]=$(awk '/^Complete requests:/ {print $3}' "$out")
  FIG[$label.failed]=$(awk '/^Failed requests:/ {print $3}' "$out")
  FIG[$label.non2xx]=$(awk '/^Non-2xx responses:/ {print $3}' "$out")
  FIG[$label.non2xx]=${FIG[$label.non2xx]:-0}
}

# concurrent_starts: CONCURRENT_STARTS entrypoints (own ports) at once on the fresh database; all
# must become healthy, with every migration recorded once and one superuser -> ALL_HEALTHY (s)
concurrent_starts() {
  local i j n="$CONCURRENT_STARTS" ports=() pids=() logs=() ready=() waits=() t0 now left applied rows
  for ((i = 1; i <= n; i++)); do
    ports[i]="$(free_port)"
    for ((j = 1; j < i; j++)); do [[ "${ports[j]}" != "${ports[i]}" ]] || { i=$((i - 1)); continue 2; }; done
  done
  APP_ENV_EXTRA=("DB_MIGRATE_LOCK=$STARTUP_LOCK")
  t0=$(date +%s%N)
  for ((i = 1; i <= n; i++)); do
    APP_PORT="${ports[i]}"
    app_start "gunicorn-concurrent-$i"
    pids[i]=$APP_PID logs[i]=$APP_LOG
  done
  APP_ENV_EXTRA=()
  left=$n
  while ((left > 0)); do
    now=$(date +%s%N)
    (((now - t0) / 1000000000 < 120)) || fail "not all $n instances healthy after 120 s"
    for ((i = 1; i <= n; i++)); do
      [[ -z "${ready[i]:-}" ]] || continue
      kill -0 "${pids[i]}" 2>/dev/null || fail "instance $i exited before becoming healthy (see ${logs[i]})"
      APP_PORT="${ports[i]}"
      if healthz_direct; then
        ready[i]=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.2f", (b-a)/1e9}')
        left=$((left - 1))
      fi
    done
    sleep 0.05
  done
  ALL_HEALTHY=$(printf '%s\n' "${ready[@]}" | sort -n | tail -1)
  for ((i = 1; i <= n; i++)); do
    waits[i]=$(sed -n 's/^startup_steps: start-up lock obtained, waited \([0-9.]*\)s$/\1/p' "${logs[i]}")
    waits[i]=${waits[i]:-none}
  done
  pass "$n instances started together, all healthy after ${ALL_HEALTHY}s (each: ${ready[*]} s); start-up lock waited: ${waits[*]} s"
  applied=$(cat "${logs[@]}" | grep -c '^  Applying .* OK$' || true)
  rows=$(psql_app 'SELECT count(*) FROM django_migrations')
  check "every migration recorded exactly once: $rows rows in django_migrations, $(psql_app \
    'SELECT count(*) FROM (SELECT DISTINCT app, name FROM django_migrations) d') distinct, $applied applied in all" \
    test "$rows" -gt 0 -a "$rows" = "$(psql_app 'SELECT count(*) FROM (SELECT DISTINCT app, name FROM django_migrations) d')" -a "$applied" = "$rows"
  check "one instance migrated, the other $((n - 1)) found nothing to apply" \
    test "$(grep -l '^  No migrations to apply\.$' "${logs[@]}" | wc -l)" = "$((n - 1))"
  check "exactly one superuser ($(psql_app 'SELECT count(*) FROM auth_user') user), created by one instance, found up to date by the others" \
    test "$(psql_app 'SELECT count(*) FROM auth_user WHERE is_superuser')" = 1 -a \
    "$(psql_app 'SELECT count(*) FROM auth_user')" = 1 -a \
    "$(grep -l "ensure_superuser: created superuser '$SU_USER'" "${logs[@]}" | wc -l)" = 1 -a \
    "$(grep -l "superuser '$SU_USER' already up to date" "${logs[@]}" | wc -l)" = "$((n - 1))"
  check "one instance took the lock at once, the $((n - 1)) others waited for it" \
    test "$(printf '%s\n' "${waits[@]}" | grep -c '^0\.00$')" = 1 -a \
    "$(printf '%s\n' "${waits[@]}" | grep -cv '^0\.00$')" = "$((n - 1))"
  for ((i = 1; i <= n; i++)); do
    APP_PID=${pids[i]}
    app_stop
    [[ "$APP_EXIT" == 0 ]] || fail "instance $i did not stop cleanly (exit $APP_EXIT)"
  done
  APP_PORT=""
}

# load_phase SERVER: 1,000 login pages (RSS figure), then the two 10,000-request runs
load_phase() {
  local server="$1" path label
  ab_run "$server-warm" /admin/login/ 1000 "$LOAD_CONCURRENCY"
  FIG[$server.rss1000]=$(rss_mb "$APP_PID" VmRSS)
  FIG[$server.pss1000]=$(pss_mb "$APP_PID")
  for path in /healthz /admin/login/; do
    label="$server$path"
    ab_run "$label" "$path" "$LOAD_REQUESTS" "$LOAD_CONCURRENCY"
    if [[ "$server" == gunicorn ]]; then
      check "$server $path: ${FIG[$label.complete]} requests at c=$LOAD_CONCURRENCY, 0 failed, 0 non-2xx (${FIG[$label.rps]} req/s)" \
        test "${FIG[$label.complete]}" = "$LOAD_REQUESTS" -a "${FIG[$label.failed]}" = 0 -a "${FIG[$label.non2xx]}" = 0
    else # the comparison baseline: measured and reported, errors are a finding, not a test failure
      check "$server $path: ${FIG[$label.complete]} requests completed (${FIG[$label.failed]} failed, ${FIG[$label.non2xx]} non-2xx, ${FIG[$label.rps]} req/s)" \
        test "${FIG[$label.complete]}" = "$LOAD_REQUESTS"
    fi
  done
  FIG[$server.peak]=$(rss_mb "$APP_PID" VmHWM)
  FIG[$server.procs]=$(tree_pids "$APP_PID" | wc -l)
}

step "start PostgreSQL 15, lay out the image"
pg_init_and_start
prepare_app

step "$CONCURRENT_STARTS entrypoints started at the same moment on the fresh database (DB_MIGRATE_LOCK=$STARTUP_LOCK)"
concurrent_starts
FIRST_START=$ALL_HEALTHY

step "the start-up lock's wait is bounded: another session holds it, DB_MIGRATE_LOCK_SECONDS=2"
start_bg "$WORK/logs/lock-holder.log" env PGPASSWORD="$DB_PASSWORD_T" PGAPPNAME=lock-holder-psql \
  psql -qtAX -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER_T" -d "$DB_NAME_T" \
  -c "SELECT pg_advisory_lock($STARTUP_LOCK_KEY)" -c "SELECT pg_sleep(60)"
holder_pid=$BG_PID
lock_held() { [[ "$(psql_app "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" == 1 ]]; }
wait_until 10 lock_held ||
  fail "the psql session did not take the start-up lock"
APP_ENV_EXTRA=("DB_MIGRATE_LOCK_SECONDS=2")
app_start entrypoint-lock-timeout
t0=$(date +%s%N)
wait "$APP_PID" && rc=0 || rc=$?
elapsed=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b-a)/1e9}')
# the backend outlives its psql client while in pg_sleep: end the session itself
psql_app "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lock-holder-psql'" >/dev/null
kill_group "$holder_pid"
wait_until 10 not lock_held || fail "the start-up lock was not released with the holder's session"
APP_ENV_EXTRA=()
check "the entrypoint gives up (rc=$rc) after the bounded wait (${elapsed}s after its start, DB_MIGRATE_LOCK_SECONDS=2)" \
  awk -v rc="$rc" -v e="$elapsed" 'BEGIN{exit !(rc != 0 && e >= 2 && e < 15)}'
check "... naming the holder and the remedy" \
  grep -q "startup_steps: giving up after 2s: the start-up lock is still held (held by 'lock-holder-psql' from 127.0.0.1.*raise DB_MIGRATE_LOCK_SECONDS" "$APP_LOG"
check "... before migrating or starting gunicorn" \
  bash -c '! grep -qE "Operations to perform|Starting gunicorn" "$1"' _ "$APP_LOG"
grep -m1 'giving up' "$APP_LOG" | sed 's/^/    log: /'

step "restarts: the entrypoint 3 times in a row against the same database"
READY_TIMES=()
for i in 1 2 3; do
  app_start "gunicorn-restart-$i"
  app_wait_healthy 60
  READY_TIMES+=("$APP_READY_SECONDS")
  grep -q "No migrations to apply" "$APP_LOG" || fail "restart $i: migrate was not a no-op"
  grep -q "superuser '$SU_USER' already up to date" "$APP_LOG" || fail "restart $i: superuser step not idempotent"
  users=$(psql_app 'select count(*) from auth_user')
  app_stop
  check "restart $i: exit 0, migrations no-op, superuser unchanged, users=$users, healthy after ${APP_READY_SECONDS}s" \
    test "$APP_EXIT" -eq 0 -a "$users" = 1
done
APP_ENV_EXTRA=()
app_start entrypoint-command true
wait "$APP_PID" && rc=0 || rc=$?
check "entrypoint with a command (waits for the database, then exec 'true', no start-up steps) exits 0" \
  bash -c '(($2 == 0)) && grep -q "wait_for_db: database .* is ready" "$1" && ! grep -qE "startup_steps|Operations to perform" "$1"' \
  _ "$APP_LOG" "$rc"

step "gunicorn behind the TLS proxy: load"
app_start gunicorn-load
app_wait_healthy 60
nginx_start
load_phase gunicorn

step "database outage of ${OUTAGE_SECONDS}s while gunicorn serves (light load)"
pids_before="$(tree_pids "$APP_PID" | sort -n | tr '\n' ' ')"
check "/dbz answers 200 before the outage" test "$(http_status "$(proxy_url /dbz)")" = 200
PROBE="$WORK/probe.txt"
probe_deadline=$((SECONDS + OUTAGE_SECONDS + 25))
(
  # bounded: at most ~ (OUTAGE_SECONDS + 25) s, one round of 3 requests every 0.2 s
  while ((SECONDS < probe_deadline)) && [[ ! -e "$WORK/probe.stop" ]]; do
    for p in /healthz /dbz /admin/login/; do
      printf '%s %s %s\n' "$(date +%s.%N)" "$p" \
        "$(curl_proxy -o /dev/null -m 35 -w '%{http_code} %{time_total}' "$(proxy_url "$p")" || echo '000 35')"
    done
    sleep 0.2
  done
) >"$PROBE" 2>/dev/null &
PROBE_PID=$!
PIDS+=("$PROBE_PID")
sleep 2
T_DOWN=$(date +%s.%N)
pg_stop
sleep "$OUTAGE_SECONDS"
T_UP_START=$(date +%s.%N)
pg_start
T_UP=$(date +%s.%N)
recovered=""
for _ in $(seq 1 100); do
  if [[ "$(http_status "$(proxy_url /dbz)")" == 200 ]]; then recovered=$(date +%s.%N); break; fi
  sleep 0.05
done
sleep 1
touch "$WORK/probe.stop"
wait "$PROBE_PID" || true
RECOVERY=$(awk -v a="$T_UP" -v b="${recovered:-0}" 'BEGIN{ if (b == 0) print "never"; else printf "%.2f", b-a }')
read -r out_health_n out_health_bad out_dbz_n out_dbz_5xx out_dbz_max out_login_n out_login_bad all_health_bad < <(
  awk -v d="$T_DOWN" -v u="$T_UP_START" '
    $2=="/healthz" && $3!=200 {allbad++}
    $1 > d+0.5 && $1 < u {
      if ($2=="/healthz") { hn++; if ($3!=200) hb++ }
      if ($2=="/dbz") { dn++; if ($3>=500 && $3<600) d5++; if ($4>dm) dm=$4 }
      if ($2=="/admin/login/") { ln++; if ($3!=200) lb++ }
    }
    END { printf "%d %d %d %d %.3f %d %d %d\n", hn, hb, dn, d5, dm, ln, lb, allbad }' "$PROBE")
FIG[outage.health]="$out_health_n requests, $out_health_bad not 200"
FIG[outage.dbz]="$out_dbz_n requests, $out_dbz_5xx 5xx, slowest ${out_dbz_max}s"
check "during the outage /healthz kept answering 200 ($out_health_n requests, $all_health_bad non-200 over the whole probe)" \
  test "$out_health_n" -gt 10 -a "$all_health_bad" -eq 0
check "during the outage /dbz failed fast with 5xx ($out_dbz_5xx/$out_dbz_n, slowest ${out_dbz_max}s << GUNICORN_TIMEOUT 30s)" \
  awk -v n="$out_dbz_n" -v f="$out_dbz_5xx" -v m="$out_dbz_max" 'BEGIN{exit !(n > 10 && n == f && m < 2)}'
check "during the outage the DB-free login page kept answering 200 ($out_login_n requests, $out_login_bad not 200)" \
  test "$out_login_n" -gt 10 -a "$out_login_bad" -eq 0
check "after PostgreSQL is back, /dbz recovered by itself in ${RECOVERY}s (limit 5s)" \
  awk -v r="$RECOVERY" 'BEGIN{exit !(r != "never" && r <= 5)}'
pids_after="$(tree_pids "$APP_PID" | sort -n | tr '\n' ' ')"
check "no gunicorn restart: same master and worker PIDs ($pids_after)" test "$pids_before" = "$pids_after"
app_stop

if [[ "$COMPARE_RUNSERVER" == 1 ]]; then
  step "the blog's set-up: manage.py runserver (same settings, same proxy): load"
  app_start runserver-load python3 manage.py runserver "0.0.0.0:$APP_PORT"
  app_wait_healthy 60
  load_phase runserver
  app_stop
fi

step "figures"
if [[ "$COMPARE_RUNSERVER" != 1 ]]; then
  # one column: the runserver comparison is the benchmark's (scripts/bench-django.sh)
  for key in procs rss1000 pss1000 peak; do FIG[runserver.$key]="(bench:django)"; done
  for path in /healthz /admin/login/; do
    for what in rps p50 p99 non2xx failed; do FIG[runserver$path.$what]="(bench:django)"; done
  done
fi
{
  printf '\n%-28s | %-22s | %-22s\n' "" "gunicorn gthread 2x4" "manage.py runserver"
  printf -- '-----------------------------+------------------------+-----------------------\n'
  for path in /healthz /admin/login/; do
    for what in rps p50 p99 non2xx failed; do
      case $what in rps) unit="req/s" ;; p50 | p99) unit="ms" ;; *) unit="" ;; esac
      printf '%-28s | %-22s | %-22s\n' "$path $what${unit:+ ($unit)}" \
        "${FIG[gunicorn$path.$what]}" "${FIG[runserver$path.$what]}"
    done
  done
  printf '%-28s | %-22s | %-22s\n' "processes" "${FIG[gunicorn.procs]}" "${FIG[runserver.procs]}"
  printf '%-28s | %-22s | %-22s\n' "RSS after 1000 logins (MiB)" "${FIG[gunicorn.rss1000]}" "${FIG[runserver.rss1000]}"
  printf '%-28s | %-22s | %-22s\n' "PSS after 1000 logins (MiB)" "${FIG[gunicorn.pss1000]}" "${FIG[runserver.pss1000]}"
  printf '%-28s | %-22s | %-22s\n' "peak RSS, sum (MiB)" "${FIG[gunicorn.peak]}" "${FIG[runserver.peak]}"
  printf '\nload: ab -k -n %s -c %s through nginx TLS (1 worker) on 127.0.0.1, 2 cores shared by all\n' \
    "$LOAD_REQUESTS" "$LOAD_CONCURRENCY"
  printf 'start to healthy /healthz: fresh database, %s instances at once: all in %ss; migrated database, one: %s s\n' \
    "$CONCURRENT_STARTS" "$FIRST_START" "${READY_TIMES[*]}"
  printf 'database outage %ss: /healthz %s; /dbz %s; recovery after PostgreSQL returned: %ss\n\n' \
    "$OUTAGE_SECONDS" "${FIG[outage.health]}" "${FIG[outage.dbz]}" "$RECOVERY"
} | tee "$WORK/figures.txt"
if [[ -n "${FIGURES_OUT:-}" ]]; then cp "$WORK/figures.txt" "$FIGURES_OUT"; fi

finish
