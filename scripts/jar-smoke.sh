#!/usr/bin/env bash
# Smoke test of the packaged jar, without Docker: runs bootstrap/target/coupons.jar with the environment
# the container gets (the Dockerfile's ENV plus the compose file's app environment), its database URL
# pointed at a test PostgreSQL, and checks the API and the health probes.
#
#   ./mvnw -B -q package -DskipTests && scripts/jar-smoke.sh
#
# The database: COUPONS_TEST_DB_URL (+ COUPONS_TEST_DB_USERNAME / _PASSWORD) when set; otherwise a
# throwaway PostgreSQL from PG_BIN (default /usr/lib/postgresql/15/bin) on a free port in a temp dir, with
# the database, user and password of the compose file's postgres service. Java: $JAVA_HOME/bin/java (25+).
# APP_PORT (default 8080, the compose port) is where the app listens. Always cleans up; exits non-zero on
# any failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/bootstrap/target/coupons.jar
COMPOSE_FILE=$ROOT/docker-compose.yml
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
APP_PORT=${APP_PORT:-8080}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
READY_TIMEOUT=${READY_TIMEOUT:-180}

WORK=$(mktemp -d /tmp/jar-smoke.XXXXXX)
APP_PID=""
PG_DATA=""

log() { printf '[jar-smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }

as_postgres() { # PostgreSQL refuses to run as root
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local rc=$?
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ $rc -ne 0 ] && [ -s "$WORK/app.log" ]; then
    log "last lines of the app log:"
    tail -n 40 "$WORK/app.log" >&2
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# compose_env SERVICE: the service's `environment:` entries from the compose file as KEY=VALUE lines
# (map or list form, YAML quotes removed, comment lines skipped: the shape our compose file keeps).
compose_env() {
  awk -v svc="$1" '
    /^services:/ { in_services = 1; next }
    in_services && /^[^ #]/ { in_services = 0 }
    in_services && /^  [A-Za-z0-9_.-]+:/ { in_svc = ($1 == svc ":"); in_env = 0; next }
    in_svc && /^    [A-Za-z_]+:/ { in_env = ($1 == "environment:"); next }
    in_svc && in_env && /^      / {
      line = $0; sub(/^ +(- +)?/, "", line)
      if (line ~ /^#/) { next }
      if (line ~ /^[A-Za-z_][A-Za-z0-9_]*: /) { sub(/: +/, "=", line) }
      # A YAML-quoted value ("true") is the bare value to the container.
      if (line ~ /="[^"]*"$/ || line ~ /=\047[^\047]*\047$/) { eq = index(line, "="); line = substr(line, 1, eq) substr(line, eq + 2, length(line) - eq - 2) }
      print line
    }' "$COMPOSE_FILE"
}

# dockerfile_env: the ENV of the Dockerfile's last stage as KEY=VALUE lines
dockerfile_env() {
  awk '
    /^FROM / { env = "" }
    /^ENV / || cont { line = $0; cont = sub(/\\$/, "", line); sub(/^ENV /, "", line); env = env " " line }
    END { print env }' "$ROOT/Dockerfile" | xargs -r -n1 printf '%s\n'
}

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free port found"
}

start_throwaway_postgres() { # start_throwaway_postgres DB USER PASSWORD: sets PG_DATA and PG_HOST_PORT
  # (not run in $(...): cleanup needs PG_DATA in this shell)
  local db=$1 user=$2 password=$3 port
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL at $PG_BIN (set PG_BIN or COUPONS_TEST_DB_URL)"
  port=$(free_port)
  mkdir -p "$WORK/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres "$WORK" "$WORK/pg"
  PG_DATA=$WORK/pg/data
  # Password authentication over TCP, as in the postgres image; the socket stays private to the temp dir.
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w \
    -o "-p $port -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$WORK/pg/server.log" >&2; die "PostgreSQL did not start"; }
  as_postgres "$PG_BIN/psql" -h "$WORK/pg" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -v user="$user" -v password="$password" -v db="$db" >/dev/null <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
  PG_HOST_PORT=127.0.0.1:$port
}

[ -f "$JAR" ] || die "no $JAR: build it first with ./mvnw -B -q package -DskipTests"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major:-0}" -ge 25 ] 2>/dev/null || die "$JAVA is Java ${java_major:-?}; the jar needs 25+ (set JAVA_HOME)"
if (exec 3<>"/dev/tcp/127.0.0.1/$APP_PORT") 2>/dev/null; then
  die "port $APP_PORT is already in use; stop what listens there or set APP_PORT"
