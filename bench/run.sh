#!/usr/bin/env bash
# Hot-coupon benchmark: one command, every scenario, one table. See bench/README.md.
#
#   bench/run.sh
#
# Everything it needs it finds or makes: wrk (apt), a throwaway durable PostgreSQL 15 (unless
# BENCH_DB_URL is given), the packaged service and the bare app (built when older than their
# sources). Results land in bench/results/<timestamp>/ and bench/results/latest.{md,svg}. All
# processes it starts are stopped on exit, however it exits.
#
# Knobs (environment):
#   BENCH_DURATION=20        seconds measured per scenario, in BENCH_ROUNDS slices
#   BENCH_ROUNDS=2           rounds: every scenario measures DURATION/ROUNDS seconds per round
#   BENCH_WARMUP=10          seconds of JIT warm-up per HTTP path before measuring anything (0 = none),
#                            and of the engine before it measures
#   BENCH_SETTLE=3           seconds of load on its own target right before each HTTP scenario
#   BENCH_CONNECTIONS=64     wrk connections = engine threads
#   BENCH_WRK_THREADS=2      wrk threads (and pgbench -j)
#   BENCH_HOT_STOCK=10000000 stock of the hot coupons
#   BENCH_SCENARIOS="hot sold-out liveness details bare pessimistic conditional serializable baseline baseline-factors engine spike"
#                            a subset runs just those ("ceiling" = liveness details)
#   BENCH_SPIKE_SHOPPERS=10000 BENCH_SPIKE_STOCK=1000   the open burst of the spike scenario
#   BENCH_BASELINE_CLIENTS="1 2 4 8 16 32 64"   pgbench client counts tried in every round; the best is the baseline
#   BENCH_BASELINE_SAMPLING=0  share of the measured pgbench transactions to log; 0: percentiles from a separate run
#   BENCH_FACTOR_SECONDS=5   seconds per variant of baseline-factors (each variant runs twice, interleaved)
#   BENCH_DB_URL=postgresql://user:pass@host:port/db          use this database instead
#   BENCH_APP_JAVA_OPTS="-Xms64m -Xmx192m ..."                JVM flags of the service and the bare app (default: the image's)
#   BENCH_ENGINE_THREADS=virtual|platform                      thread kind of the engine harness
#   BENCH_BUILD=auto|always|never                              build the jars when stale / always / never
#   BENCH_ANALYZE=1          ANALYZE coupons and claims after the warm-up (0: leave it to autovacuum)
#   BENCH_PROFILE=1          record JFR of the service during hot, sold-out and liveness, of the bare
#                            app and of the engine, and summarise it
#   BENCH_JAVA_HOME          a JDK 25 (default: $JAVA_HOME if it is 25+, else temurin-25)
#   BENCH_PG_BIN=/usr/lib/postgresql/15/bin
#   BENCH_UPDATE_README=1    also rewrite README's generated benchmark block from this run
#   BENCH_QUIET_WAIT=0       seconds to wait, before starting, for the machine to fall below
#                            BENCH_QUIET_CORES (0.5) busy cores; on a shared box
set -Eeuo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

