#!/usr/bin/env bash
# Crash test: kill -9 the service in the middle of a claim storm, start it again, and check in SQL
# that no grant a client saw was lost and the coupon's stock still adds up.
# Usage: scripts/hardening/crash.sh   (needs root for runuser; builds bootstrap/target/coupons.jar if missing)
source "$(dirname "$0")/lib.sh"
COUPON="CRASH_$$"
STOCK=1000000

require_jar
pg_start
app_start -Xmx512m
log "PostgreSQL 15 on $PG_PORT, app (pid $APP_PID) on $APP_PORT"
[ "$(api_create "$COUPON" "$STOCK")" = 201 ] || { log "could not create the coupon"; exit 2; }

storm_start "$COUPON" 8 crash
sleep 4
KILL_AT=$(now)
kill -9 "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
log "killed the app with SIGKILL mid-storm"
app_start -Xmx512m
RESTARTED_AT=$(now)
log "restarted the app (pid $APP_PID)"
sleep 5
storm_stop

psql_q "SELECT user_id FROM claims WHERE coupon_name = '$COUPON'" > "$WORK/claims.txt"
psql_q "SELECT amount, remaining_amount, (SELECT count(*) FROM claims WHERE coupon_name = c.name),
               (SELECT count(DISTINCT user_id) FROM claims WHERE coupon_name = c.name)
        FROM coupons c WHERE name = '$COUPON'" > "$WORK/coupon.txt"

python3 - "$WORK" "$KILL_AT" "$RESTARTED_AT" <<'PY'
import collections, json, sys
work, kill_at, restarted_at = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
recs = [json.loads(l) for l in open(f"{work}/storm.jsonl")]
claims = [r for r in recs if r["kind"] == "claim"]
stored = set(open(f"{work}/claims.txt").read().split())
amount, remaining, count, distinct = map(int, open(f"{work}/coupon.txt").read().strip().split("|"))
before = [r for r in claims if r["end"] < kill_at]
after = [r for r in claims if r["start"] > restarted_at]
granted_before = {r["user"] for r in before if r["status"] == 201}
granted_all = {r["user"] for r in claims if r["status"] == 201}
asked = {r["user"] for r in claims}
statuses = collections.Counter(r["status"] for r in claims)
lost = granted_all - stored
problems = []
if lost: problems.append(f"{len(lost)} granted users missing from claims, e.g. {sorted(lost)[:5]}")
if amount != remaining + count: problems.append(f"invariant broken: {amount} != {remaining} + {count}")
if remaining < 0: problems.append("negative stock")
if distinct != count: problems.append(f"a user holds the coupon twice: {count} claims, {distinct} users")
if stored - asked: problems.append(f"{len(stored - asked)} claims nobody asked for")
if not granted_before: problems.append("no grant before the kill: the storm did not run")
if not any(r["status"] == 201 for r in after): problems.append("no grant after the restart")
if any(r["status"] >= 500 and r["status"] != 503 for r in claims): problems.append("5xx other than 503")
if any(r["status"] == 409 and (r.get("code") != "COUPON_ALREADY_CLAIMED" or r["user"] not in stored) for r in claims):
    problems.append("a 409 that is not an already-claimed repeat of a stored user")
print(f"requests {len(claims)} by status {dict(sorted(statuses.items()))} (-1 = no answer: app down)")
print(f"granted before kill {len(granted_before)}, granted after restart {sum(r['status'] == 201 for r in after)}, "
      f"granted in total {len(granted_all)}; claims stored {count}; stored without a 201 seen "
      f"(in flight at the kill or answered 409 to a repeat) {len(stored - granted_all)}")
print(f"coupon: amount {amount} = remaining {remaining} + claims {count}: {amount == remaining + count}")
print(("PASS" if not problems else "FAIL") + f" crash: every one of {len(granted_before)} grants seen before "
      f"kill -9 (and {len(granted_all)} overall) is stored, invariant holds"
      + ("" if not problems else ": " + "; ".join(problems)))
sys.exit(1 if problems else 0)
PY
