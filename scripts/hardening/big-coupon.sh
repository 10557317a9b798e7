#!/usr/bin/env bash
# Big coupon: GET /api/coupons/{name} for a coupon with 1,000,000 claims, the app on a 256 MB heap.
# Claims are inserted straight with SQL; the answer must list all of them in claim (id) order.
# Usage: [HEAP=256m] scripts/hardening/big-coupon.sh [claims]   (needs root for runuser; builds the jar if missing)
source "$(dirname "$0")/lib.sh"
CLAIMS=${1:-1000000}
COUPON="BIG_$$"

require_jar
pg_start
HEAP=${HEAP:-256m}
app_start "-Xmx$HEAP"
log "PostgreSQL 15 on $PG_PORT, app (pid $APP_PID, -Xmx$HEAP) on $APP_PORT"
[ "$(api_create "$COUPON" "$CLAIMS")" = 201 ] || { log "could not create the coupon"; exit 2; }
log "inserting $CLAIMS claims with generate_series"
psql_q "INSERT INTO claims (coupon_name, user_id)
        SELECT '$COUPON', 'user_' || lpad(g::text, 7, '0') FROM generate_series(1, $CLAIMS) g ORDER BY g;
        UPDATE coupons SET remaining_amount = 0, version = version + 1 WHERE name = '$COUPON';
        ANALYZE claims;" >/dev/null
rss() { awk '/^VmRSS/ {print $2}' "/proc/$APP_PID/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status"; }
log "app RSS before: $(( $(rss) / 1024 )) MB (peak so far $(( $(hwm) / 1024 )) MB)"

# Sample RSS while the answer streams, for the peak during the request itself.
( peak=0; while [ ! -f "$WORK/sampled" ]; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; echo $peak > "$WORK/peak"; sleep 0.05; done ) &
SAMPLER=$!
RESULTS=""
for run in 1 2; do
    out=$(curl -s -o "$WORK/big.json" -w '%{http_code} %{time_total} %{size_download}' \
        "http://127.0.0.1:$APP_PORT/api/coupons/$COUPON")
    log "GET run $run: status, seconds, bytes = $out"
    RESULTS="$RESULTS $out"
done
touch "$WORK/sampled"; wait $SAMPLER
PEAK_KB=$(cat "$WORK/peak")
HWM_KB=$(hwm)
kill -0 "$APP_PID" || { log "the app died"; exit 1; }
grep -q OutOfMemoryError "$WORK/app.log" && { log "OutOfMemoryError in the app log"; exit 1; }

python3 - "$WORK/big.json" "$COUPON" "$CLAIMS" "$PEAK_KB" "$HWM_KB" "$HEAP" $RESULTS <<'PY'
import json, sys
path, coupon, n, peak_kb, hwm_kb, heap = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
runs = [sys.argv[7 + 3 * i: 10 + 3 * i] for i in range(2)]
doc = json.load(open(path))
claimed = doc["claimed_by"]
expected = [f"user_{i:07d}" for i in range(1, n + 1)]
problems = []
if any(r[0] != "200" for r in runs): problems.append(f"statuses {[r[0] for r in runs]}")
if doc["name"] != coupon or doc["amount"] != n or doc["remaining_amount"] != 0: problems.append(f"header fields {doc['name']} {doc['amount']} {doc['remaining_amount']}")
if len(claimed) != n: problems.append(f"{len(claimed)} entries instead of {n}")
elif claimed != expected: problems.append("claimed_by not in id (claim) order")
print(f"claimed_by: {len(claimed)} entries, in id order: {claimed == expected}; body {int(runs[0][2]) / 1e6:.1f} MB")
print(f"time: first GET {float(runs[0][1]):.2f} s, second GET {float(runs[1][1]):.2f} s; app peak RSS during the GETs "
      f"{peak_kb // 1024} MB, process peak RSS (VmHWM) {hwm_kb // 1024} MB, heap -Xmx{heap}")
print(("PASS" if not problems else "FAIL") + f" big-coupon: {len(claimed)} claimants listed in claim order with -Xmx{heap} "
      f"in {float(runs[0][1]):.2f} s (peak RSS {hwm_kb // 1024} MB)" + ("" if not problems else ": " + "; ".join(problems)))
sys.exit(1 if problems else 0)
PY