DURATION=${BENCH_DURATION:-20}
ROUNDS=${BENCH_ROUNDS:-2}
SLICE=$(( (DURATION + ROUNDS - 1) / ROUNDS ))
WARMUP=${BENCH_WARMUP:-10}
SETTLE=${BENCH_SETTLE:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
HOT_STOCK=${BENCH_HOT_STOCK:-10000000}
SCENARIOS=" ${BENCH_SCENARIOS:-hot sold-out liveness details bare pessimistic conditional serializable baseline baseline-factors engine spike} "
SPIKE_SHOPPERS=${BENCH_SPIKE_SHOPPERS:-10000}
SPIKE_STOCK=${BENCH_SPIKE_STOCK:-1000}
[[ $SCENARIOS == *" ceiling "* ]] && SCENARIOS="$SCENARIOS liveness details "
BASELINE_CLIENTS=${BENCH_BASELINE_CLIENTS:-1 2 4 8 16 32 64}
FACTOR_SECONDS=${BENCH_FACTOR_SECONDS:-5}
# The rival designs (coupons.claims.strategy), each in a JVM of its own, measured like hot.
RIVALS=()
for strategy in pessimistic conditional serializable; do
    [[ $SCENARIOS == *" $strategy "* ]] && RIVALS+=("$strategy")
done
APP_JAVA_OPTS=${BENCH_APP_JAVA_OPTS:-$("$ROOT/scripts/image-java-opts.sh")}
ENGINE_JAVA_OPTS=${BENCH_ENGINE_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC}
ENGINE_THREADS=${BENCH_ENGINE_THREADS:-virtual}
BUILD=${BENCH_BUILD:-auto}
PROFILE=${BENCH_PROFILE:-0}
ANALYZE=${BENCH_ANALYZE:-1}
PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR="$BENCH_DIR/results/$RUN_ID"
mkdir -p "$RUN_DIR"
META="$RUN_DIR/meta.txt"
: > "$META"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
meta() { printf '%s=%s\n' "$1" "$2" >> "$META"; }
wants() { [[ $SCENARIOS == *" $1 "* ]]; }

# ---------------------------------------------------------------- cleanup
APP_PID='' ENGINE_PID='' RSS_PID='' PG_POSTMASTER='' PG_DATA='' PG_TMP='' UNPACK_DIR='' AS_PG=()
declare -A JVM_PID=() JVM_URL=()
stop_jvms() { # a stopped (SIGSTOP) process must run again to act on SIGTERM
    local pid
    for pid in "${JVM_PID[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
    for pid in "${JVM_PID[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $RSS_PID ]]; then kill "$RSS_PID" 2>/dev/null || true; fi
    stop_jvms
    if [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]]; then
        log "stopping PostgreSQL"
        "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n $PG_TMP ]]; then rm -rf "$PG_TMP"; fi
    if [[ -n $UNPACK_DIR ]]; then rm -rf "$UNPACK_DIR"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------- tools
find_java() {
    local candidates=("${BENCH_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64)
    for home in "${candidates[@]}"; do
        [[ -n $home && -x $home/bin/java && -x $home/bin/javac ]] || continue
        local major
        major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
        if [[ ${major%%.*} -ge 25 ]]; then echo "$home"; return; fi
    done
    die "no JDK 25 found; set BENCH_JAVA_HOME"
}
JAVA_HOME=$(find_java)
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -qq >/dev/null && "${SUDO[@]}" apt-get install -y -qq wrk >/dev/null \
        || die "could not install wrk (apt-get install wrk)"
fi
[[ -x $PG_BIN/pg_ctl ]] || PG_BIN=$(pg_config --bindir 2>/dev/null) || true
[[ -x $PG_BIN/pgbench && -x $PG_BIN/psql ]] || die "PostgreSQL client tools not found; set BENCH_PG_BIN"
command -v curl >/dev/null || die "curl is required"

# ---------------------------------------------------------------- build
JAR="$ROOT/bootstrap/target/coupons.jar"
BARE_JAR="$BENCH_DIR/bare/target/bare.jar"
stale_sources() { # jar dir...: the first source under the dirs newer than the jar
    local jar=$1
    shift
    find "$@" \( -path "$ROOT/bench" -o -path "$ROOT/.git" -o -name target \) -prune -o \
        \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -type f -newer "$jar" -print -quit
}
build_jar() { # jar what maven-args...
    local jar=$1 what=$2
    shift 2
    if [[ $BUILD == always || ( $BUILD == auto && ( ! -f $jar || -n $(stale_sources "$jar" "${STALE_DIRS[@]}") ) ) ]]; then
        log "building $what"
        # Offline first: a shared ~/.m2 usually has everything; the network only when it has not.
        (cd "$ROOT" && { ./mvnw -o -B -q "$@" package -DskipTests || ./mvnw -B -q "$@" package -DskipTests; }) \
            > "$RUN_DIR/build-$what.log" 2>&1 \
            || { tail -30 "$RUN_DIR/build-$what.log" >&2; die "build of $what failed (see $RUN_DIR/build-$what.log)"; }
    fi
    [[ -f $jar ]] || die "$jar is missing (BENCH_BUILD=never?)"
}
STALE_DIRS=("$ROOT")
build_jar "$JAR" service
if wants bare; then
    STALE_DIRS=("$BENCH_DIR/bare")
    build_jar "$BARE_JAR" bare -f bench/bare/pom.xml
fi

# ---------------------------------------------------------------- a quiet machine, if asked for
machine_busy_cores() { # over $1 seconds, from /proc/stat
    local a b
    a=$(head -1 /proc/stat); sleep "$1"; b=$(head -1 /proc/stat)
    awk -v a="$a" -v b="$b" -v s="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(a, x); split(b, y); t = 0
        for (i = 2; i <= 9; i++) t += y[i] - x[i]
        printf "%.2f\n", (t - (y[5] - x[5]) - (y[6] - x[6])) / hz / s }'
}
if [[ ${BENCH_QUIET_WAIT:-0} -gt 0 ]]; then
    log "waiting up to ${BENCH_QUIET_WAIT}s for the machine to be quiet (< ${BENCH_QUIET_CORES:-0.5} cores busy)"
    deadline=$((SECONDS + BENCH_QUIET_WAIT))
    while busy=$(machine_busy_cores 5) && awk -v b="$busy" -v q="${BENCH_QUIET_CORES:-0.5}" 'BEGIN { exit !(b >= q) }'; do
        [[ $SECONDS -ge $deadline ]] && { log "still busy ($busy cores); starting anyway"; break; }
        log "machine busy: $busy cores"
        sleep 10
    done
fi
meta busy_before_cores "$(machine_busy_cores 2)"

# ---------------------------------------------------------------- database
PSQL=()
if [[ -n ${BENCH_DB_URL:-} ]]; then
    DB_URI=$BENCH_DB_URL
    log "using the database of BENCH_DB_URL"
    meta database "BENCH_DB_URL (external)"
else
    [[ $(id -u) -eq 0 ]] && AS_PG=(runuser -u postgres --)
    PG_TMP=$(mktemp -d /tmp/coupons-bench-pg.XXXXXX)
    PG_DATA="$PG_TMP/data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_TMP"
    PG_PORT=$(free_port)
    log "starting a throwaway PostgreSQL on port $PG_PORT ($PG_TMP)"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C >"$RUN_DIR/initdb.log" 2>&1 \
        || die "initdb failed (see $RUN_DIR/initdb.log)"
    # Durable on purpose: every commit waits for its WAL flush, as in production.
    cat >> "$PG_DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_TMP'
max_connections = 200
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 256MB
EOF
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_TMP/postgresql.log" -w -t 60 start >/dev/null \
        || { cat "$PG_TMP/postgresql.log" >&2; die "PostgreSQL did not start"; }
    PG_POSTMASTER=$(head -1 "$PG_DATA/postmaster.pid")
    "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c 'CREATE DATABASE coupons' \
        || die "could not create database coupons"
    DB_URI="postgresql://postgres:bench@127.0.0.1:$PG_PORT/coupons"
    meta database "throwaway PostgreSQL (fsync=on, synchronous_commit=on, max_connections=200)"
fi
PSQL=("$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$DB_URI")
read -r DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD < <(python3 - "$DB_URI" <<'EOF'
import sys, urllib.parse as u
p = u.urlparse(sys.argv[1])
print(p.hostname or "localhost", p.port or 5432, p.path.lstrip("/") or "postgres",
      u.unquote(p.username or "postgres"), u.unquote(p.password or "-"))
EOF
)
export SPRING_DATASOURCE_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"
export SPRING_DATASOURCE_USERNAME="$DB_USER"
export SPRING_DATASOURCE_PASSWORD="$DB_PASSWORD"
meta pg_version "$("${PSQL[@]}" -c 'SHOW server_version')"
meta pg_settings "$("${PSQL[@]}" -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','max_connections','shared_buffers','wal_sync_method')")"

