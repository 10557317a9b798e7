#!/usr/bin/env bash
# Outage test: stop PostgreSQL (pg_ctl stop -m fast) for about 5 s under a claim storm and start it
# again. Checks: 503 with Retry-After while it is down (never another 5xx), readiness DOWN and
# liveness UP meanwhile, claims granted again within 5 s of the restart, every grant stored.
# Usage: scripts/hardening/outage.sh   (needs root for runuser; builds bootstrap/target/coupons.jar if missing)
source "$(dirname "$0")/lib.sh"
COUPON="OUTAGE_$$"
STOCK=1000000
OUTAGE_SECONDS=${OUTAGE_SECONDS:-5}

require_jar
pg_start
app_start -Xmx512m
log "PostgreSQL 15 on $PG_PORT, app (pid $APP_PID) on $APP_PORT"
[ "$(api_create "$COUPON" "$STOCK")" = 201 ] || { log "could not create the coupon"; exit 2; }

storm_start "$COUPON" 6 outage
sleep 3
log "pg_ctl stop -m fast"
DOWN_AT=$(now)
pg_ctl_stop_fast
STOPPED_AT=$(now)
sleep "$OUTAGE_SECONDS"
log "pg_ctl start"
pg_ctl_start
UP_AT=$(now)
sleep 10
storm_stop
kill -0 "$APP_PID" || { log "the app died"; exit 1; }

psql_q "SELECT user_id FROM claims WHERE coupon_name = '$COUPON'" > "$WORK/claims.txt"
psql_q "SELECT amount, remaining_amount, (SELECT count(*) FROM claims WHERE coupon_name = c.name),
               (SELECT count(DISTINCT user_id) FROM claims WHERE coupon_name = c.name)
        FROM coupons c WHERE name = '$COUPON'" > "$WORK/coupon.txt"

python3 - "$WORK" "$DOWN_AT" "$STOPPED_AT" "$UP_AT" <<'PY'
import collections, json, sys
work, down_at, stopped_at, up_at = sys.argv[1], *map(float, sys.argv[2:5])
recs = [json.loads(l) for l in open(f"{work}/storm.jsonl")]
claims = [r for r in recs if r["kind"] == "claim"]
probes = [r for r in recs if r["kind"] == "probe"]
stored = set(open(f"{work}/claims.txt").read().split())
amount, remaining, count, distinct = map(int, open(f"{work}/coupon.txt").read().strip().split("|"))
statuses = collections.Counter(r["status"] for r in claims)
inside = [r for r in claims if r["start"] >= stopped_at and r["end"] <= up_at]
during = [r for r in claims if down_at <= r["start"] < up_at]
unavailable = [r for r in claims if r["status"] == 503]
granted = {r["user"] for r in claims if r["status"] == 201}
first_after = min((r["end"] for r in claims if r["start"] >= up_at and r["status"] == 201), default=None)
settled = [r for r in claims if first_after is not None and r["start"] >= up_at + 5]
ready_down = [p for p in probes if p["path"].endswith("readiness") and p["start"] >= stopped_at and p["end"] <= up_at]
live = [p for p in probes if p["path"].endswith("liveness")]
longest = max(r["end"] - r["start"] for r in claims)
# Every fifth request repeats an earlier user: 409 COUPON_ALREADY_CLAIMED, for a user that holds it.
repeats = [r for r in claims if r["status"] == 409]
problems = []
if any(r["status"] not in (201, 409, 503) for r in claims):
    problems.append(f"answers other than 201/409/503: {dict(statuses)}")
if any(r.get("code") != "COUPON_ALREADY_CLAIMED" or r["user"] not in stored for r in repeats):
    problems.append("a 409 that is not an already-claimed repeat of a stored user")
if any(r["status"] != 503 for r in inside):
    problems.append(f"claims inside the outage not all 503: {collections.Counter(r['status'] for r in inside)}")
if not any(r["status"] == 503 for r in during):
    problems.append("no 503 for the claims started during the outage")
bad = [r for r in unavailable if not (r.get("retry_after") or "").isdigit()
       or not (r.get("content_type") or "").startswith("application/problem+json") or r.get("code") != "SERVICE_UNAVAILABLE"]
if bad: problems.append(f"{len(bad)} 503s without Retry-After or problem body, e.g. {bad[0]}")
if longest > 6.0: problems.append(f"a claim took {longest:.1f} s (deadline 5 s + 1 s)")
if first_after is None or first_after - up_at > 5: problems.append("no grant within 5 s after the restart")
if any(r["status"] not in (201, 409) for r in settled): problems.append(f"not all granted after recovery: {collections.Counter(r['status'] for r in settled)}")
if not ready_down or any(p["status"] != 503 or p.get("state") != "DOWN" for p in ready_down):
    problems.append(f"readiness not DOWN during the outage: {[(p['status'], p.get('state')) for p in ready_down]}")
if any(p["status"] != 200 or p.get("state") != "UP" for p in live): problems.append("liveness not always UP")
if granted - stored: problems.append(f"{len(granted - stored)} granted users missing from claims")
if amount != remaining + count or distinct != count: problems.append(f"invariant broken: {amount} {remaining} {count} {distinct}")
print(f"requests {len(claims)} by status {dict(sorted(statuses.items()))}; started during the outage {len(during)} "
      f"({collections.Counter(r['status'] for r in during)}); 503 in total {len(unavailable)}, all with Retry-After "
      f"{sorted({r.get('retry_after') for r in unavailable})}")
print(f"pg_ctl stop took {stopped_at - down_at:.2f} s; longest claim {longest:.2f} s; readiness probes inside the "
      f"outage {collections.Counter((p['status'], p.get('state')) for p in ready_down)}; liveness {collections.Counter((p['status'], p.get('state')) for p in live)}")
print(f"first grant {first_after - up_at:.2f} s after pg_ctl start returned" if first_after else "no grant after restart")
print(f"granted {len(granted)}, repeats answered 409 already claimed {len(repeats)}, stored {count}; coupon: amount {amount} = remaining {remaining} + claims {count}: {amount == remaining + count}")
print(("PASS" if not problems else "FAIL") + f" outage: {len(unavailable)} x 503 with Retry-After during a "
      f"{up_at - down_at:.1f} s database stop, recovery in {(first_after - up_at) if first_after else -1:.2f} s, "
      f"all {len(granted)} grants stored" + ("" if not problems else ": " + "; ".join(problems)))
sys.exit(1 if problems else 0)
PY
