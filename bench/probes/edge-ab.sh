#!/usr/bin/env bash
# A/B of the HTTP edge: JVMs started with different args, measured by turns on one path with
# the others SIGSTOPped. usage: edge-ab.sh seconds rounds "name|jar|path|args" ...
# PostgreSQL on 127.0.0.1:18501 (started once, left running: stop it with pg_ctl -D $PGD/data stop), JVMs
# on 18510 and up. Example (the keep-alive A/B of FINDINGS 9):
#   bench/probes/edge-ab.sh 8 4 "inf|bench/bare/target/bare.jar|/up|--server.tomcat.max-keep-alive-requests=-1" \
#       "100|bench/bare/target/bare.jar|/up|--server.tomcat.max-keep-alive-requests=100"
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"   # jar paths are relative to the repository
SECS=$1 ROUNDS=$2; shift 2
OPTS=$(scripts/image-java-opts.sh)
PGD=${EDGE_PG_DIR:-/tmp/edge-ab-pg}
if [[ ! -f $PGD/data/postmaster.pid ]]; then
  rm -rf $PGD; mkdir -p $PGD; chown postgres: $PGD
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D $PGD/data -U postgres --auth=trust >/dev/null
  printf "listen_addresses='127.0.0.1'\nport=18501\nunix_socket_directories='$PGD'\nmax_connections=200\nshared_buffers=256MB\n" >> $PGD/data/postgresql.conf
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D $PGD/data -l $PGD/log -w start >/dev/null
  psql -h 127.0.0.1 -p 18501 -U postgres -c 'CREATE DATABASE coupons' >/dev/null
fi
export SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:18501/coupons SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=x
declare -A PID URL P; NAMES=(); port=18510
for spec in "$@"; do
  IFS='|' read -r name jar path args <<< "$spec"; P[$name]=$path
  SERVER_PORT=$port $JAVA_HOME/bin/java $OPTS -jar $jar $args > $PGD/$name.log 2>&1 &
  PID[$name]=$!; URL[$name]=http://127.0.0.1:$port; NAMES+=($name); port=$((port+1))
  until curl -sf -o /dev/null ${URL[$name]}${P[$name]}; do sleep 1; kill -0 ${PID[$name]}; done
  kill -STOP ${PID[$name]}
  echo "$name up (pid ${PID[$name]})"
done
trap 'for p in ${PID[@]}; do kill -CONT $p; kill $p; done' EXIT
ticks() { sed 's/^.*) //' /proc/$1/stat | awk '{print $12+$13}'; }
for n in "${NAMES[@]}"; do kill -CONT ${PID[$n]}; wrk -t2 -c64 -d${SECS}s ${URL[$n]}${P[$n]} >/dev/null; kill -STOP ${PID[$n]}; done
for r in $(seq 1 $ROUNDS); do
  for n in "${NAMES[@]}"; do
    kill -CONT ${PID[$n]}; wrk -t2 -c64 -d3s ${URL[$n]}${P[$n]} >/dev/null
    a=$(ticks ${PID[$n]})
    out=$(wrk -t2 -c64 -d${SECS}s --latency ${URL[$n]}${P[$n]})
    b=$(ticks ${PID[$n]})
    kill -STOP ${PID[$n]}
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out"); p50=$(awk '$1=="50%" {print $2}' <<< "$out"); p99=$(awk '$1=="99%" {print $2}' <<< "$out")
    awk -v n=$n -v r=$r -v rps=$rps -v t=$((b-a)) -v s=$SECS -v p50=$p50 -v p99=$p99 -v la="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN { printf "round %d %-12s %8.0f req/s  cpu %.3f ms/req  p50 %s p99 %s load %s\n", r, n, rps, t*10/(rps*s), p50, p99, la }'
  done
done