# ---------------------------------------------------------------- the JVMs under test
# Every JVM a scenario measures (the service, one per rival strategy, the bare app, the engine)
# lives for the whole run, but only the one being warmed up or measured runs: `focus` SIGSTOPs the
# others, so an idle JVM's timers and housekeeping cost the measured one nothing.
APP_OPTS=($APP_JAVA_OPTS)
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
start_jvm() { # name ready-path command...
    local name=$1 ready=$2 port i
    shift 2
    port=$(free_port)
    log "starting $name on port $port"
    SERVER_PORT=$port "$@" > "$RUN_DIR/$name.log" 2>&1 &
    JVM_PID[$name]=$!
    JVM_URL[$name]="http://127.0.0.1:$port"
    for i in $(seq 1 360); do
        kill -0 "${JVM_PID[$name]}" 2>/dev/null || { tail -40 "$RUN_DIR/$name.log" >&2; die "$name died while starting"; }
        [[ $(curl -s -o /dev/null -w '%{http_code}' "${JVM_URL[$name]}$ready" || true) == 200 ]] && break
        [[ $i -eq 360 ]] && die "$name was not ready within 180 s"
        sleep 0.5
    done
    log "$name ready (pid ${JVM_PID[$name]})"
}
focus() { # names...: these JVMs run, every other one is stopped; no name stops them all
    local name keep=" $* "
    for name in "${!JVM_PID[@]}"; do
        if [[ $keep == *" $name "* ]]; then
            kill -CONT "${JVM_PID[$name]}" 2>/dev/null || true
        else
            kill -STOP "${JVM_PID[$name]}" 2>/dev/null || true
        fi
    done
}
start_jvm app /actuator/health/readiness "$JAVA" "${APP_OPTS[@]}" -jar "$JAR"
APP=${JVM_URL[app]} APP_PID=${JVM_PID[app]}
meta rss_idle_kb "$(rss_kb "$APP_PID")"
# The rivals: the same jar and JVM flags, another strategy, and the waiting room their design needs
# (the race tests' settings: 30 s for a pooled connection, no 3 s read limit, a 60 s deadline, and
# room for serializable's retries); with the service's own 2 s / 3 s bounds they answer 503 under load.
RIVAL_PROPERTIES="$ROOT/bootstrap/src/test/resources/single-claim-strategy.properties"
for strategy in "${RIVALS[@]}"; do
    [[ -f $RIVAL_PROPERTIES ]] || die "$RIVAL_PROPERTIES is missing"
    focus
    start_jvm "$strategy" /actuator/health/readiness "$JAVA" "${APP_OPTS[@]}" -jar "$JAR" \
        "--coupons.claims.strategy=$strategy" "--spring.config.additional-location=file:$RIVAL_PROPERTIES"
done
meta rival_settings "$(grep -v '^#' "$RIVAL_PROPERTIES" 2>/dev/null | grep . | tr '\n' ' ')"
if wants bare; then
    focus
    start_jvm bare /up "$JAVA" "${APP_OPTS[@]}" -jar "$BARE_JAR"
fi
focus app

