#!/usr/bin/env bash
# Spike: SHOPPERS (10,000) shoppers at once on one coupon of stock STOCK (1,000), each on a TCP
# connection of its own with one POST /api/coupons/claim (Connection: close), a tenth repeating an
# earlier user; the packaged jar runs with the Dockerfile's JAVA_OPTS, read from the Dockerfile.
# Prints the time to sell out and to the last answer, p50/p99 of the answers, the count of each
# status (503s among them), peak RSS (VmHWM from /proc) and the service's CPU time.
# Checks: alive afterwards, no OutOfMemoryError, every connection answered, exactly STOCK x 201,
# only 201 / 409 with the right code / 503 with Retry-After, claimed_by = the 201s, invariant in SQL.
# Usage: [SHOPPERS=10000] [STOCK=1000] scripts/hardening/spike.sh   (root; builds the jar if missing)
source "$(dirname "$0")/lib.sh"
SHOPPERS=${SHOPPERS:-10000}
STOCK=${STOCK:-1000}
COUPON="SPIKE_$$"
RSS_TARGET_MB=${RSS_TARGET_MB:-400}

# The image's flags exactly as the Dockerfile sets them, so that this run never drifts from it.
JAVA_OPTS=$("$ROOT/scripts/image-java-opts.sh")

require_jar
pg_start
# shellcheck disable=SC2086 # the flags are words
app_start $JAVA_OPTS
log "PostgreSQL 15 on $PG_PORT, app (pid $APP_PID) on $APP_PORT with: $JAVA_OPTS"
grep -o 'HTTP bounds.*' "$WORK/app.log" | head -1 | sed 's/^/    /' || true
[ "$(api_create "$COUPON" "$STOCK")" = 201 ] || { log "could not create the coupon"; exit 2; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CPU_BEFORE=$(cpu_ticks)
log "burst: $SHOPPERS shoppers at once on $COUPON (stock $STOCK); load average $LOAD_BEFORE"
set +e
python3 "$ROOT/scripts/hardening/burst.py" --port "$APP_PORT" --coupon "$COUPON" --shoppers "$SHOPPERS" \
    --stock "$STOCK" --out "$WORK/answers.jsonl" --summary "$WORK/summary.json" --timeout 120
BURST_RC=$?
set -e
CPU_MS=$(( ($(cpu_ticks) - CPU_BEFORE) * 1000 / $(getconf CLK_TCK) ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

ALIVE=yes
kill -0 "$APP_PID" 2>/dev/null || ALIVE=no
grep -q OutOfMemoryError "$WORK/app.log" && ALIVE="no (OutOfMemoryError)"
HWM_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
STATE=$(psql_q "SELECT amount || ' ' || remaining_amount || ' ' || (SELECT count(*) FROM claims WHERE coupon_name = name)
                || ' ' || (SELECT count(DISTINCT user_id) FROM claims WHERE coupon_name = name) FROM coupons WHERE name = '$COUPON'")
curl -s -o "$WORK/details.json" "http://127.0.0.1:$APP_PORT/api/coupons/$COUPON" || true

python3 - "$WORK" "$STOCK" "$ALIVE" "$HWM_KB" "$RSS_TARGET_MB" "$CPU_MS" "$LOAD_BEFORE" "$LOAD_AFTER" "$STATE" "$BURST_RC" <<'PY'
import json, sys
work, stock, alive, hwm_kb, rss_target, cpu_ms, load_before, load_after, state, burst_rc = sys.argv[1:11]
stock, hwm_mb, cpu_ms = int(stock), int(hwm_kb) // 1024, int(cpu_ms)
s = json.load(open(f"{work}/summary.json"))
answers = [json.loads(line) for line in open(f"{work}/answers.jsonl")]
problems = list(s["problems"])
if alive != "yes":
    problems.append(f"the service is not alive: {alive}")
amount, remaining, claims, distinct = (int(x) for x in state.split())
if amount != remaining + claims or distinct != claims:
    problems.append(f"invariant: amount {amount}, remaining {remaining}, claims {claims}, distinct {distinct}")
winners = {r["user"] for r in answers if r.get("status") == 201}
try:
    claimed_by = json.load(open(f"{work}/details.json"))["claimed_by"]
except (ValueError, KeyError):
    claimed_by = None
if claimed_by is None or sorted(claimed_by) != sorted(winners):
    problems.append("claimed_by differs from the users answered 201")
for r in answers:
    if r.get("code") == "COUPON_ALREADY_CLAIMED" and r["user"] not in winners:
        problems.append(f"already claimed answered to {r['user']}, who holds nothing"); break
    if r.get("code") == "COUPON_SOLD_OUT" and r["user"] in winners:
        problems.append(f"sold out answered to holder {r['user']}"); break
if hwm_mb > int(rss_target):
    problems.append(f"peak RSS {hwm_mb} MB over the {rss_target} MB target")

def secs(v):
    return "—" if v is None else f"{v:.2f} s"

print(f"shoppers {s['shoppers']} ({s['distinct_users']} distinct), stock {stock}: answered {s['answered']}, "
      f"without an answer {s['without_answer']} {s['errors'] or ''}")
print(f"statuses: {s['statuses']}; 503: {s['busy_503']} ({s['busy_503_without_retry_after']} without Retry-After)")
print(f"time to sell out {secs(s['sold_out_s'])}, to the last answer {secs(s['last_answer_s'])}; "
      f"answers p50 {secs(s['p50_s'])}, p99 {secs(s['p99_s'])}; slowest connect {secs(s['max_connect_s'])}")
print(f"service: alive {alive}, peak RSS (VmHWM) {hwm_mb} MB, CPU {cpu_ms / 1000:.1f} s "
      f"({cpu_ms / s['shoppers']:.2f} ms per shopper); database: {claims} claims, remaining {remaining}/{amount}")
print(f"load average before {load_before}, after {load_after} (the machine's, shared)")
print(("PASS" if not problems else "FAIL") + f" spike: {s['shoppers']} shoppers at once, stock {stock}: "
      f"{s['granted']} x 201, {s['busy_503']} x 503, sold out in {secs(s['sold_out_s'])}, last answer "
      f"{secs(s['last_answer_s'])}, p99 {secs(s['p99_s'])}, peak RSS {hwm_mb} MB"
      + ("" if not problems else ": " + "; ".join(problems)))
sys.exit(1 if problems else 0)
PY
