#!/usr/bin/env python3
"""An open burst of shoppers: each opens its own TCP connection and sends one
POST /api/coupons/claim with `Connection: close`, all released at the same moment (an asyncio
event set once every shopper is waiting on it). Every tenth shopper repeats the user of an
earlier one (--repeat-every 0 turns that off). Python 3 standard library only, so it runs on any
host that can reach the service (the compose smoke test uses it against the container).

    burst.py --port 8080 --coupon SPIKE --shoppers 10000 [--stock 1000] [--out answers.jsonl] [--summary summary.json]

Prints a summary: time to sell out (the stock-th 201), time to the last answer, p50/p99 of the
answers (from the release to the end of the answer, connection set-up included), the count of
each status and code, 503s without Retry-After, and connections without an HTTP answer (refused,
reset, timed out, closed without a status line). Exit status 0 when every shopper got an HTTP
answer that is 201, 409 COUPON_ALREADY_CLAIMED / COUPON_SOLD_OUT or 503 with Retry-After, and,
with --stock, exactly that many 201s; 1 otherwise.
"""
import argparse
import asyncio
import json
import re
import resource
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--host", default="127.0.0.1")
p.add_argument("--port", type=int, required=True)
p.add_argument("--coupon", required=True)
p.add_argument("--shoppers", type=int, default=10_000)
p.add_argument("--stock", type=int, help="expected 201s (exactly this many); omit to not check")
p.add_argument("--prefix", default="shopper")
p.add_argument("--repeat-every", type=int, default=10, help="every n-th shopper repeats an earlier user (0: none)")
p.add_argument("--timeout", type=float, default=90.0, help="seconds a shopper waits for connection and answer")
p.add_argument("--out", help="one JSON object per shopper")
p.add_argument("--summary", help="the summary as JSON")
args = p.parse_args()

# One descriptor per shopper: raise the soft limit as far as the hard one allows.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft != resource.RLIM_INFINITY and soft < args.shoppers + 100:
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard == resource.RLIM_INFINITY else min(hard, 1 << 20), hard))
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
if soft != resource.RLIM_INFINITY and soft < args.shoppers + 100:
    sys.exit(f"open files limit {soft} is below {args.shoppers + 100} shoppers; raise `ulimit -n`")

CODE = re.compile(rb'"code"\s*:\s*"([A-Z_]+)"')
USER = re.compile(rb'"user_id"\s*:\s*"([^"]*)"')
ALLOWED_409 = {"COUPON_ALREADY_CLAIMED", "COUPON_SOLD_OUT"}


def user_of(i):
    if args.repeat_every and i % args.repeat_every == args.repeat_every - 1:
        return f"{args.prefix}_{i - args.repeat_every + 1}"
    return f"{args.prefix}_{i}"


def request(user):
    body = json.dumps({"user_id": user, "coupon_name": args.coupon}).encode()
    head = (f"POST /api/coupons/claim HTTP/1.1\r\nHost: {args.host}:{args.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    return head.encode() + body


async def shopper(i, go, records):
    user = user_of(i)
    data = request(user)
    rec = {"i": i, "user": user}
    await go.wait()
    start = time.monotonic()
    writer = None

    async def exchange():
        nonlocal writer
        reader, writer = await asyncio.open_connection(args.host, args.port)
        rec["connected_s"] = time.monotonic() - start
        writer.write(data)
        await writer.drain()
        return await reader.read(-1)  # the server closes after its answer

    try:
        rec.update(parse(await asyncio.wait_for(exchange(), args.timeout)))
    except asyncio.TimeoutError:  # not the builtin TimeoutError before Python 3.11
        rec["error"] = "timeout"
    except ConnectionRefusedError:
        rec["error"] = "refused"
    except ConnectionResetError:
        rec["error"] = "reset"
    except OSError as e:
        rec["error"] = f"{type(e).__name__}: {e.strerror or e}"
    finally:
        if writer is not None:
            writer.close()
    rec["answered_s"] = time.monotonic() - start
    records.append(rec)


def parse(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    if not lines or not lines[0].startswith(b"HTTP/1.1 "):
        return {"error": "closed without an answer" if not raw else "not HTTP"}
    out = {"status": int(lines[0].split()[1])}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"retry-after":
            out["retry_after"] = value.strip().decode()
    code = CODE.search(body)
    if code:
        out["code"] = code.group(1).decode()
    granted = USER.search(body)
    if granted and out["status"] == 201:
        out["granted_user"] = granted.group(1).decode()
    return out


async def burst():
    go = asyncio.Event()
    records = []
    tasks = [asyncio.create_task(shopper(i, go, records)) for i in range(args.shoppers)]
    await asyncio.sleep(0.2)  # every task is parked on the event
    released = time.time()
    go.set()
    await asyncio.gather(*tasks)
    return released, records


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(q / 100 * len(values) + 0.5)) - 1))]