create_coupon() { # name amount
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"amount\":$2}" "$APP/api/coupons")
    [[ $status == 201 ]] || die "creating coupon $1 answered $status"
}
claim() { # coupon user -> status
    curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "{\"coupon_name\":\"$1\",\"user_id\":\"$2\"}" "$APP/api/coupons/claim"
}
coupon_state() { # name -> amount|remaining|version|claims  (env INV_SCHEMA: another schema)
    PGOPTIONS="-c search_path=${INV_SCHEMA:-public}" "${PSQL[@]}" -v name="$1" -f "$BENCH_DIR/sql/coupon.sql"
}
check_invariant() { # result-name [coupon]  (env INV_SCHEMA: check another schema)
    local line
    line=$(PGOPTIONS="-c search_path=${INV_SCHEMA:-public}" "${PSQL[@]}" -f "$BENCH_DIR/sql/invariant.sql")
    echo "$line" > "$RUN_DIR/$1.invariant.txt"
    [[ -n ${2:-} ]] && coupon_state "$2" > "$RUN_DIR/$1.coupon.txt"
    IFS='|' read -r stock dup coupons claims <<< "$line"
    log "invariant after $1: $stock stock violations, $dup duplicate claims ($coupons coupons, $claims claims)"
}
wrk_run() { # result-name seconds url lua-args...
    local name=$1 seconds=$2 url=$3
    shift 3
    WRK_JSON_OUT="$RUN_DIR/$name.wrk.json" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
        -s "$BENCH_DIR/wrk/scenario.lua" "$url" -- "$@" > "$RUN_DIR/$name.wrk.txt" 2>&1 \
        || die "wrk failed (see $RUN_DIR/$name.wrk.txt)"
}
warm() { # seconds jvm lua-args...  (focuses the JVM)
    local seconds=$1 jvm=$2
    shift 2
    [[ $seconds -gt 0 ]] || return 0
    focus "$jvm"
    WRK_JSON_OUT='' wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
        -s "$BENCH_DIR/wrk/scenario.lua" "${JVM_URL[$jvm]}" -- "$@" > /dev/null 2>&1 || die "wrk warm-up failed"
}
# CPU accounting: "machine_busy machine_total service postgres" in clock ticks. Exited PostgreSQL
# backends are counted through the postmaster's cutime/cstime once it has reaped them.
proc_ticks() { # pid [with-children]
    [[ -n $1 && -r /proc/$1/stat ]] || { echo 0; return; }
    sed 's/^.*) //' "/proc/$1/stat" | awk -v kids="${2:-}" '{ t = $12 + $13; if (kids) t += $14 + $15; print t }'
}
pg_ticks() { # PostgreSQL's CPU: the postmaster with its reaped children, and its live backends, in one pass
    [[ -n $PG_POSTMASTER ]] || { echo 0; return; }
    # A bench holds ~150 backends (every JVM's pool, pgbench's clients): one process for all of them.
    cat "/proc/$PG_POSTMASTER/stat" $(pgrep -P "$PG_POSTMASTER" | sed 's|.*|/proc/&/stat|') 2>/dev/null \
        | sed 's/^.*) //' | awk 'NR == 1 { t = $12 + $13 + $14 + $15; next } { t += $12 + $13 } END { print t + 0 }'
}
cpu_snapshot() { # service-pid
    local pg
    pg=$(pg_ticks)
    awk -v app="$(proc_ticks "$1")" -v pg="$pg" \
        '/^cpu / { total = 0; for (i = 2; i <= 9; i++) total += $i; print total - $5 - $6, total, app, pg }' /proc/stat
}
# CPU of the load generator (wrk, pgbench): what this shell's reaped children used, from `times`,
# which must run in this shell (not in a $(...) subshell) to see them.
children_ticks() {
    tail -1 "$RUN_DIR/.times" | awk -v hz="$(getconf CLK_TCK)" '{
        t = 0
        for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
        printf "%d\n", t * hz }'
}
cpu_begin() {
    times > "$RUN_DIR/.times"
    CPU_BEFORE="$(cpu_snapshot "$1") $(children_ticks)"
}
cpu_end() { # result-name service-pid
    times > "$RUN_DIR/.times"
    echo "$CPU_BEFORE $(cpu_snapshot "$2") $(children_ticks) $(nproc) $(getconf CLK_TCK)" > "$RUN_DIR/$1.cpu.txt"
}
sample_rss() { # pid out: keeps writing "max samples" until killed
    local pid=$1 out=$2 max=0 n=0 v
    while kill -0 "$pid" 2>/dev/null; do
        v=$(rss_kb "$pid"); n=$((n + 1))
        (( v > max )) && max=$v
        echo "$max $n" > "$out"
        sleep 0.2
    done
}
# Profiling: JFR's "profile" settings plus JDK 25's CPU-time sampler, which also sees native code.
JFC=profile
if [[ $PROFILE == 1 ]]; then
    "$JAVA_HOME/bin/jfr" configure --input profile "jdk.CPUTimeSample#enabled=true" "jdk.CPUTimeSample#throttle=2ms" \
        --output "$RUN_DIR/profile.jfc" >/dev/null 2>&1 && JFC="$RUN_DIR/profile.jfc"
