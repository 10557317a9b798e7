#!/usr/bin/env bash
# Claims/s on the hot path with coupon events on vs off, interleaved on one machine.
#
#   bench/events/onoff.sh          (as root or a user who may run PostgreSQL and rabbitmq-server)
#
# Starts a durable throwaway PostgreSQL (two databases), its own RabbitMQ node (the rabbitmq-server
# package, own epmd and data in a temp dir) with a durable queue bound to the events, and two services
# from bootstrap/target/coupons.jar: one with coupons.events.enabled=true, one without. Then, in
# EVENTS_ROUNDS rounds, wrk drives the hot scenario of bench/run.sh (one coupon, every request a new
# user, 64 connections) for EVENTS_SLICE seconds against each in turn (the order alternates per
# round), recording claims/s, the machine's busy cores and the outbox lag. Everything it starts is
# stopped on exit. Ports: EVENTS_PORT_BASE (18410) .. +21. EVENTS_RABBIT_ERL_ARGS: extra Erlang VM flags
# of the broker, e.g. "+sbwt none +sbwtdcpu none +sbwtdio none" (no scheduler busy-waiting: for a broker
# sharing its cores with other processes). EVENTS_MAX_DEFERRAL: the events-on service's
# coupons.events.max-deferral (unset: its default; 0s: the relay never gives way to claims). Before
# every slice the script waits until the events-on service's outbox is empty, so that no slice pays for
# the events of an earlier one; the time that took after an on slice is its drain_s column.
# EVENTS_CONTROL=1 starts the "on" service with events off too: an A/A run that measures what the two
# slots differ by without any event (database, start order, the lag sampling), to read A/B runs against.
# Both slots are sampled alike: once a second the service under load is scraped (/actuator/prometheus).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROUNDS=${EVENTS_ROUNDS:-3}
SLICE=${EVENTS_SLICE:-15}
WARMUP=${EVENTS_WARMUP:-15}
BASE=${EVENTS_PORT_BASE:-18410}
PG_BIN=${EVENTS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=$ROOT/bootstrap/target/coupons.jar
APP_JAVA_OPTS=${EVENTS_APP_JAVA_OPTS:-$("$ROOT/scripts/image-java-opts.sh")}
PG_PORT=$BASE; AMQP_PORT=$((BASE + 10)); DIST_PORT=$((BASE + 11)); EPMD_PORT=$((BASE + 12)); MGMT_PORT=$((BASE + 13))
ON_PORT=$((BASE + 20)); OFF_PORT=$((BASE + 21))
ON_EVENTS=true; [ "${EVENTS_CONTROL:-0}" = 1 ] && ON_EVENTS=false
WORK=$(mktemp -d /tmp/events-onoff.XXXXXX)
chmod 755 "$WORK"
OUT=$ROOT/bench/events/results-$(date -u +%Y%m%dT%H%M%SZ).txt
PIDS=()

log() { printf '[events-onoff %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() {
  trap - ERR
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  [ -f "$WORK/pg/data/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
[ -f "$JAR" ] || { log "build the jar first: ./mvnw -B -q package -DskipTests"; exit 1; }

busy_cores() { # over $1 seconds, from /proc/stat
  local a b
  a=$(head -1 /proc/stat); sleep "$1"; b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" -v s="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(a, x); split(b, y); t = 0
    for (i = 2; i <= 9; i++) t += y[i] - x[i]
    printf "%.2f", (t - (y[5] - x[5]) - (y[6] - x[6])) / hz / s }'
}

log "PostgreSQL on $PG_PORT (durable: fsync and synchronous_commit on)"
mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
cat >> "$WORK/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK/pg'
max_connections = 100
shared_buffers = 256MB
CONF
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -t 60 start >/dev/null
for db in events_on events_off; do "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE $db"; done

log "RabbitMQ node on $AMQP_PORT"
mkdir -p "$WORK/rabbit"
echo '[rabbitmq_management].' > "$WORK/rabbit/enabled_plugins"
printf 'loopback_users = none\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$MGMT_PORT" \
  > "$WORK/rabbit/rabbitmq.conf"
(
  export HOME=$WORK/rabbit ERL_EPMD_PORT=$EPMD_PORT RABBITMQ_NODENAME=events-bench-$AMQP_PORT@localhost \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$DIST_PORT \
    RABBITMQ_MNESIA_BASE=$WORK/rabbit/mnesia RABBITMQ_LOG_BASE=$WORK/rabbit/log \
    RABBITMQ_CONFIG_FILE=$WORK/rabbit/rabbitmq RABBITMQ_ADVANCED_CONFIG_FILE=$WORK/rabbit/advanced.config \
    RABBITMQ_CONF_ENV_FILE=$WORK/rabbit/env.conf RABBITMQ_ENABLED_PLUGINS_FILE=$WORK/rabbit/enabled_plugins \
    RABBITMQ_PID_FILE=$WORK/rabbit/pid RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=${EVENTS_RABBIT_ERL_ARGS:-}
  epmd -port "$EPMD_PORT" > "$WORK/rabbit/epmd.log" 2>&1 &
  echo $! > "$WORK/epmd.pid"
  /usr/lib/rabbitmq/bin/rabbitmq-server > "$WORK/rabbit/server.log" 2>&1 &
  echo $! > "$WORK/rabbit.pid"
)
PIDS+=("$(cat "$WORK/rabbit.pid")" "$(cat "$WORK/epmd.pid")")
for i in $(seq 360); do
  (exec 3<>"/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null && break
  [ "$i" = 360 ] && { tail -20 "$WORK/rabbit/server.log"; exit 1; }
  sleep 0.5
done
# The Erlang VM, found by its port, so that cleanup reaches it whatever the script's process tree.
PIDS+=($(ss -ltnpH "sport = :$AMQP_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true))
# A durable queue bound to the events, as a consumer would have, so that they are routed (mandatory) and
# stored as in production. It keeps the newest 200,000 (no consumer runs during the benchmark).
api() { curl -fsS -m 10 -u guest:guest -X "$1" -H 'content-type: application/json' --data-binary "$3" \
  "http://127.0.0.1:$MGMT_PORT/api$2"; }
for i in $(seq 120); do
  api PUT /exchanges/%2F/coupons.events '{"type":"topic","durable":true}' 2>/dev/null && break
  [ "$i" = 120 ] && { log "management API not up"; exit 1; }
  sleep 0.5
done
api PUT /queues/%2F/bench.coupon-events '{"durable":true,"arguments":{"x-max-length":200000,"x-overflow":"drop-head"}}'
api POST /bindings/%2F/e/coupons.events/q/bench.coupon-events '{"routing_key":"coupon.*"}'

start_service() { # port database events-enabled
  SERVER_PORT=$1 SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$2" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=x COUPONS_EVENTS_ENABLED=$3 SPRING_RABBITMQ_HOST=127.0.0.1 SPRING_RABBITMQ_PORT=$AMQP_PORT \
    env ${EVENTS_MAX_DEFERRAL:+COUPONS_EVENTS_MAX_DEFERRAL=$EVENTS_MAX_DEFERRAL} \
    "$JAVA" $APP_JAVA_OPTS -jar "$JAR" > "$WORK/service-$1.log" 2>&1 &
  PIDS+=($!)
}
start_service "$ON_PORT" events_on "$ON_EVENTS"
start_service "$OFF_PORT" events_off false
for port in "$ON_PORT" "$OFF_PORT"; do
  for i in $(seq 480); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness" || true)" = 200 ] && break
    [ "$i" = 480 ] && { tail -30 "$WORK/service-$port.log"; exit 1; }
    sleep 0.5
  done
  curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"name":"HOT","amount":10000000}' \
    "http://127.0.0.1:$port/api/coupons"
done
log "services ready: events on :$ON_PORT, off :$OFF_PORT"

wrk_claims() { # port seconds prefix -> claims/s
  WRK_JSON_OUT=$WORK/wrk.json wrk -t2 -c64 -d"${2}s" --timeout 10s -s "$ROOT/bench/wrk/scenario.lua" \
    "http://127.0.0.1:$1" -- claim HOT 201 - "$3" > /dev/null 2>&1
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.0f %d" % (d["ok"] / d["duration_s"], d["unexpected"]))' "$WORK/wrk.json"
}
cpu_ticks() { # utime+stime of the pids given (children reaped by them included)
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
listener_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }
pg_pids() { local pm; pm=$(head -1 "$WORK/pg/data/postmaster.pid"); echo "$pm" $(pgrep -P "$pm"); }
lag_seconds() { # the gauge of the service on port $1 (none on the events-off service: scraped all the same)
  curl -s "http://127.0.0.1:$1/actuator/prometheus" | awk '/^coupons_events_outbox_lag_seconds/ { print $2 }'
}

waiting_events() { # claims of the events-on database not yet published
  "$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d events_on -c \
    "SELECT count(*) FROM claims WHERE (tx, id) > ((SELECT last_tx FROM claim_event_cursor WHERE id = 1),
                                                  (SELECT last_claim_id FROM claim_event_cursor WHERE id = 1))"
}
drain() { # waits until the events-on outbox is empty (at most 300 s); prints the seconds it took
  local start=$SECONDS
  while [ "$ON_EVENTS" = true ] && [ "$(waiting_events)" != 0 ] && [ $((SECONDS - start)) -lt 300 ]; do sleep 0.5; done
  echo $((SECONDS - start))
}
settle_broker() { # waits until the broker is done with what it was sent (under 5 % of a core for 1 s, at most 60 s)
  local pid start=$SECONDS a b
  pid=$(listener_pid "$AMQP_PORT")
  while [ $((SECONDS - start)) -lt 60 ]; do
    a=$(cpu_ticks "$pid"); sleep 1; b=$(cpu_ticks "$pid")
    [ $((b - a)) -le $(($(getconf CLK_TCK) / 20)) ] && break
  done
}

log "warm-up: ${WARMUP}s each"
wrk_claims "$ON_PORT" "$WARMUP" warm > /dev/null
wrk_claims "$OFF_PORT" "$WARMUP" warm > /dev/null

{
  echo "events on vs off, hot coupon, 64 connections, ${SLICE}s slices, $(nproc) cores, $(date -u +%FT%TZ)"
  echo "events-on service: coupons.events.enabled=$ON_EVENTS, coupons.events.max-deferral=${EVENTS_MAX_DEFERRAL:-default}"
  printf '%-6s %-4s %10s %10s %12s %12s %8s   %s\n' round mode claims/s errors busy_cores max_lag_s drain_s \
    'cpu_s: service postgres rabbitmq'
} | tee "$OUT"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="off on"; else order="on off"; fi
  for mode in $order; do
    port=$OFF_PORT; [ "$mode" = on ] && port=$ON_PORT
    drain > /dev/null
    settle_broker
    busy_cores "$SLICE" > "$WORK/busy" &
    busy_pid=$!
    ( while true; do lag_seconds "$port"; sleep 1; done ) > "$WORK/lags" 2>/dev/null &
    lag_pid=$!
    svc_pid=$(listener_pid "$port")
    rabbit_pid=$(listener_pid "$AMQP_PORT")
    c0=($(cpu_ticks "$svc_pid") $(cpu_ticks $(pg_pids)) $(cpu_ticks "$rabbit_pid"))
    read -r rate errors < <(wrk_claims "$port" "$SLICE" "r$round")
    c1=($(cpu_ticks "$svc_pid") $(cpu_ticks $(pg_pids)) $(cpu_ticks "$rabbit_pid"))
    hz=$(getconf CLK_TCK)
    cpu=$(awk -v hz="$hz" -v a="${c0[*]}" -v b="${c1[*]}" 'BEGIN { split(a, x); split(b, y);
      printf "%.1f %.1f %.1f", (y[1]-x[1])/hz, (y[2]-x[2])/hz, (y[3]-x[3])/hz }')
    wait "$busy_pid"
    kill "$lag_pid" 2>/dev/null; wait "$lag_pid" 2>/dev/null || true
    max_lag=$(sort -g "$WORK/lags" | tail -1)
    if [ "$mode" = on ]; then
      drained=$(drain)
    else
      drained=-
    fi
    printf '%-6s %-4s %10s %10s %12s %12s %8s   %s\n' "$round" "$mode" "$rate" "$errors" "$(cat "$WORK/busy")" \
      "${max_lag:-0}" "$drained" "$cpu" | tee -a "$OUT"
  done
done
sleep 3
waiting=$("$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d events_on -c \
  "SELECT count(*) FROM claims cl, claim_event_cursor cur WHERE (cl.tx, cl.id) > (cur.last_tx, cur.last_claim_id)")
claims=$("$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d events_on -c "SELECT count(*) FROM claims")
metrics=$(curl -s "http://127.0.0.1:$ON_PORT/actuator/prometheus" | grep -E '^coupons_events_(published|confirmed|returned|refused|unanswered)_total' | tr '\n' ' ' || true)
python3 - "$OUT" <<'PY' | tee -a "$OUT"
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit()]
on = [float(r[2]) for r in rows if r[1] == "on"]
off = [float(r[2]) for r in rows if r[1] == "off"]
print("mean claims/s: on %.0f, off %.0f, on/off %.3f (median on/off %.3f)" % (
    statistics.mean(on), statistics.mean(off), statistics.mean(on) / statistics.mean(off),
    statistics.median(on) / statistics.median(off)))
PY
echo "events-on database: $claims claims, $waiting not yet published 3 s after the last slice; $metrics" | tee -a "$OUT"
log "results: $OUT"
