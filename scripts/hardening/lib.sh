# Shared by the hardening scripts: a throw-away PostgreSQL 15 and the packaged service.
# Source it; it sets WORK, PG_PORT, APP_PORT and a cleanup trap.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
BUILT_JAR="$ROOT/bootstrap/target/coupons.jar"
WORK="$(mktemp -d /tmp/coupons-hardening.XXXXXX)"
JAR="$WORK/coupons.jar"
chmod 755 "$WORK"
APP_PID=""
STORM_PID=""

log() { printf '%s %s\n' "$(date +%H:%M:%S.%3N)" "$*"; }
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
    set +e
    [ -f "$WORK/stop" ] || touch "$WORK/stop"
    [ -n "$STORM_PID" ] && kill "$STORM_PID" 2>/dev/null
    [ -n "$APP_PID" ] && { kill -9 "$APP_PID" && wait "$APP_PID"; } 2>/dev/null
    [ -d "$WORK/pg" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A private copy of the jar: a build running meanwhile may rewrite bootstrap/target/coupons.jar
# under a starting app (seen as NoClassDefFoundError on restart).
require_jar() {
    if [ ! -f "$BUILT_JAR" ]; then
        log "building $BUILT_JAR (package, tests skipped)"
        (cd "$ROOT" && JAVA_HOME="$(dirname "$(dirname "$JAVA")")" ./mvnw -B -q package -DskipTests)
    fi
    cp "$BUILT_JAR" "$JAR"
}

pg_start() {
    PG_PORT="${PG_PORT:-$(free_port)}"
    chown postgres "$WORK"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 >/dev/null
    pg_ctl_start
    psql_q "CREATE DATABASE coupons" postgres >/dev/null
}

pg_ctl_start() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
        -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
}

pg_ctl_stop_fast() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null
}

psql_q() {
    psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "${2:-coupons}" -c "$1"
}

# app_start [java options...]: starts the jar on APP_PORT against the throw-away database.
app_start() {
    APP_PORT="${APP_PORT:-$(free_port)}"
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/coupons" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD="" SERVER_PORT="$APP_PORT" \
        "$JAVA" "$@" -jar "$JAR" >>"$WORK/app.log" 2>&1 &
    APP_PID=$!
    local deadline=$((SECONDS + 180))
    until curl -fs "http://127.0.0.1:$APP_PORT/actuator/health/readiness" >/dev/null 2>&1; do
        if ! kill -0 "$APP_PID" 2>/dev/null; then log "the app died while starting:"; tail -30 "$WORK/app.log"; exit 2; fi
        if [ $SECONDS -ge $deadline ]; then log "the app did not get ready in 180 s"; exit 2; fi
        sleep 0.2
    done
}

api_create() {
    curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"amount\":$2}" "http://127.0.0.1:$APP_PORT/api/coupons"
}

storm_start() {
    python3 "$ROOT/scripts/hardening/storm.py" --port "$APP_PORT" --coupon "$1" --threads "${2:-8}" \
        --prefix "$3" --out "$WORK/storm.jsonl" --stop-file "$WORK/stop" &
    STORM_PID=$!
}

storm_stop() {
    touch "$WORK/stop"
    wait "$STORM_PID"
    STORM_PID=""
}