fi
PROFILED=" hot sold-out liveness bare "
jfr_start() { # scenario result-name pid
    [[ $PROFILE == 1 && $PROFILED == *" $1 "* ]] || return 0
    "$JAVA_HOME/bin/jcmd" "$3" JFR.start name="$2" settings="$JFC" >/dev/null
}
jfr_stop() { # scenario result-name pid
    [[ $PROFILE == 1 && $PROFILED == *" $1 "* ]] || return 0
    "$JAVA_HOME/bin/jcmd" "$3" JFR.stop name="$2" filename="$RUN_DIR/$2.jfr" >/dev/null
}
measure() { # scenario round jvm lua-args...: one measured slice of wrk on the JVM, alone on the machine
    local scenario=$1 r=$2 jvm=$3 name="$1.$2" pid=${JVM_PID[$3]}
    shift 3
    focus "$jvm"
    if [[ $scenario == hot ]]; then
        sample_rss "$pid" "$RUN_DIR/$name.rss.txt" &
        RSS_PID=$!
    fi
    jfr_start "$scenario" "$name" "$pid"
    cpu_begin "$pid"
    wrk_run "$name" "$SLICE" "${JVM_URL[$jvm]}" "$@"
    cpu_end "$name" "$pid"
    jfr_stop "$scenario" "$name" "$pid"
    if [[ -n $RSS_PID ]]; then
        kill "$RSS_PID" 2>/dev/null || true; wait "$RSS_PID" 2>/dev/null || true; RSS_PID=''
        meta "rss_after_hot_${r}_kb" "$(rss_kb "$pid")"
    fi
}

meta run_id "$RUN_ID"
meta git_commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo '+dirty')"
meta host "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
meta java "$("$JAVA" -version 2>&1 | head -1)"
meta wrk "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
meta duration_s "$((SLICE * ROUNDS))"
meta rounds "$ROUNDS"
meta slice_s "$SLICE"
meta warmup_s "$WARMUP"
meta settle_s "$SETTLE"
meta connections "$CONNECTIONS"
meta wrk_threads "$WRK_THREADS"
meta app_java_opts "$APP_JAVA_OPTS"
meta engine_threads "$ENGINE_THREADS"
meta rivals "${RIVALS[*]}"
meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- coupons and warm-up
HOT="hot-$RUN_ID" SOLD="sold-out-$RUN_ID" SMALL="small-$RUN_ID" BASE="pgbench-$RUN_ID" ENGINE="engine-$RUN_ID"
create_coupon "$HOT-warm" "$HOT_STOCK"
create_coupon "$HOT" "$HOT_STOCK"
create_coupon "$SOLD" 1
[[ $(claim "$SOLD" first-user) == 201 ]] || die "the only unit of $SOLD was not granted"
[[ $(claim "$SOLD" second-user) == 409 ]] || die "$SOLD is not sold out"
create_coupon "$SMALL" 10
[[ $(claim "$SMALL" someone) == 201 ]] || die "claim on $SMALL failed"
create_coupon "$BASE" "$HOT_STOCK"
for strategy in "${RIVALS[@]}"; do
    create_coupon "$strategy-$RUN_ID-warm" "$HOT_STOCK"
    create_coupon "$strategy-$RUN_ID" "$HOT_STOCK"
done
# Every HTTP path is exercised before anything is measured, so that no scenario pays for the JIT
# compiling code that a later one reuses; each slice then settles for a few seconds on its own.
if [[ $WARMUP -gt 0 ]]; then
    if wants hot || wants sold-out || wants liveness || wants details; then
        log "warming up the service: ${WARMUP}s each of hot claims, sold-out claims, liveness, details"
        warm "$WARMUP" app claim "$HOT-warm" 201 - w
        warm "$WARMUP" app claim "$SOLD" 409 COUPON_SOLD_OUT w
        warm "$WARMUP" app get /actuator/health/liveness 200 - -
        warm "$WARMUP" app get "/api/coupons/$SMALL" 200 - -
    fi
    for strategy in "${RIVALS[@]}"; do
        log "warming up $strategy: ${WARMUP}s of hot claims"
        warm "$WARMUP" "$strategy" claim "$strategy-$RUN_ID-warm" 201 - w
    done
    if wants bare; then
        log "warming up the bare app: ${WARMUP}s"
        warm "$WARMUP" bare get /up 200 - -
    fi
fi
focus

# A fresh database has no statistics for claims until autovacuum's first ANALYZE (it looks once a
# minute). Until then the service's cached generic plan for "which of these users hold the coupon"
# can be a sequential scan of claims, which grows by thousands of rows a second here: each batch
# then costs O(claims). A database in production has statistics; measure that steady state.
if [[ $ANALYZE == 1 ]]; then
    "${PSQL[@]}" -c 'ANALYZE coupons' -c 'ANALYZE claims' >/dev/null
    meta analyzed "yes, after the warm-up"
else
    meta analyzed "no (BENCH_ANALYZE=0)"
fi

