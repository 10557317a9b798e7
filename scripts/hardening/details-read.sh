#!/usr/bin/env bash
# Details read: GET /api/coupons/{name} of a 300,000- and a 1,000,000-claimant coupon with the image's
# JVM flags (time to first byte = how long the read holds its connection, total time, peak heap after
# GC, peak RSS), then requests/s of a tiny coupon's details with wrk (open, sold out, If-None-Match).
# Usage: [JAR_UNDER_TEST=path/to/coupons.jar] [PG_PORT=..] [APP_PORT=..] scripts/hardening/details-read.sh
# (needs root for runuser, and wrk; builds the jar if missing)
source "$(dirname "$0")/lib.sh"
if [ -n "${JAR_UNDER_TEST:-}" ]; then cp "$JAR_UNDER_TEST" "$JAR"; else require_jar; fi
pg_start
# shellcheck disable=SC2046 # the flags are words
app_start $("$ROOT/scripts/image-java-opts.sh") "-Xlog:gc:file=$WORK/gc.log"
log "PostgreSQL 15 on $PG_PORT, app (pid $APP_PID, the Dockerfile's flags) on $APP_PORT; load: $(cut -d' ' -f1-3 /proc/loadavg)"
base="http://127.0.0.1:$APP_PORT/api/coupons"
for claims in 300000 1000000; do
    coupon="BIG_$claims"
    [ "$(api_create "$coupon" "$claims")" = 201 ] || { log "could not create $coupon"; exit 2; }
    psql_q "INSERT INTO claims (coupon_name, user_id)
            SELECT '$coupon', 'user_' || lpad(g::text, 7, '0') FROM generate_series(1, $claims) g ORDER BY g;
            UPDATE coupons SET remaining_amount = 0, version = version + 1 WHERE name = '$coupon'; ANALYZE claims;"
    for run in 1 2; do
        out=$(curl -s -o "$WORK/big.json" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' "$base/$coupon")
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); n=int(sys.argv[2]); c=d['claimed_by']; \
assert len(c)==n and c[0]=='user_0000001' and c[-1]=='user_%07d'%n, 'incomplete or out of order'" "$WORK/big.json" "$claims"
        read -r status ttfb total bytes <<<"$out"
        log "$claims claimants, GET $run: $status, first byte after ${ttfb}s (the read), all $bytes bytes after ${total}s; complete, in order"
    done
done
kill -0 "$APP_PID" || { log "the app died"; exit 1; }
peak_heap=$(grep -oE '[0-9]+M->' "$WORK/gc.log" | sed 's/M->//' | sort -n | tail -1)
max_heap=$("$ROOT/scripts/image-java-opts.sh" | grep -oE -- '-Xmx[0-9]+[mMgG]' | tail -1)
log "peak heap before a GC: ${peak_heap} MB (${max_heap}); process peak RSS $(( $(awk '/^VmHWM/ {print $2}' /proc/$APP_PID/status) / 1024 )) MB"

api_create TINY 5 >/dev/null; api_create TINY_GONE 2 >/dev/null
for u in a b c; do curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"user_id\":\"$u\",\"coupon_name\":\"TINY\"}" "$base/claim"; done
for u in a b; do curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"user_id\":\"$u\",\"coupon_name\":\"TINY_GONE\"}" "$base/claim"; done
etag=$(curl -s -D - -o /dev/null "$base/TINY" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
# CPU per request, app and PostgreSQL, is what a busy machine distorts least; req/s is shown too.
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
pg_pids() { local pm; pm=$(head -1 "$WORK/pg/postmaster.pid"); echo "$pm" $(ps -o pid= --ppid "$pm"); }
bench() {  # bench label wrk-args...: one line with req/s and CPU ms per request
    local label=$1; shift
    local pids a0 p0 out n
    pids=$(pg_pids); a0=$(ticks "$APP_PID"); p0=$(ticks $pids)
    out=$(wrk -t1 -c16 -d10s "$@")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    python3 -c "import sys; n,a,p=int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]); \
print(f'{sys.argv[1]}: {sys.argv[5]} req/s; CPU per request: app {a*10/n:.3f} ms, PostgreSQL {p*10/n:.3f} ms')" \
        "$label" "$n" $(( $(ticks "$APP_PID") - a0 )) $(( $(ticks $pids) - p0 )) "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
}
wrk -t1 -c16 -d5s "$base/TINY" >/dev/null   # warm-up
log "wrk -t1 -c16 -d10s, load $(cut -d' ' -f1-3 /proc/loadavg):"
bench "  tiny coupon (3 claims) details" "$base/TINY"
bench "  sold-out coupon (2 claims) details" "$base/TINY_GONE"
bench "  tiny coupon, If-None-Match ${etag:-none}" -H "If-None-Match: ${etag:-none}" "$base/TINY"
bench "  liveness" "http://127.0.0.1:$APP_PORT/actuator/health/liveness"
