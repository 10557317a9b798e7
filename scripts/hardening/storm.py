#!/usr/bin/env python3
"""Claim storm for the hardening scripts: threads claiming one coupon for new users (every fifth
request repeats an earlier user of the same thread), recording every answer, plus a health prober.
Runs until the stop file appears; then writes one JSON object per line to --out."""
import argparse
import http.client
import json
import os
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--coupon", required=True)
p.add_argument("--threads", type=int, default=8)
p.add_argument("--prefix", default="storm")
p.add_argument("--out", required=True)
p.add_argument("--stop-file", required=True)
args = p.parse_args()

records = []
lock = threading.Lock()


def connect():
    return http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)


def claimer(n):
    conn = connect()
    mine = []
    i = 0
    while not os.path.exists(args.stop_file):
        i += 1
        user = f"{args.prefix}_{n}_{i // 5 * 2 if i % 5 == 0 else i}"
        body = json.dumps({"user_id": user, "coupon_name": args.coupon})
        start = time.time()
        rec = {"kind": "claim", "user": user, "start": start}
        try:
            conn.request("POST", "/api/coupons/claim", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            rec.update(status=resp.status, retry_after=resp.getheader("Retry-After"),
                       content_type=resp.getheader("Content-Type"))
            try:
                rec["code"] = json.loads(data).get("code")
            except ValueError:
                rec["code"] = None
        except Exception as e:  # connection refused or reset: the app is down
            rec.update(status=-1, error=type(e).__name__)
            conn.close()
            conn = connect()
            time.sleep(0.05)
        rec["end"] = time.time()
        mine.append(rec)
    with lock:
        records.extend(mine)


def prober():
    mine = []
    while not os.path.exists(args.stop_file):
        for path in ("/actuator/health/readiness", "/actuator/health/liveness"):
            start = time.time()
            rec = {"kind": "probe", "path": path, "start": start}
            try:
                conn = connect()
                conn.request("GET", path)
                resp = conn.getresponse()
                data = resp.read()
                rec.update(status=resp.status, state=json.loads(data).get("status"))
                conn.close()
            except Exception as e:
                rec.update(status=-1, error=type(e).__name__)
            rec["end"] = time.time()
            mine.append(rec)
        time.sleep(0.25)
    with lock:
        records.extend(mine)


threads = [threading.Thread(target=claimer, args=(n,)) for n in range(args.threads)]
threads.append(threading.Thread(target=prober))
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(args.out, "w") as f:
    for rec in records:
        f.write(json.dumps(rec) + "\n")