# ---------------------------------------------------------------- the pgbench baseline
# The rival design at its strongest: pgbench runs the per-claim transaction on tables of its own
# (a fresh copy of the service's schema, so the service's grown claims table and its indexes do not
# slow it down), with every JVM stopped, and with no per-transaction log (even a 2 % sample cost a
# quarter of its throughput on a busy box): latency percentiles come from a separate logged run with
# the best client count after the rounds (BASELINE_SAMPLING > 0 logs that share of the measured runs
# instead). Every round tries each client count of BASELINE_CLIENTS; the report takes the best as
# the baseline and shows the others.
BASE_SCHEMA="baseline_$(tr 'A-Z' 'a-z' <<< "$RUN_ID")"
BASELINE_SAMPLING=${BENCH_BASELINE_SAMPLING:-0}
if wants baseline || wants baseline-factors; then
    "${PSQL[@]}" -v schema="$BASE_SCHEMA" -v coupon="$BASE" -v stock="$HOT_STOCK" \
        -f "$BENCH_DIR/sql/baseline-schema.sql" >/dev/null || die "could not create the baseline's tables"
    meta baseline_schema "$BASE_SCHEMA (fresh copy of the service's tables)"
    meta baseline_sampling "$BASELINE_SAMPLING"
fi
pgbench_run() { # result-name clients seconds schema mode [pgbench args...]: one pgbench run, CPU counted
    local name=$1 clients=$2 seconds=$3 schema=$4 mode=$5 jobs
    shift 5
    local coupon=$BASE round=$name
    jobs=$(( clients < WRK_THREADS ? clients : WRK_THREADS ))
    # The simple protocol pastes variables into the SQL text: there they must be literals.
    [[ $mode == simple ]] && coupon="'$BASE'" round="'$name'"
    cpu_begin ''
    (cd "$RUN_DIR" && PGOPTIONS="-c search_path=$schema" "$PG_BIN/pgbench" -n -M "$mode" -c "$clients" -j "$jobs" \
        -T "$seconds" -D coupon="$coupon" -D round="$round" -D seq=0 "$@" -f "$BENCH_DIR/pgbench/claim.sql" "$DB_URI") \
        > "$RUN_DIR/$name.pgbench.txt" 2>&1 \
        || { tail -20 "$RUN_DIR/$name.pgbench.txt" >&2; die "pgbench failed ($name)"; }
    cpu_end "$name" ''
}
pgbench_tps() { # result-name -> transactions/s
    awk '/^tps = / { print $3; exit }' "$RUN_DIR/$1.pgbench.txt"
}
baseline_round() { # round
    local r=$1 clients sampled
    focus
    for clients in $BASELINE_CLIENTS; do
        sampled=()
        if awk -v s="$BASELINE_SAMPLING" 'BEGIN { exit !(s > 0) }'; then
            sampled=(-l --sampling-rate="$BASELINE_SAMPLING" --log-prefix="baseline-c$clients.$r.log")
        fi
        log "baseline: pgbench, one SELECT ... FOR UPDATE transaction per claim, $clients clients, ${SLICE}s"
        pgbench_run "baseline-c$clients.$r" "$clients" "$SLICE" "$BASE_SCHEMA" prepared "${sampled[@]}"
        log "baseline: $(pgbench_tps "baseline-c$clients.$r") claims/s with $clients clients"
        INV_SCHEMA=$BASE_SCHEMA check_invariant "baseline-c$clients.$r" "$BASE"
    done
}
baseline_latency() { # a separate run with the best client count, every transaction logged
    local best
    best=$(best_baseline_clients)
    focus
    log "baseline: ${SLICE}s with $best clients and a per-transaction log, for the latency percentiles"
    pgbench_run "baseline-latency" "$best" "$SLICE" "$BASE_SCHEMA" prepared -l --log-prefix="baseline-latency.log"
    meta baseline_latency_clients "$best"
    INV_SCHEMA=$BASE_SCHEMA check_invariant "baseline-latency" "$BASE"
}
best_baseline_clients() { # the client count with the most transactions over all rounds
    local clients best='' best_tps=-1 tps
    for clients in $BASELINE_CLIENTS; do
        tps=$(cat "$RUN_DIR"/baseline-c"$clients".r*.pgbench.txt 2>/dev/null | awk '/^tps = / { s += $3 } END { print s + 0 }')
        if awk -v a="$tps" -v b="$best_tps" 'BEGIN { exit !(a > b) }'; then best=$clients best_tps=$tps; fi
    done
    echo "${best:-$CONNECTIONS}"
}
# What made the old baseline half as fast as a clean pgbench: each variant changes one thing
# against the strongest setting (or, "as-before", all the old ones at once); two interleaved passes.
baseline_factors() {
    local best pass variant clients schema mode extra jvms name
    best=$(best_baseline_clients)
    meta baseline_factors_clients "$best"
    for pass in 1 2; do
        for variant in strongest log-every sampled-log service-tables idle-service j1 simple c64 as-before; do
            clients=$best schema=$BASE_SCHEMA mode=prepared extra=() jvms='' name="factor-$variant.p$pass"
            case $variant in
                log-every) extra=(-l --log-prefix="$name.log") ;;
                sampled-log) extra=(-l --sampling-rate=0.02 --log-prefix="$name.log") ;;
                service-tables) schema=public ;;
                idle-service) jvms=app ;;
                j1) extra=(-j 1) ;;
                simple) mode=simple ;;
                c64) clients=64 ;;
                as-before) clients=64 schema=public jvms=app extra=(-l --log-prefix="$name.log") ;;
            esac
            focus $jvms
            pgbench_run "$name" "$clients" "$FACTOR_SECONDS" "$schema" "$mode" "${extra[@]}"
            log "baseline factor $variant (pass $pass): $(pgbench_tps "$name") claims/s"
        done
    done
    INV_SCHEMA=$BASE_SCHEMA check_invariant "factors-own" "$BASE"
    check_invariant "factors-service" "$BASE"
}

