#!/usr/bin/env bash
# Container reliability (issue 5), without Docker or AWS:
#   restarts (idempotent entrypoint), load through the TLS proxy, and a 10 s PostgreSQL
#   outage while serving. With COMPARE_RUNSERVER=1 (scripts/bench-django.sh, `npm run
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

step "start PostgreSQL 15, lay out the image, first start (migrates a fresh database)"
pg_init_and_start
prepare_app
app_start gunicorn-first
app_wait_healthy 60
FIRST_START=$APP_READY_SECONDS
app_stop
pass "first start on an empty database healthy after ${FIRST_START}s"

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
app_start entrypoint-steps-only true
wait "$APP_PID" && rc=0 || rc=$?
check "entrypoint with a command (steps then exec 'true') exits 0" test "$rc" -eq 0

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
  printf 'start to first healthy /healthz: fresh database %ss; migrated database %s s\n' \
    "$FIRST_START" "${READY_TIMES[*]}"
  printf 'database outage %ss: /healthz %s; /dbz %s; recovery after PostgreSQL returned: %ss\n\n' \
    "$OUTAGE_SECONDS" "${FIG[outage.health]}" "${FIG[outage.dbz]}" "$RECOVERY"
} | tee "$WORK/figures.txt"
if [[ -n "${FIGURES_OUT:-}" ]]; then cp "$WORK/figures.txt" "$FIGURES_OUT"; fi

finish
