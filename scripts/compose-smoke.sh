#!/usr/bin/env bash
# The real stack: builds the image and brings docker-compose.yml up through the offline Docker kit
# (shared/tools/docker-offline/kit.sh), then runs the smoke run, a Flash Sale Attack (50 users at once on
# a stock of 5) and a Double Dip (one user claiming 10 times at once) against localhost:8080, checks that
# the coupon events of those races reach a queue bound on RabbitMQ (through its management API on
# localhost:15672), then a spike (SPIKE_SHOPPERS, 5,000, shoppers at once, each on a connection of its
# own, on a stock of SPIKE_STOCK, 500, inside the container's memory limit; python3
# scripts/hardening/burst.py), and tears everything down again.
#
#   scripts/compose-smoke.sh          (as root, from anywhere; output also goes to scripts/compose-smoke.last.txt)
#
# DOCKER_KIT: path of kit.sh (default: ../shared/tools/docker-offline/kit.sh next to the project, or
# /work/shared/...); DOCKER_KIT=none uses the machine's own Docker engine and `docker compose` (CI on
# GitHub Actions). SMOKE_LOG: where to keep the output. KEEP_KIT=1 leaves the kit's dockerd running;
# it is left running anyway when it was already running before this script.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SMOKE_LOG=${SMOKE_LOG:-$ROOT/scripts/compose-smoke.last.txt}
READY_TIMEOUT=${READY_TIMEOUT:-300}
# Its own project name, so that `down -v` can only ever remove this test's volume, not a developer's data.
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-coupons-smoke}
BASE_URL=http://localhost:8080

exec > >(tee -i "$SMOKE_LOG") 2>&1

KIT=${DOCKER_KIT:-}
if [ "$KIT" = none ]; then
  :
elif [ -z "$KIT" ]; then
  for candidate in "$ROOT/../shared/tools/docker-offline/kit.sh" /work/shared/tools/docker-offline/kit.sh; do
    if [ -f "$candidate" ]; then KIT=$(cd "$(dirname "$candidate")" && pwd)/kit.sh; break; fi
  done
fi
if [ -z "$KIT" ] || { [ "$KIT" != none ] && [ ! -f "$KIT" ]; }; then
  echo "no docker-offline kit.sh found; set DOCKER_KIT (or DOCKER_KIT=none for the machine's Docker)" >&2; exit 1
fi

WORK=$(mktemp -d /tmp/compose-smoke.XXXXXX)
STACK_UP=0
STOP_KIT=0