# ---------------------------------------------------------------- the engine harness
# One JVM for the whole run: it starts and warms up once, then measures a slice whenever told to.
if wants engine; then
    focus
    UNPACK_DIR=$(mktemp -d /tmp/coupons-bench-jar.XXXXXX)
    (cd "$UNPACK_DIR" && "$JAVA_HOME/bin/jar" xf "$JAR" BOOT-INF/classes BOOT-INF/lib) || die "could not unpack $JAR"
    CP="$UNPACK_DIR/BOOT-INF/classes:$UNPACK_DIR/BOOT-INF/lib/*"
    mkdir -p "$UNPACK_DIR/bench-classes"
    "$JAVA_HOME/bin/javac" -nowarn -d "$UNPACK_DIR/bench-classes" -cp "$CP" \
        "$BENCH_DIR/engine/EngineBench.java" > "$RUN_DIR/engine.javac.log" 2>&1 \
        || { cat "$RUN_DIR/engine.javac.log" >&2; die "EngineBench does not compile"; }
    ENGINE_OPTS=($ENGINE_JAVA_OPTS)
    [[ $PROFILE == 1 ]] && ENGINE_OPTS+=("-Dengine.jfr=true" "-Dengine.jfc=$JFC")
    mkfifo "$UNPACK_DIR/commands"
    log "engine: starting ClaimCouponService in-process ($CONNECTIONS $ENGINE_THREADS threads), ${WARMUP}s warm-up"
    BENCH_PG_POSTMASTER=$PG_POSTMASTER "$JAVA" "${ENGINE_OPTS[@]}" -cp "$UNPACK_DIR/bench-classes:$CP" EngineBench \
        "$CONNECTIONS" "$WARMUP" "$ENGINE" "$HOT_STOCK" "$RUN_DIR" "$ENGINE_THREADS" \
        < "$UNPACK_DIR/commands" > "$RUN_DIR/engine.log" 2>&1 &
    ENGINE_PID=$!
    JVM_PID[engine]=$ENGINE_PID
    exec {ENGINE_FD}> "$UNPACK_DIR/commands"
    wait_for_engine() { # pattern
        for _ in $(seq 1 1200); do
            grep -q "$1" "$RUN_DIR/engine.log" 2>/dev/null && return 0
            kill -0 "$ENGINE_PID" 2>/dev/null || { tail -40 "$RUN_DIR/engine.log" >&2; die "the engine harness died"; }
            sleep 0.25
        done
        die "the engine harness did not answer ($1)"
    }
    wait_for_engine '^READY'
    focus
fi

# ---------------------------------------------------------------- the scenarios, in rounds
# Each scenario's measured time is split into ROUNDS slices, and the rounds run one after the
# other, so a burst of load from the neighbours hits all scenarios alike instead of one of them.
for round in $(seq 1 "$ROUNDS"); do
    r="r$round"
    log "round $round of $ROUNDS (${SLICE}s per scenario; load average $(cut -d' ' -f1-3 /proc/loadavg))"
    meta "load_round_$round" "$(cut -d' ' -f1-3 /proc/loadavg)"

    if wants hot; then
        warm "$SETTLE" app claim "$HOT-warm" 201 - "s$round"
        log "hot: ${SLICE}s, $CONNECTIONS connections, every request a new user, on $HOT"
        measure hot "$r" app claim "$HOT" 201 - "m$round"
        check_invariant "hot.$r" "$HOT"
    fi

    if wants sold-out; then
        warm "$SETTLE" app claim "$SOLD" 409 COUPON_SOLD_OUT "s$round"
        log "sold-out: ${SLICE}s on $SOLD (every answer should be 409 COUPON_SOLD_OUT)"
        measure sold-out "$r" app claim "$SOLD" 409 COUPON_SOLD_OUT "m$round"
        check_invariant "sold-out.$r" "$SOLD"
    fi

    if wants liveness; then
        warm "$SETTLE" app get /actuator/health/liveness 200 - -
        log "liveness: ${SLICE}s of GET /actuator/health/liveness"
        measure liveness "$r" app get /actuator/health/liveness 200 - -
    fi

    if wants details; then
        warm "$SETTLE" app get "/api/coupons/$SMALL" 200 - -
        log "details: ${SLICE}s of GET /api/coupons/$SMALL"
        measure details "$r" app get "/api/coupons/$SMALL" 200 - -
        check_invariant "details.$r" "$SMALL"
    fi

    if wants bare; then
        warm "$SETTLE" bare get /up 200 - -
        log "bare: ${SLICE}s of GET /up on the bare Spring Boot app"
        measure bare "$r" bare get /up 200 - -
    fi

    for strategy in "${RIVALS[@]}"; do
        warm "$SETTLE" "$strategy" claim "$strategy-$RUN_ID-warm" 201 - "s$round"
        log "$strategy: ${SLICE}s of hot claims on the service with coupons.claims.strategy=$strategy"
        measure "$strategy" "$r" "$strategy" claim "$strategy-$RUN_ID" 201 - "m$round"
        check_invariant "$strategy.$r" "$strategy-$RUN_ID"
    done

    if wants baseline; then
        baseline_round "$r"
    fi

    if wants engine; then
        focus engine
        log "engine: ${SLICE}s of claims in-process on $ENGINE"
        echo "run $SLICE $r" >&"$ENGINE_FD"
        wait_for_engine "^DONE $r "
        focus
        check_invariant "engine.$r" "$ENGINE"
    fi