released, records = asyncio.run(burst())
records.sort(key=lambda r: r["i"])
if args.out:
    with open(args.out, "w") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")

outcomes, errors, problems = {}, {}, []
for r in records:
    if "status" in r:
        key = str(r["status"]) + (f" {r['code']}" if r.get("code") else "")
        outcomes[key] = outcomes.get(key, 0) + 1
    else:
        errors[r["error"]] = errors.get(r["error"], 0) + 1
answered = [r for r in records if "status" in r]
granted = sorted((r for r in answered if r["status"] == 201), key=lambda r: r["answered_s"])
busy = [r for r in answered if r["status"] == 503]
busy_without_retry_after = sum(1 for r in busy if not r.get("retry_after"))
latencies = [r["answered_s"] for r in answered]
stock_reached = args.stock is not None and len(granted) >= args.stock
summary = {
    "shoppers": args.shoppers,
    "distinct_users": len({user_of(i) for i in range(args.shoppers)}),
    "released_epoch_s": released,
    "answered": len(answered),
    "without_answer": len(records) - len(answered),
    "errors": errors,
    "statuses": dict(sorted(outcomes.items())),
    "granted": len(granted),
    "busy_503": len(busy),
    "busy_503_without_retry_after": busy_without_retry_after,
    "sold_out_s": granted[args.stock - 1]["answered_s"] if stock_reached else None,
    "last_grant_s": granted[-1]["answered_s"] if granted else None,
    "last_answer_s": max(latencies) if latencies else None,
    "p50_s": percentile(latencies, 50),
    "p99_s": percentile(latencies, 99),
    "max_connect_s": max((r.get("connected_s", 0) for r in records), default=None),
}
unexpected = {k: v for k, v in outcomes.items()
              if not (k == "201" or k.startswith("503") or (k.startswith("409 ") and k[4:] in ALLOWED_409))}
if summary["without_answer"]:
    problems.append(f"{summary['without_answer']} connections without an HTTP answer {errors}")
if unexpected:
    problems.append(f"unexpected answers {unexpected}")
if busy_without_retry_after:
    problems.append(f"{busy_without_retry_after} × 503 without Retry-After")
if args.stock is not None and len(granted) != args.stock:
    problems.append(f"{len(granted)} × 201 instead of exactly {args.stock}")
granted_users = [r.get("granted_user") for r in granted]
if len(set(granted_users)) != len(granted_users):
    problems.append("a user was granted twice")
summary["problems"] = problems
if args.summary:
    with open(args.summary, "w") as f:
        json.dump(summary, f, indent=1)


def secs(v):
    return "—" if v is None else f"{v:.2f} s"


print(f"burst: {args.shoppers} shoppers ({summary['distinct_users']} distinct users) on {args.coupon}: "
      f"{summary['answered']} answered, {summary['without_answer']} without an answer {errors or ''}")
print(f"  statuses: {summary['statuses']}")
print(f"  sold out after {secs(summary['sold_out_s'])}, last 201 after {secs(summary['last_grant_s'])}, "
      f"last answer after {secs(summary['last_answer_s'])}; answers p50 {secs(summary['p50_s'])}, "
      f"p99 {secs(summary['p99_s'])}; slowest connect {secs(summary['max_connect_s'])}; "
      f"503: {len(busy)} ({busy_without_retry_after} without Retry-After)")
for problem in problems:
    print(f"  PROBLEM: {problem}")
sys.exit(1 if problems else 0)