fi

# The environment of the container: Dockerfile ENV, then the compose file's (which wins, as in Docker).
mapfile -t app_env < <(dockerfile_env; compose_env app)
get_env() { printf '%s\n' "${app_env[@]}" | awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); v = $0 } END { print v }'; }
compose_url=$(get_env SPRING_DATASOURCE_URL)
[ -n "$compose_url" ] || die "no SPRING_DATASOURCE_URL for app in $COMPOSE_FILE"

if [ -n "${COUPONS_TEST_DB_URL:-}" ]; then
  db_url=$COUPONS_TEST_DB_URL
  db_user=${COUPONS_TEST_DB_USERNAME:-$(get_env SPRING_DATASOURCE_USERNAME)}
  db_password=${COUPONS_TEST_DB_PASSWORD:-$(get_env SPRING_DATASOURCE_PASSWORD)}
  log "database: COUPONS_TEST_DB_URL ($db_url)"
else
  db_user=$(get_env SPRING_DATASOURCE_USERNAME)
  db_password=$(get_env SPRING_DATASOURCE_PASSWORD)
  db_name=$(compose_env postgres | awk -F= '$1 == "POSTGRES_DB" { print $2 }')
  log "starting a throwaway PostgreSQL ($("$PG_BIN/postgres" --version)) with database $db_name, user $db_user"
  start_throwaway_postgres "$db_name" "$db_user" "$db_password"
  # Only the host changes: jdbc:postgresql://postgres:5432/coupons -> jdbc:postgresql://127.0.0.1:PORT/coupons
  db_url=$(sed -E "s#^(jdbc:postgresql://)[^/]+#\1$PG_HOST_PORT#" <<<"$compose_url")
  log "database: $db_url"
fi

run_env=()
for kv in "${app_env[@]}"; do
  case ${kv%%=*} in
    SPRING_DATASOURCE_URL) run_env+=("SPRING_DATASOURCE_URL=$db_url") ;;
    SPRING_DATASOURCE_USERNAME) run_env+=("SPRING_DATASOURCE_USERNAME=$db_user") ;;
    SPRING_DATASOURCE_PASSWORD) run_env+=("SPRING_DATASOURCE_PASSWORD=$db_password") ;;
    # No broker here (compose-smoke checks the events against a real one): the root health would
    # rightly report the missing broker DOWN, which is not what this smoke test is about.
    COUPONS_EVENTS_ENABLED) run_env+=("COUPONS_EVENTS_ENABLED=false") ;;
    *) run_env+=("$kv") ;;
  esac
done
[ "$APP_PORT" = 8080 ] || run_env+=("SERVER_PORT=$APP_PORT")
log "app environment: $(printf '%s\n' "${run_env[@]}" | sed 's/\(PASSWORD=\).*/\1***/' | paste -sd' ' -)"

java_opts=$(printf '%s\n' "${run_env[@]}" | awk -F= '$1 == "JAVA_OPTS" { sub(/^[^=]*=/, ""); print }')
start=$(date +%s.%N)
# Only the container's environment (plus PATH and HOME), so nothing from this shell leaks in.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags, split as the container's sh -c does
env -i PATH="$PATH" HOME="$HOME" "${run_env[@]}" "$JAVA" $java_opts -jar "$JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!
log "started $JAR (pid $APP_PID), waiting for readiness"

BASE_URL=http://localhost:$APP_PORT
ready=0
deadline=$(( $(date +%s) + READY_TIMEOUT ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  kill -0 "$APP_PID" 2>/dev/null || die "the app exited during startup"
  if curl -fs -m 2 -o /dev/null "$BASE_URL/actuator/health/readiness"; then ready=1; break; fi
  sleep 0.25
done
[ $ready -eq 1 ] || die "not ready after ${READY_TIMEOUT}s"
log "ready after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')s"
# shellcheck source=scripts/lib/smoke.sh
source "$ROOT/scripts/lib/smoke.sh"
if [ -s "$WORK/app.log" ] && [ "$(grep -cv '^{.*}$' "$WORK/app.log" || true)" -eq 0 ]; then
  pass "app logs are JSON lines, as in the container"
else
  fail "app logs are JSON lines, as in the container" "$(grep -v '^{.*}$' "$WORK/app.log" | head -n 3)"
fi
smoke_run
smoke_summary