log() { printf '[compose-smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
compose() {
  if [ "$KIT" = none ]; then (cd "$ROOT" && docker compose "$@"); else (cd "$ROOT" && bash "$KIT" compose "$@"); fi
}
# The kit's daemon is Docker 20.10; its own client matches it (a newer one on PATH may not).
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

cleanup() {
  local rc=$?
  set +e
  if [ "$STACK_UP" = 1 ]; then
    if [ $rc -ne 0 ]; then
      compose ps
      compose logs --no-color --tail 40 app
    fi
    log "compose down -v"
    compose down -v --remove-orphans
  fi
  if [ "$STOP_KIT" = 1 ]; then
    log "kit.sh down"
    bash "$KIT" down
  fi
  rm -rf "$WORK"
  log "exit $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "project $ROOT, kit $KIT, compose project $COMPOSE_PROJECT_NAME"
# Not `status | grep -q`: with pipefail, grep quitting early would make the pipeline fail (SIGPIPE).
kit_status=$( [ "$KIT" = none ] || bash "$KIT" status 2>/dev/null || true)
if [ "$KIT" = none ]; then
  log "using the machine's own Docker engine"
elif [[ "$kit_status" == *"dockerd: running"* ]]; then
  log "the kit's dockerd is already running: it stays running afterwards"
elif [ "${KEEP_KIT:-0}" != 1 ]; then
  STOP_KIT=1
fi
t=$(now)
if [ "$KIT" != none ]; then
  bash "$KIT" up >"$WORK/kit-up.log" 2>&1 || { tail -n 30 "$WORK/kit-up.log"; die "kit.sh up failed"; }
  log "kit.sh up: $(since "$t")s"
fi

if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  die "port 8080 is already in use; stop what listens there first"
fi

t=$(now)
compose build app
log "image build: $(since "$t")s"

STACK_UP=1
t=$(now)
compose up --build -d
ready=0
deadline=$(( $(date +%s) + READY_TIMEOUT ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if curl -fs -m 2 -o /dev/null "$BASE_URL/actuator/health/readiness"; then ready=1; break; fi
  sleep 0.25
done
[ $ready = 1 ] || die "the API was not ready ${READY_TIMEOUT}s after up"
log "up -> ready API: $(since "$t")s"

# shellcheck source=scripts/lib/smoke.sh
source "$ROOT/scripts/lib/smoke.sh"

# The compose healthcheck runs curl inside the container: it must turn healthy, not just the host's view.
app_container=$(compose ps -q app)
health=""
for _ in $(seq 60); do
  health=$(docker_cli inspect -f '{{.State.Health.Status}}' "$app_container" 2>/dev/null || true)
  [ "$health" = healthy ] && break
  sleep 1
done
if [ "$health" = healthy ]; then pass "app container healthy (compose healthcheck)"
else fail "app container healthy (compose healthcheck)" "status: ${health:-unknown}"; fi
user=$(docker_cli inspect -f '{{.Config.User}}' "$app_container" 2>/dev/null || true)
if [ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ]; then pass "app runs as non-root user '$user'"
else fail "app runs as non-root user" "user: '${user}'"; fi

# Thousands of shoppers in the same second against the container with its memory limit: every one
# answered (201, 409 with the right code, or 503 with Retry-After), the stock sold exactly, and the
# container neither restarted nor OOM-killed.
container_spike() {
  local coupon shoppers=${SPIKE_SHOPPERS:-5000} stock=${SPIKE_STOCK:-500} restarts_before restarts_after
  coupon="SPIKE_$(date +%s)_$RANDOM"
  echo "Spike: $shoppers shoppers at once on $coupon (stock $stock), each on a connection of its own"
  request POST /api/coupons "{\"name\":\"$coupon\",\"amount\":$stock}"
  check "create $coupon" 201
  restarts_before=$(docker_cli inspect -f '{{.RestartCount}}' "$app_container" 2>/dev/null || echo '?')
  if python3 "$ROOT/scripts/hardening/burst.py" --host 127.0.0.1 --port 8080 --coupon "$coupon" \
      --shoppers "$shoppers" --stock "$stock" --prefix spiker --timeout 120 >"$WORK/spike.txt" 2>&1; then
    pass "spike: every shopper answered, exactly $stock x 201, only 201/409/503 with Retry-After"
  else
    fail "spike: every shopper answered, exactly $stock x 201, only 201/409/503 with Retry-After"
  fi
  sed 's/^/        /' "$WORK/spike.txt"
  restarts_after=$(docker_cli inspect -f '{{.RestartCount}}' "$app_container" 2>/dev/null || echo '?')
  local state
  state=$(docker_cli inspect -f 'running={{.State.Running}} oom_killed={{.State.OOMKilled}}' "$app_container" 2>/dev/null || true)
  if [ "$state" = "running=true oom_killed=false" ] && [ "$restarts_before" = "$restarts_after" ]; then
    pass "spike: the app container survived ($state, restarts $restarts_after)"
  else
    fail "spike: the app container survived" "$state, restarts $restarts_before -> $restarts_after"
  fi
  # java is PID 1 in the container (exec in the entrypoint): its peak RSS, and the container's memory now.
  echo "        app peak RSS: $(docker_cli exec "$app_container" sh -c 'grep VmHWM /proc/1/status' 2>/dev/null | tr -s ' \t' ' ' || echo unknown);" \
       "container memory now: $(docker_cli stats --no-stream --format '{{.MemUsage}}' "$app_container" 2>/dev/null || echo unknown)"
  request GET "/api/coupons/$coupon"
  check "details -> remaining_amount 0" 200 '"remaining_amount":0'
  local holders
  holders=$( (grep -o 'spiker_[0-9]*' <<<"$BODY" || true) | sort -u | wc -l)
  if [ "$holders" -eq "$stock" ]; then pass "details -> $stock distinct claimants"
  else fail "details -> $stock distinct claimants" "found $holders"; fi
}

# A consumer's queue, bound before the races. The exchange is declared here too (the service declares the
# same one when it first publishes), so the binding does not depend on who comes first.
RABBIT_API=${RABBIT_API:-http://localhost:15672/api}
RABBIT_AUTH=${RABBIT_AUTH:-coupons:coupons}
EVENT_QUEUE=smoke.coupon-events
rabbit_api() { # METHOD PATH [JSON]: prints the body, fails on an HTTP error
  local args=(-fsS -m 10 -u "$RABBIT_AUTH" -X "$1" -H 'content-type: application/json')
  if [ -n "${3:-}" ]; then args+=(--data-binary "$3"); fi
  curl "${args[@]}" "$RABBIT_API$2"
}
events_ready=0
for _ in $(seq 120); do
  if rabbit_api PUT /exchanges/%2F/coupons.events '{"type":"topic","durable":true}' >/dev/null 2>&1; then
    events_ready=1; break
  fi
  sleep 1
done
if [ $events_ready = 1 ] \
   && rabbit_api PUT /queues/%2F/$EVENT_QUEUE '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' >/dev/null \
   && rabbit_api POST /bindings/%2F/e/coupons.events/q/$EVENT_QUEUE '{"routing_key":"coupon.*"}' >/dev/null; then
  pass "event queue $EVENT_QUEUE bound to coupon.* on coupons.events"
else
  fail "event queue $EVENT_QUEUE bound to coupon.* on coupons.events" "RabbitMQ management API at $RABBIT_API"
fi

smoke_run
flash_sale_attack
double_dip

# The races' events: 5 coupon.claimed + 1 coupon.sold_out for the attack, 1 coupon.claimed for the double dip,
# 1 for the smoke run. At least once, so repeats are possible; they are counted by distinct event_id.
events_check() {
  python3 -c '
import json, sys
messages = json.load(sys.stdin)
ids = {}
for m in messages:
    event = json.loads(m["payload"])
    ids.setdefault((event["event_type"], event["coupon_name"].split("_")[0]), set()).add(event["event_id"])
counts = {key: len(value) for key, value in ids.items()}
want = {("coupon.claimed", "ATTACK"): 5, ("coupon.sold_out", "ATTACK"): 1, ("coupon.claimed", "DIP"): 1,
        ("coupon.claimed", "SMOKE"): 1}
print(" ".join("%s/%s=%d" % (k[1], k[0], v) for k, v in sorted(counts.items())))
sys.exit(0 if all(counts.get(k, 0) == v for k, v in want.items()) else 1)
' <"$1"
}
: >"$WORK/events.json"
events_seen=""
for _ in $(seq 30); do
  # Peeks without consuming (requeue), so every poll sees them all.
  if rabbit_api POST /queues/%2F/$EVENT_QUEUE/get \
       '{"count":1000,"ackmode":"ack_requeue_true","encoding":"auto"}' >"$WORK/events.json" 2>/dev/null \
     && events_seen=$(events_check "$WORK/events.json"); then
    break
  fi
  events_seen=$(events_check "$WORK/events.json" 2>/dev/null || true)
  events_seen=${events_seen:-none}
  sleep 1
done
if events_check "$WORK/events.json" >/dev/null 2>&1; then
  pass "coupon events of the races on RabbitMQ: $events_seen"
else
  fail "coupon events of the races on RabbitMQ" "distinct events seen: $events_seen"
  compose logs --no-color --tail 40 rabbitmq || true
fi

container_spike
smoke_summary