done

if wants baseline && ! awk -v s="$BASELINE_SAMPLING" 'BEGIN { exit !(s > 0) }'; then
    baseline_latency
fi

if wants baseline-factors; then
    log "baseline factors: ${FACTOR_SECONDS}s per variant, two passes"
    baseline_factors
fi

if wants engine; then
    focus engine
    echo quit >&"$ENGINE_FD"
    exec {ENGINE_FD}>&-
    wait "$ENGINE_PID" || log "the engine harness exited with $?"
    unset 'JVM_PID[engine]'
    ENGINE_PID=''
fi
focus "${!JVM_PID[@]}"

# ---------------------------------------------------------------- the spike: an open burst, once
# Not a closed loop: SPIKE_SHOPPERS shoppers, each opening a connection of its own and sending one
# claim with Connection: close, all released at the same instant (scripts/hardening/burst.py);
# a tenth repeat an earlier user. Measured once, after the rounds, on the warm service.
if wants spike; then
    focus app
    SPIKE="spike-$RUN_ID"
    create_coupon "$SPIKE" "$SPIKE_STOCK"
    log "spike: $SPIKE_SHOPPERS shoppers at once, a new connection each, on $SPIKE (stock $SPIKE_STOCK)"
    meta spike_load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
    sample_rss "$APP_PID" "$RUN_DIR/spike.r1.rss.txt" &
    RSS_PID=$!
    cpu_begin "$APP_PID"
    python3 "$ROOT/scripts/hardening/burst.py" --port "${APP##*:}" --coupon "$SPIKE" --shoppers "$SPIKE_SHOPPERS" \
        --stock "$SPIKE_STOCK" --prefix "$SPIKE" --timeout 120 --summary "$RUN_DIR/spike.r1.json" \
        > "$RUN_DIR/spike.r1.burst.txt" 2>&1 || log "spike: not every check passed (see spike.r1.burst.txt)"
    cpu_end "spike.r1" "$APP_PID"
    kill "$RSS_PID" 2>/dev/null || true; wait "$RSS_PID" 2>/dev/null || true; RSS_PID=''
    kill -0 "$APP_PID" 2>/dev/null && meta spike_service_alive yes || meta spike_service_alive no
    meta spike_stock "$SPIKE_STOCK"
    check_invariant "spike.r1" "$SPIKE"
fi

meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- report
if [[ $PROFILE == 1 ]]; then
    # A JFR file is a sequence of chunks: the slices of one scenario concatenate into one recording.
    for scenario in hot sold-out liveness bare engine; do
        compgen -G "$RUN_DIR/$scenario.r*.jfr" >/dev/null && cat "$RUN_DIR/$scenario".r*.jfr > "$RUN_DIR/$scenario.jfr"
    done
    for scenario in hot sold-out liveness bare engine; do
        rec="$RUN_DIR/$scenario.jfr"
        [[ -f $rec ]] || continue
        log "summarising $(basename "$rec")"
        python3 "$BENCH_DIR/profile.py" "$JAVA_HOME/bin/jfr" "$rec" > "${rec%.jfr}.profile.md" \
            || log "could not summarise $rec"
    done
fi
if [[ ${BENCH_UPDATE_README:-0} == 1 ]]; then
    BENCH_README="$ROOT/README.md" python3 "$BENCH_DIR/report.py" "$RUN_DIR" "$BENCH_DIR/results"
else
    python3 "$BENCH_DIR/report.py" "$RUN_DIR" "$BENCH_DIR/results"
fi
echo
cat "$RUN_DIR/results.md"
echo
log "results: $RUN_DIR (latest: bench/results/latest.md, bench/results/latest.svg)"
if [[ -f $RUN_DIR/violations ]]; then
    die "INVARIANT VIOLATED: $(cat "$RUN_DIR/violations")"
fi
